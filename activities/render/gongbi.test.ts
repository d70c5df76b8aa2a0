// The gongbi look (工笔): fine, even lines and flat mineral colours on silk, measurably unlike the
// default ink-wash look of the same shot, with the same composition, and deterministic.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { interpretPoem } from '../../prompts/interpret.js';
import { GONGBI_MANNER, stroke, useBrushManner } from './brush.js';
import { createNoise } from './noise.js';
import { paletteFor } from './palette.js';
import { paintScene, type PaintedScene } from './scene.js';

const W = 144;
const H = 256;

function saturation(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  return max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
}

/** Mean saturation of the opaque painted pixels of the mid, near and front layers (not the paper). */
function paintedSaturation(scene: PaintedScene): number {
  let sum = 0;
  let count = 0;
  for (const name of ['mid', 'near', 'front'] as const) {
    const data = scene.stage.layers[name].canvas.data();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! > 128) {
        sum += saturation(data[i]!, data[i + 1]!, data[i + 2]!);
        count++;
      }
    }
  }
  return sum / count;
}

/** Mean colour of the ground the picture is painted on (the sky layer holds paper or silk). */
function groundColour(scene: PaintedScene): [number, number, number] {
  const data = scene.stage.layers.sky.canvas.data();
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / 4;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

function pixelsHash(scene: PaintedScene): string {
  const hash = createHash('sha256');
  for (const layer of scene.layers) hash.update(layer.canvas.data());
  return hash.digest('hex');
}

function shot(look: 'ink-wash' | 'gongbi', line: string): PaintedScene {
  const plan = interpretPoem({ id: null, title: '试', author: '佚名', dynasty: '唐', lines: [line] }, { look });
  return paintScene(plan, 0, W, H);
}

/** Column by column, how many pixels a horizontal stroke covers. */
function strokeProfile(gongbi: boolean): number[] {
  const canvas = createCanvas(200, 60);
  const ctx = canvas.getContext('2d');
  if (gongbi) useBrushManner(ctx, GONGBI_MANNER);
  stroke(ctx, [[10, 30], [100, 30], [190, 30]], { width: 16, color: [20, 20, 20], alpha: 1, noise: createNoise(7), phase: 3 });
  const data = canvas.data();
  return Array.from({ length: 200 }, (_, x) => {
    let covered = 0;
    for (let y = 0; y < 60; y++) if (data[(y * 200 + x) * 4 + 3]! > 127) covered++;
    return covered;
  });
}

describe('gongbi look', () => {
  it('lays even, finer lines: the gongbi stroke keeps its width to the ends and is thinner at the middle', () => {
    const ink = strokeProfile(false);
    const fine = strokeProfile(true);
    // Near an end (a tenth of the way along) against the middle.
    const evenness = (profile: number[]) => profile[28]! / profile[100]!;
    assert.ok(evenness(fine) > 0.7, `gongbi end/middle width ${evenness(fine).toFixed(2)}`);
    assert.ok(evenness(ink) < 0.5, `ink-wash end/middle width ${evenness(ink).toFixed(2)}`);
    assert.ok(fine[100]! < ink[100]! * 0.8, `middle width gongbi ${fine[100]} vs ink-wash ${ink[100]}`);
  });

  it('colours the same shot with mineral colours on silk, keeping its composition', () => {
    for (const line of ['松下问童子', '空山新雨后', '柴门闻犬吠']) {
      const ink = shot('ink-wash', line);
      const gongbi = shot('gongbi', line);
      assert.deepEqual([...gongbi.stage.anchors.keys()], [...ink.stage.anchors.keys()], `${line}: the same things painted`);
      for (const [name, where] of ink.stage.anchors) {
        const there = gongbi.stage.anchors.get(name)!;
        assert.ok(Math.abs(there.x - where.x) < 0.5 && Math.abs(there.y - where.y) < 0.5, `${line}: ${name} in the same place`);
      }
      assert.deepEqual(gongbi.drawn, ink.drawn, `${line}: the same imagery drawn`);

      // Ink painting is mostly greys; gongbi fills its outlines with azurite, malachite, cinnabar and ochre.
      const inkSat = paintedSaturation(ink);
      const gongbiSat = paintedSaturation(gongbi);
      assert.ok(inkSat < 0.1, `${line}: ink-wash painted saturation ${inkSat.toFixed(3)}`);
      assert.ok(gongbiSat > 0.15 && gongbiSat > inkSat * 2.5, `${line}: gongbi painted saturation ${gongbiSat.toFixed(3)} vs ink-wash ${inkSat.toFixed(3)}`);

      // Silk is warmer and darker than rice paper: less blue against red.
      const [pr, , pb] = groundColour(ink);
      const [sr, , sb] = groundColour(gongbi);
      assert.ok(sb / sr < pb / pr - 0.06, `${line}: silk b/r ${(sb / sr).toFixed(3)} vs paper ${(pb / pr).toFixed(3)}`);
    }
  });

  it('is chosen by the plan style, and only gongbi carries minerals and the fine brush', () => {
    const plan = interpretPoem({ id: null, title: '试', author: '佚名', dynasty: '唐', lines: ['空山新雨后'] }, { look: 'gongbi' });
    const gongbi = paletteFor(plan.shots[0]!, plan.style);
    assert.ok(gongbi.minerals);
    assert.equal(gongbi.brush, GONGBI_MANNER);
    assert.equal(gongbi.support, 'silk');
    for (const look of ['ink-wash', 'blue-green'] as const) {
      const other = paletteFor(plan.shots[0]!, { ...plan.style, look });
      assert.equal(other.minerals, null, look);
      assert.equal(other.support, 'paper', look);
    }
  });

  it('paints the same pixels for the same plan, every time', () => {
    const first = shot('gongbi', '两岸猿声啼不住');
    const again = shot('gongbi', '两岸猿声啼不住');
    assert.equal(pixelsHash(again), pixelsHash(first));
    assert.notEqual(pixelsHash(shot('ink-wash', '两岸猿声啼不住')), pixelsHash(first));
  });
});
