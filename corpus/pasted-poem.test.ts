import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validatePastedPoem, type PastedPoemRule } from './pasted-poem.js';

function rules(input: Parameters<typeof validatePastedPoem>[0]): PastedPoemRule[] {
  const result = validatePastedPoem(input);
  return result.ok ? [] : result.problems.map((problem) => problem.rule);
}

function message(input: Parameters<typeof validatePastedPoem>[0], rule: PastedPoemRule): string {
  const result = validatePastedPoem(input);
  assert.ok(!result.ok, 'expected a rejection');
  const problem = result.problems.find((p) => p.rule === rule);
  assert.ok(problem, `expected the ${rule} rule among ${result.problems.map((p) => p.rule).join(', ')}`);
  return problem.message;
}

describe('validatePastedPoem', () => {
  it('accepts Chinese verse in either script, with any Chinese or ASCII punctuation, and splits it into lines', () => {
    const result = validatePastedPoem({ text: '床前明月光，疑是地上霜。\r\n舉頭望明月，低頭思故鄉！', title: '静夜思', author: '李白' });
    assert.ok(result.ok);
    assert.deepEqual(result.poem.lines, ['床前明月光，', '疑是地上霜。', '舉頭望明月，', '低頭思故鄉！']);
    assert.equal(result.poem.title, '静夜思');
    const untitled = validatePastedPoem({ text: '白日依山尽 (一作：白日依山近)' });
    assert.ok(untitled.ok);
    assert.equal(untitled.poem.title, '无题');
    assert.equal(untitled.poem.author, '佚名');
    assert.deepEqual(untitled.poem.notes, ['一作：白日依山近']);
  });

  it('rejects an empty text', () => {
    assert.match(message({ text: '  \n ' }, 'text-required'), /empty/);
  });

  it('rejects letters, digits and emoji, saying which and where', () => {
    const text = '床前明月光，\n疑是地上霜 frost 2🌙';
    assert.match(message({ text }, 'text-characters'), /"f" \(line 2, column 7\).*and \d+ more/);
  });

  it('rejects text over 4,000 characters', () => {
    assert.match(message({ text: '明'.repeat(4001) }, 'text-too-long'), /4001 characters.*at most 4000/);
    assert.deepEqual(rules({ text: '明'.repeat(4000) }), []);
  });

  it('needs at least one line and accepts at most 200', () => {
    assert.match(message({ text: '。，、……' }, 'too-few-lines'), /no lines/);
    assert.match(message({ text: '春，'.repeat(201) }, 'too-many-lines'), /201 lines.*at most 200/);
    assert.deepEqual(rules({ text: '春，'.repeat(200) }), []);
  });

  it('checks the title and author too, reporting every broken rule at once', () => {
    const found = rules({ text: 'moon', title: 'Quiet Night', author: 'x'.repeat(41) });
    assert.deepEqual(found.sort(), ['author-characters', 'author-too-long', 'text-characters', 'title-characters', 'too-few-lines'].sort());
    assert.match(message({ text: '明月', title: 'Moon' }, 'title-characters'), /Title must be Chinese/);
  });
});
