// A whole film from a plan (静夜思, 9:16 at 180×320), checked on the real output: streams,
// resolution, audio/video duration, subtitle cues against where the voice really starts, frames
// that hold a picture, shots that differ, poster, storyboard and the exported copy.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FilmSummary } from '../../activities/film/film-activities.js';
import { parseWebVtt } from '../../activities/subtitles/vtt.js';
import { fixturePlan, greyFrame, imageSize, inkCoverage, integratedLoudness, meanAbsDiff, probe, speechOnsets, stats, studio, tempDir } from './film-support.js';

const W = 180;
const H = 320;

describe('film: 静夜思 rendered end to end', () => {
  let film: FilmSummary;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let films: ReturnType<typeof studio>;
  const progress: number[] = [];

  before(async () => {
    work = await tempDir('film-render');
    films = studio(path.join(work.dir, 'media'));
    film = await films.renderFilm(await fixturePlan('jing-ye-si'), { width: W, height: H, out: path.join(work.dir, 'out', 'jing-ye-si.mp4') }, { onProgress: (p) => progress.push(p.fraction) });
  });
  after(async () => {
    await films.close();
    await work.remove();
  });

  it('is an H.264 + AAC MP4 at the asked resolution and 24 fps, video as long as the audio', async () => {
    const info = await probe(film.film);
    const video = info.streams.filter((s) => s.codec_type === 'video');
    const audio = info.streams.filter((s) => s.codec_type === 'audio');
    assert.equal(video.length, 1);
    assert.equal(audio.length, 1);
    assert.equal(video[0]!.codec_name, 'h264');
    assert.equal(video[0]!.pix_fmt, 'yuv420p');
    assert.equal(audio[0]!.codec_name, 'aac');
    assert.equal(video[0]!.width, W);
    assert.equal(video[0]!.height, H);
    assert.equal(video[0]!.r_frame_rate, '24/1');
    const v = Number(video[0]!.duration);
    const a = Number(audio[0]!.duration);
    assert.ok(Math.abs(v - a) <= 0.2, `video ${v}s vs audio ${a}s`);
    assert.ok(Math.abs(v - film.durationSec) <= 0.2, `video ${v}s vs timeline ${film.durationSec}s`);
    assert.equal(Number(video[0]!.nb_frames), film.timeline.totalFrames);
    // Shots were timed by their narration: four shots of a few seconds each.
    assert.equal(film.shots.length, 4);
    for (const shot of film.shots) assert.ok(shot.durationSec >= 3 && shot.durationSec < 9, String(shot.durationSec));
    assert.ok(progress.length > 5 && progress[progress.length - 1] === 1);
  });

  it('has one WebVTT cue per line, each starting within 100 ms of where the voice starts', async () => {
    const cues = parseWebVtt(await readFile(film.vtt, 'utf8'));
    assert.deepEqual(cues.map((c) => c.text.split('\n')[0]), ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡']);
    // The narration alone, on the film's timeline: speech onsets after long silences are line starts.
    const onsets = await speechOnsets(film.narration);
    assert.equal(onsets.length, cues.length, `onsets ${onsets.join(', ')}`);
    cues.forEach((cue, i) => {
      assert.ok(Math.abs(cue.startSec - onsets[i]!) <= 0.1, `cue ${i} at ${cue.startSec}s, voice at ${onsets[i]}s`);
      assert.ok(cue.endSec > cue.startSec + 1);
    });
  });

  it('mixes voice and music at about -16 LUFS', async () => {
    const lufs = await integratedLoudness(film.film);
    assert.ok(Math.abs(lufs - -16) <= 1, `integrated loudness ${lufs} LUFS`);
  });

  it('holds an ink picture in every shot: not blank, ink within a sane range, each shot different from the next', async () => {
    const frames: Buffer[] = [];
    for (const shot of film.timeline.shots) {
      const mid = (shot.startFrame + shot.frames * 0.6) / film.timeline.fps;
      const grey = await greyFrame(film.film, mid, 90, 160);
      const { std } = stats(grey);
      const ink = inkCoverage(grey);
      assert.ok(std > 8, `shot ${shot.index} is not blank (std ${std.toFixed(1)})`);
      assert.ok(ink > 0.01 && ink < 0.6, `shot ${shot.index} ink coverage ${(ink * 100).toFixed(1)}%`);
      frames.push(grey);
    }
    for (let i = 1; i < frames.length; i++) {
      const diff = meanAbsDiff(frames[i - 1]!, frames[i]!);
      assert.ok(diff > 6, `shots ${i - 1} and ${i} differ (mean difference ${diff.toFixed(1)})`);
    }
    // The camera moves within a shot.
    const shot = film.timeline.shots[0]!;
    const early = await greyFrame(film.film, (shot.startFrame + 2) / 24, 90, 160);
    const late = await greyFrame(film.film, (shot.startFrame + shot.frames - 8) / 24, 90, 160);
    assert.ok(meanAbsDiff(early, late) > 1, 'the picture moves during a shot');
  });

  it('reports the imagery it drew, and nothing missing for this plan', () => {
    for (const shot of film.shots) assert.deepEqual(shot.notDrawn, [], `shot ${shot.index}`);
    assert.ok(film.shots[0]!.drawn.some((d) => d.motif === 'moon'));
    assert.ok(film.shots[2]!.drawn.some((d) => d.motif === 'figure'));
  });

  it('writes a poster, a storyboard, and the copy asked for with --out', async () => {
    const poster = imageSize(await readFile(film.poster));
    assert.deepEqual(poster, { type: 'jpeg', width: W, height: H });
    const board = imageSize(await readFile(film.storyboard));
    assert.equal(board.type, 'png');
    assert.ok(board.width > 4 * 100);
    const out = path.join(work.dir, 'out', 'jing-ye-si');
    for (const ext of ['.mp4', '.vtt', '.jpg', '.storyboard.png']) assert.ok(existsSync(out + ext), ext);
    assert.equal(film.film, `${out}.mp4`);
  });
});
