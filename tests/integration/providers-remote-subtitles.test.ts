// Remote clips get the local renderer's subtitles burned in while they are conformed: a shot
// generated on a local Kling, conformed with and without its subtitles, compared pixel by pixel
// inside the laid-out text boxes — nothing before a character's recitation time, ink after it;
// the title on the first shot, the red seal once the last line is done; dark ink on a light
// picture and pale text on a dark one; the segments still join by stream copy; and the burned
// text matches, pixel for pixel, the overlay painted over the plain picture as `local` paints it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { concatList, DEFAULT_VIDEO_ENCODING } from '../../activities/media/ffmpeg-args.js';
import { createRemoteShotProvider } from '../../activities/providers/remote/remote-shot-provider.js';
import type { ShotClipRequest } from '../../activities/providers/video-provider.js';
import type { ShotSubtitleSpec } from '../../activities/render/shot-renderer.js';
import { resolveSubtitleFont } from '../../activities/subtitles/fonts.js';
import { paletteFor } from '../../activities/render/palette.js';
import type { Box } from '../../activities/subtitles/layout.js';
import { shotSubtitleOverlay, subtitleLayoutFor, subtitleStyle } from '../../activities/subtitles/shot-subtitles.js';
import type { FakeJob } from '../support/fake-provider-server.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

/** A Kling whose clips are one flat colour (a paper-light or a night-dark picture). */
class FlatKlingServer extends FakeKlingServer {
  colour = '0xF2ECDC';
  constructor(private readonly harnessOf: () => ProviderHarness, private readonly folder: () => string) {
    super({ ...TEST_KEYS.kling, job: { durationMs: 100 } });
  }
  protected override async videoFile(job: FakeJob): Promise<string> {
    const size = job.orientation === 'portrait' ? '72x128' : '128x72';
    const target = path.join(this.folder(), `flat-${this.colour}-${size}-${job.seconds}.mp4`);
    await this.harnessOf().ffmpeg.run({
      label: 'flat fixture clip',
      inputs: [{ source: `color=c=${this.colour}:s=${size}:r=8:d=${job.seconds}`, options: ['-f', 'lavfi'] }],
      outputs: [{ target, options: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4'] }],
    });
    return target;
  }
}

let harness: ProviderHarness;
let kling: FakeKlingServer;
let flat: FlatKlingServer;
let outRoot: string;

before(async () => {
  harness = await openProviderHarness();
  outRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-remote-subtitles-'));
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 100 } }).start();
  flat = await new FlatKlingServer(() => harness, () => outRoot).start();
});
after(async () => {
  await kling.stop();
  await flat.stop();
  await harness.close();
  await rm(outRoot, { recursive: true, force: true });
});

function provider(server: FakeKlingServer) {
  const { video } = harness.build({ KLING_BASE_URL: server.url, KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey, KLING_SECRET_KEY: TEST_KEYS.kling.secretKey });
  return createRemoteShotProvider('kling', { generator: video, runner: harness.ffmpeg });
}

const FPS = 24;
const LEAD = 6;
/** Each line's characters are recited from 1.0 s, 0.15 s apart; the seal is pressed at 2.2 s. */
const CHAR_TIMES = [1.0, 1.15, 1.3, 1.45, 1.6];

function subtitles(orientation: 'vertical' | 'horizontal'): ShotSubtitleSpec {
  return {
    orientation,
    fontPath: resolveSubtitleFont(),
    fadeSec: 0.2,
    lines: [{ text: '床前明月光', translation: 'Before my bed, the bright moonlight', charTimes: CHAR_TIMES }],
    title: { title: '静夜思', author: '李白', inSec: 0.15 },
    seal: { author: '李白', atSec: 2.2 },
  };
}

function request(plan: ReturnType<typeof testPlan>, width: number, height: number, spec: ShotSubtitleSpec | null): ShotClipRequest {
  return {
    plan,
    shotIndex: 0,
    width,
    height,
    fps: FPS,
    leadFrames: LEAD,
    frames: 72,
    tailFrames: LEAD,
    keyframe: 60,
    hold: 2,
    subtitles: spec,
    encoding: DEFAULT_VIDEO_ENCODING,
  };
}

/** The shot rendered with its subtitles and without them, from the same provider clip. */
async function renderBoth(server: FakeKlingServer, aspect: '9:16' | '16:9') {
  const [width, height] = aspect === '9:16' ? [144, 256] : [256, 144];
  const spec = subtitles(aspect === '9:16' ? 'vertical' : 'horizontal');
  const plan = testPlan({ aspect, shots: [{ prompt: `moonlight${uniqueSuffix()}`, durationSec: 3 }] });
  const remote = provider(server);
  const withDir = await mkdtemp(path.join(outRoot, 'with-'));
  const withoutDir = await mkdtemp(path.join(outRoot, 'without-'));
  const submitted = server.submissions;
  const burned = await remote.renderShot(request(plan, width, height, spec), withDir);
  const plain = await remote.renderShot(request(plan, width, height, null), withoutDir);
  assert.equal(server.submissions, submitted + 1, 'both come from one provider clip');
  return {
    width,
    height,
    plan,
    spec,
    layout: subtitleLayoutFor(spec, width, height),
    burned: path.join(withDir, burned.files.clip),
    plain: path.join(withoutDir, plain.files.clip),
    segments: [burned.files.head, burned.files.core, burned.files.tail].map((file) => path.join(withDir, file)),
  };
}

/** Clip frame `n` (from the first lead frame) as RGB24 bytes. */
async function frameAt(clip: string, n: number): Promise<Buffer> {
  const target = path.join(outRoot, `frame-${path.basename(path.dirname(clip))}-${n}.rgb`);
  await harness.ffmpeg.run({
    label: `frame ${n}`,
    inputs: [{ source: clip, options: [] }],
    outputs: [{ target, options: ['-map', '0:v', '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-pix_fmt', 'rgb24', '-f', 'rawvideo'] }],
  });
  return readFile(target);
}

/** Clip frame shown at shot-local second `t`. */
const frameOf = (t: number) => LEAD + Math.round(t * FPS);

interface Region {
  /** Mean absolute difference per channel between the two pictures. */
  diff: number;
  /** Mean luminance of each. */
  lumaA: number;
  lumaB: number;
  /** Mean red excess (R − (G + B) / 2) of each. */
  redA: number;
  redB: number;
}

function compare(a: Buffer, b: Buffer, width: number, boxes: Box[]): Region {
  let diff = 0;
  let lumaA = 0;
  let lumaB = 0;
  let redA = 0;
  let redB = 0;
  let n = 0;
  const height = a.length / 3 / width;
  for (const box of boxes) {
    for (let y = Math.max(0, Math.ceil(box.y0)); y < Math.min(height, box.y1); y++) {
      for (let x = Math.max(0, Math.ceil(box.x0)); x < Math.min(width, box.x1); x++) {
        const i = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) diff += Math.abs(a[i + c]! - b[i + c]!);
        lumaA += 0.2126 * a[i]! + 0.7152 * a[i + 1]! + 0.0722 * a[i + 2]!;
        lumaB += 0.2126 * b[i]! + 0.7152 * b[i + 1]! + 0.0722 * b[i + 2]!;
        redA += a[i]! - (a[i + 1]! + a[i + 2]!) / 2;
        redB += b[i]! - (b[i + 1]! + b[i + 2]!) / 2;
        n++;
      }
    }
  }
  assert.ok(n > 0, 'the boxes cover some pixels');
  return { diff: diff / n / 3, lumaA: lumaA / n, lumaB: lumaB / n, redA: redA / n, redB: redB / n };
}

/** Mean difference below which nothing was drawn (x264's drift once earlier frames differ), and above which something was. */
const ABSENT = 5;
const PRESENT = 15;

/** The inner part of each glyph's cell: where its strokes are. */
const cells = (glyphs: { x: number; y: number; size: number }[]): Box[] => glyphs.map((g) => ({ x0: g.x - g.size * 0.4, y0: g.y - g.size * 0.4, x1: g.x + g.size * 0.4, y1: g.y + g.size * 0.4 }));

test('a Kling clip gets its subtitles: nothing before the recitation, ink after; the title at once, the seal at the end; segments join by copy', async () => {
  const shot = await renderBoth(kling, '9:16');
  const { layout, width } = shot;
  const line = cells(layout.glyphs);
  const title = cells(layout.title);
  const seal: Box[] = [{ x0: layout.seal!.x - layout.seal!.size * 0.35, y0: layout.seal!.y - layout.seal!.size * 0.35, x1: layout.seal!.x + layout.seal!.size * 0.35, y1: layout.seal!.y + layout.seal!.size * 0.35 }];

  // 0.75 s: the title is fading in, no character of the line has been recited.
  const early = frameOf(0.75);
  const [burnedEarly, plainEarly] = await Promise.all([frameAt(shot.burned, early), frameAt(shot.plain, early)]);
  assert.ok(compare(burnedEarly, plainEarly, width, line).diff < ABSENT, `line box before its time: ${compare(burnedEarly, plainEarly, width, line).diff}`);
  assert.ok(compare(burnedEarly, plainEarly, width, seal).diff < ABSENT, 'no seal yet');
  assert.ok(compare(burnedEarly, plainEarly, width, title).diff > PRESENT, `title fading in: ${compare(burnedEarly, plainEarly, width, title).diff}`);

  // 1.1 s: the first character is in (1.0 s + 0.2 s fade… half-way), the last not yet.
  const partial = frameOf(1.1);
  const [burnedPartial, plainPartial] = await Promise.all([frameAt(shot.burned, partial), frameAt(shot.plain, partial)]);
  assert.ok(compare(burnedPartial, plainPartial, width, cells(layout.glyphs.slice(0, 1))).diff > PRESENT, 'the first character is appearing');
  // (Once a frame differs, the encoder's references do: unchanged areas drift by a level or so.)
  assert.ok(compare(burnedPartial, plainPartial, width, cells(layout.glyphs.slice(3))).diff < ABSENT, 'the fourth and fifth are not');

  // 2.0 s: the whole line is in; the seal (2.2 s) not yet.
  const late = frameOf(2.0);
  const [burnedLate, plainLate] = await Promise.all([frameAt(shot.burned, late), frameAt(shot.plain, late)]);
  const lineLate = compare(burnedLate, plainLate, width, line);
  assert.ok(lineLate.diff > 20, `ink in the line box after its time: ${lineLate.diff}`);
  for (const glyph of layout.glyphs) assert.ok(compare(burnedLate, plainLate, width, cells([glyph])).diff > PRESENT, `character ${glyph.char} is there`);
  assert.ok(compare(burnedLate, plainLate, width, seal).diff < ABSENT, 'no seal before 2.2 s');

  // 2.8 s: the seal is pressed, red.
  const end = frameOf(2.8);
  const [burnedEnd, plainEnd] = await Promise.all([frameAt(shot.burned, end), frameAt(shot.plain, end)]);
  const sealEnd = compare(burnedEnd, plainEnd, width, seal);
  assert.ok(sealEnd.diff > 20, `seal: ${sealEnd.diff}`);
  assert.ok(sealEnd.redA > 40 && sealEnd.redA > sealEnd.redB + 20, `the seal is red: ${sealEnd.redA} vs ${sealEnd.redB} without`);

  // Head, core and tail join by stream copy into the whole shot again.
  const list = path.join(outRoot, 'segments.txt');
  await writeFile(list, concatList(shot.segments));
  const joined = path.join(outRoot, 'joined.mp4');
  await harness.ffmpeg.run({
    label: 'join segments',
    inputs: [{ source: list, options: ['-f', 'concat', '-safe', '0'] }],
    outputs: [{ target: joined, options: ['-map', '0:v', '-c', 'copy', '-f', 'mp4'] }],
  });
  const probe = await harness.ffmpeg.probe(joined);
  assert.equal(Number(probe.streams[0]!.nb_frames), LEAD + 72 + LEAD);
  assert.deepEqual(await frameAt(joined, late), burnedLate, 'the joined segments show the same subtitled frame');
});

test('dark ink on a light picture, pale text on a dark one (16:9, horizontal)', async () => {
  flat.colour = '0xF2ECDC';
  const light = await renderBoth(flat, '16:9');
  flat.colour = '0x141C28';
  const dark = await renderBoth(flat, '16:9');
  const t = frameOf(2.0);
  for (const [shot, darker] of [
    [light, true],
    [dark, false],
  ] as const) {
    const [burned, plain] = await Promise.all([frameAt(shot.burned, t), frameAt(shot.plain, t)]);
    assert.equal(shot.layout.orientation, 'horizontal');
    const region = compare(burned, plain, shot.width, cells(shot.layout.glyphs));
    if (darker) assert.ok(region.lumaA < region.lumaB - 40, `dark ink on light paper: ${region.lumaA} vs ${region.lumaB}`);
    else assert.ok(region.lumaA > region.lumaB + 40, `pale text on a dark night: ${region.lumaA} vs ${region.lumaB}`);
  }
});

test('burned in, the subtitles are the ones the local renderer draws: the same pixels as the overlay painted over the plain picture', async () => {
  flat.colour = '0xF2ECDC';
  const shot = await renderBoth(flat, '9:16');
  // A light picture: dark ink, the shot's paper and seal red — what prepareShot would choose.
  const overlay = shotSubtitleOverlay(shot.spec, shot.layout, subtitleStyle(true, paletteFor(shot.plan.shots[0]!, shot.plan.style)));
  for (const n of [frameOf(1.3), frameOf(2.8)]) {
    // Clip frame n shows drawing ⌊n / hold⌋, drawn for shot-local frame ⌊n / 2⌋·2 − lead.
    const t = (Math.floor(n / 2) * 2 - LEAD) / FPS;
    const [burned, plain] = await Promise.all([frameAt(shot.burned, n), frameAt(shot.plain, n)]);
    const canvas = createCanvas(shot.width, shot.height);
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(shot.width, shot.height);
    for (let i = 0, j = 0; i < plain.length; i += 3, j += 4) image.data.set([plain[i]!, plain[i + 1]!, plain[i + 2]!, 255], j);
    ctx.putImageData(image, 0, 0);
    overlay.draw(ctx, t);
    const rgba = ctx.getImageData(0, 0, shot.width, shot.height).data;
    const painted = Buffer.alloc(plain.length);
    for (let i = 0, j = 0; i < plain.length; i += 3, j += 4) painted.set([rgba[j]!, rgba[j + 1]!, rgba[j + 2]!], i);

    const whole: Box[] = [{ x0: 0, y0: 0, x1: shot.width, y1: shot.height }];
    const text = [...cells(shot.layout.glyphs), ...cells(shot.layout.title)];
    const against = compare(burned, painted, shot.width, text);
    const inkThere = compare(painted, plain, shot.width, text);
    assert.ok(inkThere.diff > PRESENT, `there is text to compare at ${t} s`);
    // 4:2:0 chroma and the encoder soften the strokes a little; a misplaced or mistimed stroke
    // would differ by about as much as the text itself.
    assert.ok(against.diff < 4 && against.diff < inkThere.diff / 8, `text boxes at ${t} s: ${against.diff} from the local drawing (the text itself: ${inkThere.diff})`);
    assert.ok(compare(burned, painted, shot.width, whole).diff < 0.5, `whole frame at ${t} s: ${compare(burned, painted, shot.width, whole).diff}`);
  }
});
