import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzyPatterns } from './search.js';

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
