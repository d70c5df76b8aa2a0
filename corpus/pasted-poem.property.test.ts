// Property tests on pasted-poem validation: whatever a curator pastes (any script, punctuation,
// control characters, rare characters, far too much), validation answers without throwing, either
// a poem that keeps every rule or the broken rules with their messages; and a valid poem pasted
// again as its own lines is the same poem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PASTED_LIMITS, validatePastedPoem, type PastedPoemInput } from './pasted-poem.js';

const SEED = 20_250_901;
const RUNS = 200;

const han = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
const rareHan = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
const punctuation = fc.constantFrom(...'，。！？；：、“”‘’（）()〔〕《》「」【】…—·.,!?;:\'"-_/&%'.split(''));
const space = fc.constantFrom(' ', '\u3000', '\n', '\r\n', '\r', '\t');
const lost = fc.constantFrom('□', '〇', '○', '●');
const foreign = fc.oneof(
  fc.constantFrom('a', 'Z', '1', '<', '>', '=', '+', '$', '😀', '\u0000', '\u200b', '\ufeff', 'é', 'ア', '한', '\ud800', '\udc00'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const clean = fc.oneof({ weight: 8, arbitrary: han }, { weight: 3, arbitrary: punctuation }, { weight: 2, arbitrary: space }, { weight: 1, arbitrary: rareHan }, { weight: 1, arbitrary: lost });
const dirty = fc.oneof({ weight: 4, arbitrary: clean }, { weight: 1, arbitrary: foreign });
/** Half the texts use only what a poem may hold, so both answers are well exercised. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: clean, maxLength: 200 }) },
  { weight: 4, arbitrary: fc.string({ unit: dirty, maxLength: 200 }) },
  // Now and then past the limits: more characters, or more lines, than a poem may have.
  { weight: 1, arbitrary: fc.string({ unit: han, minLength: PASTED_LIMITS.maxCharacters - 5, maxLength: PASTED_LIMITS.maxCharacters + 5 }) },
  { weight: 1, arbitrary: fc.array(fc.string({ unit: han, minLength: 1, maxLength: 3 }), { minLength: 195, maxLength: 210 }).map((lines) => lines.join('。\n')) },
);
const label = fc.option(fc.oneof(fc.string({ unit: clean, maxLength: 12 }), fc.string({ unit: dirty, maxLength: 110 })), { nil: undefined });
const input: fc.Arbitrary<PastedPoemInput> = fc.record({ text, title: label, author: label, dynasty: label });

const ALLOWED = /^[\p{Script=Han}\p{P}\s□〇○]*$/u;
const characters = (value: string) => [...value].length;

describe('validatePastedPoem properties', () => {
  it('never throws; a valid poem keeps every rule, an invalid one names each broken rule with a message', () => {
    let valid = 0;
    fc.assert(
      fc.property(input, (pasted) => {
        const result = validatePastedPoem(pasted);
        if (result.ok) valid++;
        const normalised = pasted.text.replace(/\r\n?/g, '\n').trim();
        if (result.ok) {
          const { poem } = result;
          assert.ok(poem.lines.length >= PASTED_LIMITS.minLines && poem.lines.length <= PASTED_LIMITS.maxLines, `${poem.lines.length} lines`);
          for (const line of poem.lines) {
            assert.equal(line, line.trim());
            assert.ok(/[\p{Script=Han}□]/u.test(line), `a line without a character: ${JSON.stringify(line)}`);
            assert.match(line, ALLOWED);
          }
          assert.ok(characters(normalised) <= PASTED_LIMITS.maxCharacters);
          assert.ok(characters(poem.title) <= PASTED_LIMITS.maxTitle && characters(poem.author) <= PASTED_LIMITS.maxAuthor && characters(poem.dynasty) <= 10);
          for (const value of [poem.title, poem.author, poem.dynasty]) assert.match(value, ALLOWED);
          return;
        }
        assert.ok(result.problems.length > 0);
        for (const problem of result.problems) {
          assert.ok(problem.rule.startsWith(problem.field) || (problem.field === 'text' && /^too-(few|many)-lines$/.test(problem.rule)), `${problem.field} / ${problem.rule}`);
          assert.ok(problem.message.length > 10 && !/undefined|NaN|\[object/.test(problem.message), problem.message);
        }
        const rules = new Set(result.problems.map((problem) => problem.rule));
        assert.equal(rules.has('text-required'), normalised === '', 'text-required exactly when there is no text');
        if (normalised !== '') assert.equal(rules.has('text-too-long'), characters(normalised) > PASTED_LIMITS.maxCharacters);
        const title = pasted.title?.trim() ?? '';
        assert.equal(rules.has('title-too-long'), characters(title) > PASTED_LIMITS.maxTitle);
        assert.equal(rules.has('title-characters'), title !== '' && !ALLOWED.test(title));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(valid >= RUNS / 10 && valid <= RUNS * 0.9, `${valid} of ${RUNS} pasted poems were valid: the generator no longer exercises both answers`);
  });

  it('a valid poem pasted again as its own lines is the same poem', () => {
    fc.assert(
      fc.property(input, (pasted) => {
        const first = validatePastedPoem(pasted);
        if (!first.ok) return;
        const again = validatePastedPoem({ text: first.poem.lines.join('\n'), title: first.poem.title, author: first.poem.author, dynasty: first.poem.dynasty });
        assert.ok(again.ok, JSON.stringify(again));
        assert.deepEqual(again.poem.lines, first.poem.lines);
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });
});
