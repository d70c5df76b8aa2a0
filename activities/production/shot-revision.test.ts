import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretPoem } from '../../prompts/interpret.js';
import { ShotPlan } from '../../prompts/shot-plan.js';
import { reviseShotPlan } from './shot-revision.js';

const plan = interpretPoem({ id: null, title: '静夜思', author: '李白', dynasty: '唐', lines: ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡'] });

test('the note reaches only the named shot’s prompts', () => {
  const revised = reviseShotPlan(plan, 1, 'more frost on the floor, colder light');
  assert.match(revised.shots[1]!.prompt, /Reviewer direction: more frost on the floor, colder light$/);
  assert.match(revised.shots[1]!.promptZh, /审片意见：more frost/);
  for (const index of [0, 2, 3]) assert.deepEqual(revised.shots[index], plan.shots[index]);
  assert.ok(ShotPlan.safeParse(revised).success);
});

test('a second note replaces the first', () => {
  const twice = reviseShotPlan(reviseShotPlan(plan, 1, 'first'), 1, 'second');
  assert.doesNotMatch(twice.shots[1]!.prompt, /first/);
  assert.equal(twice.shots[1]!.prompt.match(/Reviewer direction/g)!.length, 1);
});

test('edits replace prompt, camera and narration', () => {
  const revised = reviseShotPlan(plan, 2, 'look up', {
    prompt: 'A scholar lifts his head to the moon',
    camera: { move: 'tilt-up' },
    narration: { translation: 'I raise my head and gaze at the moon' },
  });
  const shot = revised.shots[2]!;
  assert.equal(shot.prompt, 'A scholar lifts his head to the moon Reviewer direction: look up');
  assert.equal(shot.camera.move, 'tilt-up');
  assert.equal(shot.camera.shotSize, plan.shots[2]!.camera.shotSize);
  assert.equal(shot.narration.translation, 'I raise my head and gaze at the moon');
  assert.equal(shot.narration.recite, plan.shots[2]!.narration.recite);
});

test('an invalid camera edit is caught by validation', () => {
  const revised = reviseShotPlan(plan, 0, 'x', { camera: { move: 'spin' } });
  assert.equal(ShotPlan.safeParse(revised).success, false);
});
