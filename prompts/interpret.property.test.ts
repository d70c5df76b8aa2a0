// Property tests on random CJK text: interpretation never throws on valid input, every imagery
// offset is valid, and every line is covered by exactly one shot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { interpretPoem } from './interpret.js';
import { parsePoemText, PoemInputError } from './poem-input.js';
import { lineCoverageProblems, ShotPlan } from './shot-plan.js';

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
/** Mostly common characters of verse, so that lexicon terms and feeling words actually occur. */
const verseChar = fc.oneof(cjk, fc.constantFrom(...'月明山水江风花雨雪云春秋夜人舟柳孤白日落天长归思愁酒楼城关雁烟霜寒客故乡'));
const line = fc.string({ unit: verseChar, minLength: 1, maxLength: 12 });
const punctuation = fc.constantFrom('，', '。', '！', '？', '；', '、', '\n', ' ');

function checkPlan(plan: ShotPlan): void {
  ShotPlan.parse(plan);
  assert.deepEqual(lineCoverageProblems(plan), []);
  for (const shot of plan.shots) {
    for (const item of [...shot.imagery, ...(shot.continuity?.carryOver ?? [])]) {
      assert.equal(plan.poem.lines[item.line]?.slice(item.start, item.end), item.term);
    }
  }
}

describe('interpretPoem properties', () => {
  it('never throws on random lines of CJK text; offsets valid; each line in exactly one shot', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('9:16', '16:9'), (lines, aspect) => {
        checkPlan(interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '唐', lines }, { aspect }));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on pasted text with punctuation: parsed text either is rejected clearly or interprets', () => {
    const text = fc.array(fc.tuple(line, punctuation), { minLength: 1, maxLength: 30 }).map((parts) => parts.map(([words, mark]) => words + mark).join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, '词', '七言绝句', '念奴娇'), (pasted, form) => {
        let sentences: string[];
        try {
          sentences = parsePoemText(pasted);
        } catch (error) {
          assert.ok(error instanceof PoemInputError);
          return;
        }
        checkPlan(interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '宋', lines: sentences, ...(form ? { form } : {}) }));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps offsets valid with characters outside the Basic Multilingual Plane', () => {
    const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
    const mixed = fc.string({ unit: fc.oneof(verseChar, rare), minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(mixed, { minLength: 1, maxLength: 8 }), (lines) => {
        checkPlan(interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '唐', lines }));
      }),
      { numRuns: 60 },
    );
  });
});
