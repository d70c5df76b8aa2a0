import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arrayLiteral, copyField, copyRow } from './copy-format.js';

describe('COPY text format', () => {
  it('escapes the characters COPY gives meaning to and drops NUL', () => {
    assert.equal(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
    assert.equal(copyField('明\u0000月'), '明月');
  });

  it('writes null as \\N, booleans as t/f and numbers plainly', () => {
    assert.equal(copyRow([null, undefined, true, false, 0.25, '明月']), '\\N\t\\N\tt\tf\t0.25\t明月\n');
    assert.throws(() => copyField(Number.NaN));
  });

  it('quotes every array element and escapes quotes and backslashes inside them', () => {
    assert.equal(arrayLiteral(['床前明月光，', 'NULL', '', 'a"b', 'c\\d', 'e,f']), '{"床前明月光，","NULL","","a\\"b","c\\\\d","e,f"}');
    // …then the whole literal is escaped once more for COPY.
    assert.equal(copyField(['c\\d']), '{"c\\\\\\\\d"}');
    assert.equal(copyField([]), '{}');
  });
});
