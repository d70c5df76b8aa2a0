import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_POEM_TEXT_LENGTH, parsePoemText, PoemInputError, splitVerseLines } from './poem-input.js';

function problemOf(text: string): string | undefined {
  try {
    parsePoemText(text);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof PoemInputError);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error.problem;
  }
}

describe('parsePoemText', () => {
  it('splits on 。！？； and new lines, keeping each sentence’s punctuation', () => {
    assert.deepEqual(parsePoemText('床前明月光，疑是地上霜。举头望明月，低头思故乡。'), ['床前明月光，疑是地上霜。', '举头望明月，低头思故乡。']);
    assert.deepEqual(parsePoemText('明月几时有？把酒问青天！\n不知天上宫阙；今夕是何年'), ['明月几时有？', '把酒问青天！', '不知天上宫阙；', '今夕是何年']);
    assert.deepEqual(parsePoemText('  床前明月光\r\n\r\n疑是地上霜  '), ['床前明月光', '疑是地上霜']);
  });

  it('rejects empty text with one clear error', () => {
    assert.equal(problemOf(''), 'empty');
    assert.equal(problemOf('   \n\t '), 'empty');
    assert.equal(problemOf('，。！？……'), 'empty');
  });

  it('rejects text that is not Chinese', () => {
    assert.equal(problemOf('The moon before my bed'), 'not-chinese');
    assert.equal(problemOf('12345 !!!'), 'not-chinese');
    assert.equal(problemOf('Before my bed the bright moonlight 月, I take it for frost on the ground'), 'not-chinese');
  });

  it('rejects text too long to be one poem (100,000 characters)', () => {
    assert.equal(problemOf('月'.repeat(100_000)), 'too-long');
    assert.equal(problemOf('床前明月光，'.repeat(Math.ceil(MAX_POEM_TEXT_LENGTH / 6) + 1)), 'too-long');
    assert.equal(problemOf('月'.repeat(MAX_POEM_TEXT_LENGTH)), undefined);
  });
});

describe('splitVerseLines', () => {
  it('cuts couplets into verse lines and remembers how each ended', () => {
    assert.deepEqual(splitVerseLines(['床前明月光，疑是地上霜。']), [
      { text: '床前明月光', end: '，' },
      { text: '疑是地上霜', end: '。' },
    ]);
  });

  it('takes lines without punctuation as whole lines', () => {
    assert.deepEqual(splitVerseLines(['床前明月光', '疑是地上霜']), [
      { text: '床前明月光', end: '。' },
      { text: '疑是地上霜', end: '。' },
    ]);
  });

  it('normalises ASCII punctuation and drops spaces', () => {
    assert.deepEqual(splitVerseLines(['床前 明月光, 疑是地上霜!']), [
      { text: '床前明月光', end: '，' },
      { text: '疑是地上霜', end: '！' },
    ]);
  });
});
