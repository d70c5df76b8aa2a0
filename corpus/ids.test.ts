import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashedPoemId, isPoemId, nameBasedId } from './ids.js';

describe('poem ids', () => {
  it('are UUID-shaped name-based ids (version 5 layout)', () => {
    const id = hashedPoemId('宋词', '水调歌头', '苏轼', ['明月几时有，把酒问青天。']);
    assert.ok(isPoemId(id));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('are stable and depend on collection, title, author and text', () => {
    const id = hashedPoemId('宋词', '水调歌头', '苏轼', ['明月几时有，把酒问青天。']);
    assert.equal(hashedPoemId('宋词', '水调歌头', '苏轼', ['明月几时有，把酒问青天。']), id);
    assert.notEqual(hashedPoemId('宋词三百首', '水调歌头', '苏轼', ['明月几时有，把酒问青天。']), id);
    assert.notEqual(hashedPoemId('宋词', '水调歌头', '辛弃疾', ['明月几时有，把酒问青天。']), id);
    assert.notEqual(hashedPoemId('宋词', '水调歌头', '苏轼', ['明月几时有，把酒问青天！']), id);
    // Parts are separated, so moving text between fields changes the id.
    assert.notEqual(nameBasedId('ab', 'c'), nameBasedId('a', 'bc'));
  });

  it('tell ids from titles', () => {
    assert.ok(isPoemId('ca2c489a-e433-4c0f-8248-77d354f0665e'));
    assert.ok(!isPoemId('静夜思'));
    assert.ok(!isPoemId('ca2c489a'));
  });
});
