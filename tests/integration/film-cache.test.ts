// The media store at work (江雪, 16:9 at 320×180): the same plan renders identical frames
// twice (even in another store); rendering it again takes everything from the store; a changed
// shot is re-rendered while the other shots are cache hits.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FilmSummary } from '../../activities/film/film-activities.js';
import { fixturePlan, frameHashes, probe, studio, tempDir } from './film-support.js';

const size = { width: 320, height: 180 };

describe('film: content-addressed media store', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let storeA: ReturnType<typeof studio>;
  let storeB: ReturnType<typeof studio>;
  let plan: { shots: { camera: { move: string } }[] };
  let first: FilmSummary;

  before(async () => {
    work = await tempDir('film-cache');
    storeA = studio(path.join(work.dir, 'a'));
    storeB = studio(path.join(work.dir, 'b'));
    plan = (await fixturePlan('jiang-xue')) as typeof plan;
    first = await storeA.renderFilm(plan, { aspect: '16:9', ...size });
  });
  after(async () => {
    await Promise.all([storeA.close(), storeB.close()]);
    await work.remove();
  });

  it('renders 16:9 at the asked size, reporting what it could not draw (the birds that are gone)', async () => {
    const video = (await probe(first.film)).streams.find((s) => s.codec_type === 'video')!;
    assert.equal(video.width, 320);
    assert.equal(video.height, 180);
    assert.ok(first.shots.every((s) => !s.cached));
    assert.deepEqual(first.shots[0]!.notDrawn.map((n) => n.term), ['鸟']);
    assert.match(first.shots[0]!.notDrawn[0]!.reason, /no motif/);
    assert.ok(first.shots[2]!.drawn.some((d) => d.motif === 'fisherman'));
  });

  it('renders the same plan to identical frames in another store', async () => {
    const other = await storeB.renderFilm(plan, { aspect: '16:9', ...size });
    assert.notEqual(other.film, first.film);
    const [a, b] = await Promise.all([frameHashes(first.film), frameHashes(other.film)]);
    assert.equal(a.length, first.timeline.totalFrames);
    assert.deepEqual(b, a);
  });

  it('takes everything from the store when nothing changed', async () => {
    const again = await storeA.renderFilm(plan, { aspect: '16:9', ...size });
    assert.ok(again.cached);
    assert.ok(again.shots.every((s) => s.cached));
    assert.equal(again.film, first.film);
  });

  it('re-renders only the changed shot; the others are cache hits', async () => {
    const changed = structuredClone(plan);
    changed.shots[1]!.camera.move = changed.shots[1]!.camera.move === 'pan-left' ? 'pan-right' : 'pan-left';
    const next = await storeA.renderFilm(changed, { aspect: '16:9', ...size });
    assert.deepEqual(next.shots.map((s) => s.cached), [true, false, true, true]);
    assert.notEqual(next.film, first.film);
    assert.equal(next.shots[0]!.clip, first.shots[0]!.clip);
    assert.notEqual(next.shots[1]!.clip, first.shots[1]!.clip);
    // Shots other than the changed one and its cross-fades come out frame for frame the same.
    const [before, after] = await Promise.all([frameHashes(first.film), frameHashes(next.film)]);
    const t = first.timeline;
    const lastShot = t.shots[3]!;
    const from = lastShot.startFrame + t.crossfadeFrames / 2;
    assert.deepEqual(after.slice(from), before.slice(from), 'the last shots are untouched');
    assert.notDeepEqual(after.slice(t.shots[1]!.startFrame, t.shots[2]!.startFrame), before.slice(t.shots[1]!.startFrame, t.shots[2]!.startFrame));
  });
});
