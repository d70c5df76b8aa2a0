import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { musicBedArgs } from './music-bed.js';
import { composeBed, musicForMood, scaleFrequencies } from './pentatonic.js';

describe('music bed', () => {
  it('chooses mode and instrument by mood', () => {
    assert.equal(musicForMood('lonely').mode, 'yu');
    assert.equal(musicForMood('lonely').instrument, 'xiao');
    assert.equal(musicForMood('serene').instrument, 'guqin');
    assert.equal(musicForMood('something unheard of').mode, 'gong');
  });

  it('writes a seeded score of pentatonic notes inside the film, ending on the tonic', () => {
    const score = composeBed('melancholy', 20, 7);
    assert.deepEqual(composeBed('melancholy', 20, 7), score, 'deterministic');
    assert.notDeepEqual(composeBed('melancholy', 20, 8), score);
    const pitches = new Set(scaleFrequencies(score.mode, musicForMood('melancholy').tonic));
    assert.ok(score.notes.length >= 5);
    for (const note of score.notes) {
      assert.ok(pitches.has(note.frequency), `${note.frequency} is in the mode`);
      assert.ok(note.atSec >= 0 && note.atSec < 20);
    }
    assert.equal(score.notes[score.notes.length - 1]!.frequency, musicForMood('melancholy').tonic);
  });

  it('renders every note as a sox pipe, padded to its time, over a silent bed of the full length', () => {
    const score = composeBed('serene', 10, 1);
    const args = musicBedArgs(score, '/tmp/m.wav');
    assert.equal(args[0], '-m');
    const inputs = args.filter((a) => a.startsWith('|sox'));
    assert.equal(inputs.length, score.notes.length + 1 + (score.drone ? 1 : 0));
    assert.match(inputs[0]!, /trim 0 10\.500$/);
    assert.ok(inputs.slice(1).every((i) => /synth .* pluck .* pad \d/.test(i)));
    assert.ok(args.includes('reverb'));
  });
});
