// Property tests on random CJK text: interpretation never throws on valid input (on any input it
// throws only PoemInputError), every imagery offset is valid, every line is covered by exactly one
// shot of adjacent lines, durations are positive, prompts hold no holes; seeded, so a failure
// reproduces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { interpretPoem } from './interpret.js';
import { parsePoemText, PoemInputError } from './poem-input.js';
import { lineCoverageProblems, ShotPlan } from './shot-plan.js';
import { MAX_SHOTS } from './shot-planner.js';

const SEED = 20_250_904;

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
/** Mostly common characters of verse, so that lexicon terms and feeling words actually occur. */
const verseChar = fc.oneof(cjk, fc.constantFrom(...'月明山水江风花雨雪云春秋夜人舟柳孤白日落天长归思愁酒楼城关雁烟霜寒客故乡'));
const line = fc.string({ unit: verseChar, minLength: 1, maxLength: 12 });
const punctuation = fc.constantFrom('，', '。', '！', '？', '；', '、', '\n', ' ');

function checkPlan(plan: ShotPlan): void {
  ShotPlan.parse(plan);
  assert.deepEqual(lineCoverageProblems(plan), []);
  assert.ok(plan.shots.length >= 1 && plan.shots.length <= MAX_SHOTS, `${plan.shots.length} shots`);
  assert.equal(plan.poem.linesTraditional.length, plan.poem.lines.length);
  for (const shot of plan.shots) {
    for (const item of [...shot.imagery, ...(shot.continuity?.carryOver ?? [])]) {
      assert.equal(plan.poem.lines[item.line]?.slice(item.start, item.end), item.term);
      assert.ok(item.start >= 0 && item.start < item.end, `offsets ${item.start}–${item.end}`);
    }
    // A shot is a run of adjacent lines, and the shots follow the poem.
    shot.lineIndexes.forEach((line, k) => k === 0 || assert.equal(line, shot.lineIndexes[k - 1]! + 1));
    assert.ok(Number.isFinite(shot.durationSec) && shot.durationSec > 0, `duration ${shot.durationSec}`);
    for (const text of [shot.prompt, shot.promptZh, shot.negativePrompt, shot.narration.recite]) {
      assert.ok(text.trim().length > 0 && !/\bundefined\b|\bNaN\b|\[object Object\]/.test(text), JSON.stringify(text));
    }
  }
  plan.shots.forEach((shot, k) => k === 0 || assert.equal(shot.lineIndexes[0], plan.shots[k - 1]!.lineIndexes.at(-1)! + 1));
}

describe('interpretPoem properties', () => {
  it('never throws on random lines of CJK text; offsets valid; each line in exactly one shot', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('9:16', '16:9'), (lines, aspect) => {
        checkPlan(interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '唐', lines }, { aspect }));
      }),
      { numRuns: 150, seed: SEED },
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
      { numRuns: 150, seed: SEED + 1 },
    );
  });

  it('keeps offsets valid with characters outside the Basic Multilingual Plane', () => {
    const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
    const mixed = fc.string({ unit: fc.oneof(verseChar, rare), minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(mixed, { minLength: 1, maxLength: 8 }), (lines) => {
        checkPlan(interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '唐', lines }));
      }),
      { numRuns: 60, seed: SEED + 2 },
    );
  });

  it('on any lines at all (Latin, emoji, control characters, nothing) throws only PoemInputError, with a message', () => {
    const anything = fc.oneof(cjk, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('，', '。', ' ', '\n', '😀', 'a', '\u0000', '\ud800'));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: anything, maxLength: 12 }), { maxLength: 12 }), fc.constantFrom(undefined, '词', '五言绝句', '不是体裁'), (lines, form) => {
        let plan: ShotPlan;
        try {
          plan = interpretPoem({ id: null, title: '无题', author: '佚名', dynasty: '唐', lines, ...(form ? { form } : {}) });
        } catch (error) {
          assert.ok(error instanceof PoemInputError, `${(error as Error).name}: ${(error as Error).message}`);
          assert.ok(error.message.length > 10);
          return;
        }
        checkPlan(plan);
      }),
      { numRuns: 200, seed: SEED + 3 },
    );
  });
});
