// Property tests on segmentation: for any line — verse of any length, rare characters outside the
// Basic Multilingual Plane, Latin, digits, punctuation, nothing at all — segmentLine never throws,
// its segments rebuild the line exactly with offsets that never split a character, and the pause
// points fall inside the line in order; a regular 五言/七言 line is never cut across its caesura.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { caesuraFor, caesuraInCharacters, segmentLine, type LineSegmentation, type Meter } from './segmentation.js';

const SEED = 20_250_902;
const RUNS = 200;

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
/** Mostly characters of verse, so that lexicon words, numbers with measures and reduplication occur. */
const verseChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'月明山水江风花雨雪云春秋夜人舟柳孤白日落天长归思愁酒楼城关雁烟霜寒客故乡一三千万里杯声寻觅冷清'.split('')) },
  { weight: 2, arbitrary: cjk },
);
const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
const other = fc.constantFrom('a', 'Z', '7', ' ', '，', '。', '、', '😀', '□', '\u3000', 'é');
const verseLine = fc.string({ unit: verseChar, minLength: 1, maxLength: 16 });
const anyLine = fc.string({ unit: fc.oneof({ weight: 6, arbitrary: verseChar }, { weight: 1, arbitrary: rare }, { weight: 1, arbitrary: other }), maxLength: 24 });
const meter = fc.constantFrom<Meter>('regular', 'free');

/** UTF-16 offsets where a character starts or the line ends. */
function boundaries(line: string): Set<number> {
  const at = new Set([0]);
  let offset = 0;
  for (const char of line) at.add((offset += char.length));
  return at;
}

function checkSegmentation(line: string, result: LineSegmentation): void {
  assert.equal(result.line, line);
  assert.equal(result.segments.map((segment) => segment.text).join(''), line, 'the segments rebuild the line');
  const at = boundaries(line);
  let offset = 0;
  for (const segment of result.segments) {
    assert.ok(segment.text.length > 0, 'no empty segment');
    assert.equal(segment.start, offset, 'segments are contiguous');
    assert.equal(segment.end, segment.start + segment.text.length);
    assert.equal(line.slice(segment.start, segment.end), segment.text);
    assert.ok(at.has(segment.start) && at.has(segment.end), `a segment splits a character: ${JSON.stringify(segment)}`);
    offset = segment.end;
  }
  const pauses = [...result.caesura.major, ...result.caesura.minor];
  for (const pause of pauses) assert.ok(pause > 0 && pause < line.length && at.has(pause), `pause ${pause} in ${JSON.stringify(line)}`);
  for (const list of [result.caesura.major, result.caesura.minor]) {
    for (let i = 1; i < list.length; i++) assert.ok(list[i]! > list[i - 1]!, `pauses in order: ${list.join(',')}`);
  }
}

describe('segmentLine properties', () => {
  it('never throws on any line; segments rebuild it without splitting a character; pauses inside it, in order', () => {
    fc.assert(
      fc.property(anyLine, meter, (line, chosen) => checkSegmentation(line, segmentLine(line, chosen))),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a regular line of five or seven characters is never cut across its main pause', () => {
    const regular = fc.oneof(fc.string({ unit: verseChar, minLength: 5, maxLength: 5 }), fc.string({ unit: verseChar, minLength: 7, maxLength: 7 }));
    fc.assert(
      fc.property(regular, (line) => {
        const result = segmentLine(line, 'regular');
        checkSegmentation(line, result);
        const cuts = new Set(result.segments.map((segment) => segment.end));
        for (const pause of result.caesura.major) assert.ok(cuts.has(pause), `${result.segments.map((s) => s.text).join('/')} runs across the pause at ${pause}`);
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('verse lines of any length, either meter: pauses follow the meter table, one offset per character', () => {
    fc.assert(
      fc.property(verseLine, meter, (line, chosen) => {
        const result = segmentLine(line, chosen);
        checkSegmentation(line, result);
        assert.deepEqual(caesuraFor(line), caesuraInCharacters([...line].length), 'one character per offset in the BMP');
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });
});
