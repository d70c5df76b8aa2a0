import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import type { ShotSubtitleSpec } from '../render/shot-renderer.js';
import { resolveSubtitleFont } from './fonts.js';
import { luminanceIn, shotSubtitleOverlay, subtitleLayoutFor, subtitleStyle } from './shot-subtitles.js';

const spec = (orientation: 'vertical' | 'horizontal'): ShotSubtitleSpec => ({
  orientation,
  fontPath: resolveSubtitleFont(),
  fadeSec: 0.2,
  lines: [
    { text: '床前明月光', translation: 'Before my bed, the bright moonlight', charTimes: [1, 1.2, 1.4, 1.6, 1.8] },
    { text: '疑是地上霜', charTimes: [2.2, 2.4, 2.6, 2.8, 3] },
  ],
  title: { title: '静夜思', author: '李白', inSec: 0.15 },
  seal: { author: '李白', atSec: 3.4 },
});
const style = subtitleStyle(true, { paper: [240, 234, 220], seal: [178, 34, 34] });

test('luminance in the text boxes: BT.709 weights, RGBA or RGB, sampled every step-th pixel; light when nothing is covered', () => {
  // 8×2 RGB: left half black, right half white.
  const rgb = Buffer.alloc(8 * 2 * 3);
  for (let y = 0; y < 2; y++) for (let x = 4; x < 8; x++) rgb.fill(255, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
  assert.equal(luminanceIn(rgb, 8, [{ x0: 0, y0: 0, x1: 4, y1: 2 }], { channels: 3, step: 1 }), 0);
  assert.ok(Math.abs(luminanceIn(rgb, 8, [{ x0: 4, y0: 0, x1: 8, y1: 2 }], { channels: 3, step: 1 }) - 255) < 1e-9);
  assert.ok(Math.abs(luminanceIn(rgb, 8, [{ x0: 0, y0: 0, x1: 8, y1: 2 }], { channels: 3, step: 1 }) - 127.5) < 1e-9);
  // Every 4th pixel from the box's left edge: only x = 0 and 4 of a row.
  assert.ok(Math.abs(luminanceIn(rgb, 8, [{ x0: 0, y0: 0, x1: 8, y1: 2 }], { channels: 3 }) - 127.5) < 1e-9);
  const green = Buffer.from([0, 255, 0, 255]);
  assert.ok(Math.abs(luminanceIn(green, 1, [{ x0: 0, y0: 0, x1: 1, y1: 1 }]) - 0.7152 * 255) < 1e-9);
  assert.equal(luminanceIn(green, 1, [{ x0: 5, y0: 5, x1: 9, y1: 9 }]), 255);
});

test('dark ink with a paper halo on a light picture; pale text with a dark halo on a dark one; the seal red either way', () => {
  const palette = { paper: [240, 234, 220] as const, seal: [178, 34, 34] as const };
  const light = subtitleStyle(true, palette);
  const dark = subtitleStyle(false, palette);
  assert.ok(light.ink.every((c) => c < 40) && light.halo.every((c) => c > 200));
  assert.ok(dark.ink.every((c) => c > 220) && dark.halo.every((c) => c < 40));
  assert.deepEqual([light.seal, dark.seal], [palette.seal, palette.seal]);
});

test('the overlay says how far each stamp has faded in: nothing before the title, each character from its time', () => {
  const s = spec('vertical');
  const overlay = shotSubtitleOverlay(s, subtitleLayoutFor(s, 144, 256), style);
  // 10 characters, the English line, 5 title characters (静夜思 李白), the seal.
  assert.equal(overlay.stateAt(0).length, 17);
  assert.ok(overlay.stateAt(0.1).every((a) => a === 0));
  const at = overlay.stateAt(1.1);
  assert.ok(Math.abs(at[0]! - 0.5) < 1e-9, 'the first character half faded in');
  assert.ok(at.slice(1, 10).every((a) => a === 0));
  assert.ok(overlay.stateAt(5).every((a) => a === 1));
  assert.deepEqual(overlay.stateAt(1.1), at, 'the same time, the same state');
});

for (const orientation of ['vertical', 'horizontal'] as const) {
  test(`${orientation}: nothing is ever drawn outside the overlay's areas (the seal mid-press included)`, () => {
    const [w, h] = orientation === 'vertical' ? [144, 256] : [256, 144];
    const s = spec(orientation);
    const overlay = shotSubtitleOverlay(s, subtitleLayoutFor(s, w, h), style);
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    for (const t of [1.1, 3.5, 5]) {
      ctx.clearRect(0, 0, w, h);
      overlay.draw(ctx, t);
      const data = ctx.getImageData(0, 0, w, h).data;
      let inked = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (data[(y * w + x) * 4 + 3] === 0) continue;
          inked++;
          assert.ok(
            overlay.areas.some((a) => x >= a.x0 && x < a.x1 && y >= a.y0 && y < a.y1),
            `pixel ${x},${y} at ${t} s is outside every area`,
          );
        }
      }
      assert.ok(inked > 100, `something is drawn at ${t} s`);
    }
  });
}
