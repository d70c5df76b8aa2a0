// Rice paper: warm off-white with a low-frequency mottle, fine grain and a few fibres; or silk
// (gongbi): the same mottle under a fine weave of threads, without fibres. Painted once per shot
// into the (opaque) sky layer; everything else is ink on top of it.
import { createCanvas } from '@napi-rs/canvas';
import { stroke, type Ctx } from './brush.js';
import type { Noise } from './noise.js';
import { mix, rgba, type Rgb } from './palette.js';
import type { Rng } from './random.js';

export function paintPaper(ctx: Ctx, width: number, height: number, paper: Rgb, rng: Rng, noise: Noise, support: 'paper' | 'silk' = 'paper'): void {
  // Mottle and grain at half resolution, scaled up: soft enough not to shimmer when the camera moves.
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const small = createCanvas(w, h);
  const sctx = small.getContext('2d');
  const image = sctx.createImageData(w, h);
  const data = image.data;
  const cellX = 60 / w;
  const cellY = 60 / h;
  // The mottle is smooth: sample it on a coarse grid and interpolate.
  const gridStep = 8;
  const gw = Math.ceil(w / gridStep) + 2;
  const gh = Math.ceil(h / gridStep) + 2;
  const grid = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      grid[gy * gw + gx] = noise.fbm2(gx * gridStep * cellX * 0.12, gy * gridStep * cellY * 0.12, 3);
    }
  }
  for (let y = 0; y < h; y++) {
    const gyf = y / gridStep;
    const gy = Math.floor(gyf);
    const ty = gyf - gy;
    for (let x = 0; x < w; x++) {
      const gxf = x / gridStep;
      const gx = Math.floor(gxf);
      const tx = gxf - gx;
      const a = grid[gy * gw + gx]!;
      const b = grid[gy * gw + gx + 1]!;
      const c = grid[(gy + 1) * gw + gx]!;
      const d = grid[(gy + 1) * gw + gx + 1]!;
      const mottle = (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
      const grain = (rng() - 0.5) * 3.2;
      const v = mottle * 5 + grain;
      const i = (y * w + x) * 4;
      data[i] = paper[0] + v;
      data[i + 1] = paper[1] + v * 0.97;
      data[i + 2] = paper[2] + v * 0.92;
      data[i + 3] = 255;
    }
  }
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, w, h, 0, 0, width, height);

  if (support === 'silk') {
    paintWeave(ctx, width, height, paper, rng);
    return;
  }

  // A few faint fibres.
  const fibre = mix(paper, [150, 140, 120], 1);
  const unit = Math.min(width, height);
  const fibres = Math.round((width * height) / 60000);
  for (let i = 0; i < fibres; i++) {
    const x = rng() * width;
    const y = rng() * height;
    const len = unit * rng.range(0.015, 0.06);
    const angle = rng.range(0, Math.PI);
    const bend = rng.range(-8, 8);
    stroke(
      ctx,
      [
        [x, y],
        [x + (Math.cos(angle) * len) / 2 + bend * len * 0.05, y + (Math.sin(angle) * len) / 2 - bend * len * 0.05],
        [x + Math.cos(angle) * len, y + Math.sin(angle) * len],
      ],
      { width: unit * rng.range(0.0008, 0.0016), color: fibre, alpha: rng.range(0.04, 0.09), noise, phase: i * 3.1 },
    );
  }
}

/** Silk's weave: faint warp and weft threads, a little uneven, a few pixels apart. */
function paintWeave(ctx: Ctx, width: number, height: number, silk: Rgb, rng: Rng): void {
  const thread = mix(silk, [120, 96, 60], 1);
  const pitch = Math.max(2, Math.round(Math.min(width, height) / 360));
  for (let y = 0; y < height; y += pitch) {
    ctx.fillStyle = rgba(thread, rng.range(0.015, 0.05));
    ctx.fillRect(0, y, width, 1);
  }
  for (let x = 0; x < width; x += pitch) {
    ctx.fillStyle = rgba(thread, rng.range(0.01, 0.035));
    ctx.fillRect(x, 0, 1, height);
  }
}
