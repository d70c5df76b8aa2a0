import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ShotPlan } from '../../prompts/shot-plan.js';
import { buildTimeline, characterTimes, DEFAULT_SYNC, lineChars, translationFor } from './sync.js';

const plan = ShotPlan.parse(JSON.parse(readFileSync(new URL('../fixtures/jing-ye-si.plan.json', import.meta.url), 'utf8')));
const narration = plan.poem.lines.map((text, line) => ({ line, text, durationSec: 2 + line * 0.25, pauses: [2] }));

describe('audio sync', () => {
  it('strips punctuation and pause marks from a line', () => {
    assert.deepEqual(lineChars('床前｜明月光，'), ['床', '前', '明', '月', '光']);
  });

  it('spreads characters over the voice, later after the caesura', () => {
    const times = characterTimes(1, 2.6, 5, [2]);
    assert.equal(times.length, 5);
    assert.equal(times[0], 1);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    assert.ok(gaps[1]! > gaps[0]! * 1.5, `the pause after the 2nd character shows: ${gaps}`);
    assert.ok(times[4]! < 1 + 2.6);
  });

  it('sets each shot to its narration plus breathing room, in whole frames, and times the cues to the voice', () => {
    const t = buildTimeline(plan, narration);
    assert.equal(t.fps, 24);
    assert.equal(t.crossfadeFrames, 12);
    t.shots.forEach((shot, i) => {
      const voice = narration[i]!.durationSec;
      const expected = Math.ceil((DEFAULT_SYNC.leadInSec + voice + DEFAULT_SYNC.tailSec) * 24 - 1e-9);
      assert.equal(shot.frames, Math.max(expected, DEFAULT_SYNC.minShotSec * 24));
      assert.equal(shot.lines[0]!.startSec, DEFAULT_SYNC.leadInSec);
    });
    // Shots follow each other; the film opens and closes with half a cross-fade.
    assert.equal(t.shots[0]!.startFrame, 6);
    assert.equal(t.shots[1]!.startFrame, 6 + t.shots[0]!.frames);
    assert.equal(t.totalFrames, t.shots.reduce((sum, s) => sum + s.frames, 0) + 12);
    assert.equal(t.durationSec, t.totalFrames / 24);
    // One cue per line, starting where the voice starts, ending where the shot hands over.
    assert.equal(t.cues.length, 4);
    t.cues.forEach((cue, i) => {
      const shot = t.shots[i]!;
      assert.equal(cue.startSec, Math.round((shot.startFrame / 24 + DEFAULT_SYNC.leadInSec) * 1000) / 1000);
      assert.equal(cue.endSec, Math.round(((shot.startFrame + shot.frames) / 24) * 1000) / 1000);
      assert.match(cue.text, new RegExp(`^${plan.poem.lines[i]}\\n`));
    });
  });

  it('places two lines of one shot one after the other with a gap', () => {
    const two = structuredClone(plan);
    two.shots = [{ ...plan.shots[0]!, lineIndexes: [0, 1], narration: { recite: '床前明月光，疑是地上霜。', translation: 'Before my bed the moonlight gleams, I wonder if it is frost.' } }];
    const t = buildTimeline(ShotPlan.parse({ ...two, poem: { ...two.poem, lines: plan.poem.lines.slice(0, 2), linesTraditional: plan.poem.linesTraditional.slice(0, 2) } }), narration.slice(0, 2));
    const [a, b] = t.shots[0]!.lines;
    assert.equal(b!.startSec, Math.round((a!.startSec + a!.durationSec + DEFAULT_SYNC.lineGapSec) * 1000) / 1000);
    assert.equal(a!.translation, 'Before my bed the moonlight gleams,');
    assert.equal(b!.translation, 'I wonder if it is frost.');
  });

  it('refuses a timeline without narration for a line', () => {
    assert.throws(() => buildTimeline(plan, narration.slice(1)), /no narration for line 0/);
  });

  it('splits a shot translation across its lines only when the sentences match up', () => {
    assert.equal(translationFor('One, two.', 1, 2), 'two.');
    assert.equal(translationFor('Just one sentence', 0, 2), 'Just one sentence');
    assert.equal(translationFor('Just one sentence', 1, 2), undefined);
    assert.equal(translationFor(undefined, 0, 1), undefined);
  });
});
