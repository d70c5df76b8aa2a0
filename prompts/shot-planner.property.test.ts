// Property tests on the shot planner's pure parts: grouping lines into shots covers every line
// exactly once, in order, in runs of adjacent lines, never more than MAX_SHOTS shots; the 起承转合
// roles run in order from open to close; continuity only carries images established earlier.
// (The whole plan's invariants are in interpret.property.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PoemKind } from './form.js';
import type { VerseLine } from './poem-input.js';
import type { Setting } from './setting.js';
import type { ImageryItem } from './shot-plan.js';
import { continuityOf, groupLines, MAX_SHOTS, roleOf } from './shot-planner.js';

const SEED = 20_250_903;
const RUNS = 200;

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
const verseLine: fc.Arbitrary<VerseLine> = fc.record({
  text: fc.string({ unit: fc.oneof({ weight: 9, arbitrary: cjk }, { weight: 1, arbitrary: rare }), minLength: 1, maxLength: 30 }),
  end: fc.constantFrom('，', '。', '！', '？', '；'),
});
/** Quatrains to long narrative poems and 词 with hundreds of lines. */
const poemLines = fc.oneof(fc.array(verseLine, { minLength: 1, maxLength: 20 }), fc.array(verseLine, { minLength: 20, maxLength: 300 }));
const kind = fc.constantFrom<PoemKind>('shi', 'lyric');

const ROLE_ORDER = ['open', 'continue', 'turn', 'close'] as const;

describe('shot planner properties', () => {
  it('groupLines covers every line exactly once, in order, in runs of adjacent lines, in at most MAX_SHOTS shots', () => {
    fc.assert(
      fc.property(poemLines, kind, (lines, poemKind) => {
        const groups = groupLines(lines, poemKind);
        assert.ok(groups.length >= 1 && groups.length <= MAX_SHOTS, `${groups.length} shots for ${lines.length} lines`);
        assert.deepEqual(groups.flat(), lines.map((_, index) => index), 'each line once, in order');
        for (const group of groups) {
          assert.ok(group.length > 0, 'no empty shot');
          group.forEach((line, k) => k === 0 || assert.equal(line, group[k - 1]! + 1, `a shot of adjacent lines: ${group.join(',')}`));
        }
        if (poemKind === 'shi' && lines.length <= 16) assert.equal(groups.length, lines.length, 'a 诗 of up to 16 lines: one line a shot');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('roles run from open to close and never go back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_SHOTS * 4 }), (count) => {
        const roles = Array.from({ length: count }, (_, index) => roleOf(index, count));
        assert.equal(roles[0], 'open');
        if (count > 1) assert.equal(roles[count - 1], 'close');
        for (let i = 1; i < count; i++) assert.ok(ROLE_ORDER.indexOf(roles[i]!) >= ROLE_ORDER.indexOf(roles[i - 1]!), roles.join(' '));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('continuity carries only images established by an earlier shot, at most three, never one the shot shows itself', () => {
    const motif = fc.constantFrom('moon', 'boat', 'lamp', 'sun', 'willow', 'stars', 'tower', undefined);
    const setting: fc.Arbitrary<Setting> = fc.record({
      timeOfDay: fc.constantFrom('night', 'dawn', 'noon', 'unspecified'),
      season: fc.constantFrom('autumn', 'spring', 'unspecified'),
      weather: fc.constantFrom('clear', 'snow', 'unspecified'),
      place: fc.constantFrom('river', 'mountain', 'courtyard', 'unspecified'),
    }) as fc.Arbitrary<Setting>;
    const image = fc.record({ motif, line: fc.nat(30), start: fc.nat(6) }).map(
      ({ motif: name, line, start }): ImageryItem => ({ term: '月', visual: `a ${name ?? 'thing'}`, symbolism: '', line, start, end: start + 1, ...(name ? { motif: name } : {}) }),
    );
    const shots = fc.array(fc.record({ images: fc.array(image, { maxLength: 4 }), setting }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(shots, (planned) => {
        const carried = continuityOf(planned);
        assert.equal(carried.length, planned.length);
        carried.forEach((items, index) => {
          assert.ok(items.length <= 3);
          const earlier = new Set(planned.slice(0, index).flatMap((shot) => shot.images));
          const own = new Set(planned[index]!.images.map((item) => item.motif));
          for (const item of items) {
            assert.ok([...earlier].some((shown) => shown.motif === item.motif && shown.line === item.line && shown.start === item.start), `shot ${index} carries ${item.motif}, never shown before`);
            assert.ok(!own.has(item.motif), `shot ${index} shows ${item.motif} itself`);
          }
        });
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });
});
