// Property tests on pasted text → lines: on any text, parsePoemText either returns the poem's
// sentences (never losing or inventing a Chinese character) or throws PoemInputError for the one
// problem that applies; splitVerseLines keeps every character that is not punctuation or space, in
// order, in non-empty lines that each remember how they ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_POEM_TEXT_LENGTH, parsePoemText, PoemInputError, splitVerseLines } from './poem-input.js';

const SEED = 20_250_905;
const RUNS = 200;

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((code) => String.fromCodePoint(code));
const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
const marks = fc.constantFrom(...'，,、：:。！？；.!?;…—“”（）《》 \u3000\n\r\u2028\u2029\t'.split(''));
const latin = fc.constantFrom(...'abcXYZ019éß'.split(''));
const other = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('😀', '\u0000', '\ud800', '$', '+', '<'));
const unit = fc.oneof({ weight: 6, arbitrary: cjk }, { weight: 3, arbitrary: marks }, { weight: 1, arbitrary: rare }, { weight: 2, arbitrary: latin }, { weight: 1, arbitrary: other });
const text = fc.oneof(
  { weight: 9, arbitrary: fc.string({ unit, maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: cjk, minLength: MAX_POEM_TEXT_LENGTH - 3, maxLength: MAX_POEM_TEXT_LENGTH + 3 }) },
);

const HAN = /\p{Script=Han}/gu;
const hanOf = (value: string) => (value.match(HAN) ?? []).join('');
const NOT_VERSE = /[\p{P}\p{S}\s]/gu;

describe('parsePoemText and splitVerseLines properties', () => {
  it('parsePoemText: the sentences keep every Chinese character in order, or one PoemInputError says what is wrong', () => {
    let parsed = 0;
    fc.assert(
      fc.property(text, (pasted) => {
        let sentences: string[];
        try {
          sentences = parsePoemText(pasted);
        } catch (error) {
          assert.ok(error instanceof PoemInputError, `${(error as Error).name}: ${(error as Error).message}`);
          assert.ok(['empty', 'not-chinese', 'too-long'].includes(error.problem));
          assert.equal(error.problem === 'too-long', pasted.length > MAX_POEM_TEXT_LENGTH, error.message);
          if (error.problem === 'empty') assert.equal(pasted.replace(NOT_VERSE, ''), '');
          assert.ok(error.message.length > 20 && !/undefined|NaN/.test(error.message));
          return;
        }
        parsed++;
        assert.ok(sentences.length > 0);
        for (const sentence of sentences) {
          assert.equal(sentence, sentence.trim());
          assert.match(sentence, /\p{Script=Han}/u);
        }
        assert.equal(hanOf(sentences.join('')), hanOf(pasted), 'no Chinese character lost or invented');
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(parsed > RUNS / 10, `only ${parsed} of ${RUNS} texts parsed`);
  });

  it('splitVerseLines: non-empty lines without punctuation or spaces that together keep every other character in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit, maxLength: 40 }), { maxLength: 8 }), (rawLines) => {
        const verse = splitVerseLines(rawLines);
        for (const line of verse) {
          assert.ok(line.text.length > 0);
          assert.doesNotMatch(line.text, /[\p{P}\p{S}\s]/u);
          assert.ok(line.end.length === 1 && /[\p{P}]/u.test(line.end), `ends with ${JSON.stringify(line.end)}`);
        }
        assert.equal(verse.map((line) => line.text).join(''), rawLines.join('').replace(NOT_VERSE, ''));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });
});
