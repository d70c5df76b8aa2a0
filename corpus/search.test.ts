import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzyCharacterSets, fuzzyPatterns, fuzzyRegex } from './search.js';

/** LIKE matching, as Postgres does it, for checking the patterns without a database. */
function like(text: string, pattern: string): boolean {
  let regex = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') regex += [...pattern[++i]!].map((c) => `\\${c}`).join('');
    else if (ch === '%') regex += '.*';
    else if (ch === '_') regex += '.';
    else regex += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${regex}$`, 'su').test(text);
}

describe('fuzzyPatterns', () => {
  const text = '床前明月光疑是地上霜';
  const matches = (query: string) => fuzzyPatterns(query).some((pattern) => like(text, pattern));

  it('match a line with one character substituted, missing or extra', () => {
    assert.ok(matches('床前名月光'));
    assert.ok(matches('床前明光'));
    assert.ok(matches('床前明明月光'));
  });

  it('do not match two characters off', () => {
    assert.ok(!matches('床后名月光'));
    assert.ok(!matches('前名光疑'));
  });

  it('escape wildcards in the query', () => {
    assert.ok(fuzzyPatterns('50%好诗').every((pattern) => pattern.includes('\\%') || !pattern.includes('0%')));
  });
});

describe('fuzzyCharacterSets', () => {
  for (const query of ['床前明月光', '床前明月光疑是'])
  it(`let through every string one edit away from the query (at least one set is contained): ${query}`, () => {
    const sets = fuzzyCharacterSets(query);
    assert.equal(sets.length, [...query].length <= 6 ? [...query].length : 3);
    const chars = [...query];
    const variants: string[] = [];
    for (let i = 0; i < chars.length; i++) {
      variants.push([...chars.slice(0, i), '雪', ...chars.slice(i + 1)].join('')); // substituted
      variants.push([...chars.slice(0, i), ...chars.slice(i + 1)].join('')); // missing
      variants.push([...chars.slice(0, i), '雪', ...chars.slice(i)].join('')); // extra
    }
    for (const variant of variants) {
      assert.ok(sets.some((set) => set.every((ch) => variant.includes(ch))), variant);
    }
  });

  it('each hold most of the query’s characters, so each index scan is selective', () => {
    for (const set of fuzzyCharacterSets('床前明月光疑是地上霜')) assert.ok(set.length >= 6);
  });
});

describe('fuzzyRegex', () => {
  it('matches what the LIKE patterns match', () => {
    const text = '床前明月光疑是地上霜';
    for (const query of ['床前名月光', '床前明光', '床前明明月光', '床后名月光', '前名光疑', '月.光']) {
      const regex = new RegExp(fuzzyRegex(query), 'u');
      const byLike = fuzzyPatterns(query).some((pattern) => like(text, pattern));
      assert.equal(regex.test(text), byLike, query);
    }
  });
});
