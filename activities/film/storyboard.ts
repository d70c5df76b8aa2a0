// The storyboard a reviewer reads: one still per shot, its line in Kai beneath it, the camera,
// and any imagery the renderer could not draw, on a sheet of paper.
import { readFile } from 'node:fs/promises';
import { createCanvas, Image } from '@napi-rs/canvas';
import { registerKaiFont } from '../subtitles/overlay.js';

export interface StoryboardShot {
  index: number;
  keyframe: string;
  text: string;
  camera: string;
  durationSec: number;
  notDrawn: string[];
}

export async function renderStoryboard(shots: StoryboardShot[], options: { fontPath: string; title: string; author: string; thumbWidth?: number }): Promise<Buffer> {
  const family = registerKaiFont(options.fontPath);
  const images = await Promise.all(
    shots.map(async (shot) => {
      const image = new Image();
      image.src = await readFile(shot.keyframe);
      return image;
    }),
  );
  const first = images[0]!;
  const thumbW = options.thumbWidth ?? (first.width > first.height ? 320 : 200);
  const thumbH = Math.round((thumbW * first.height) / first.width);
  const cols = Math.min(4, shots.length);
  const rows = Math.ceil(shots.length / cols);
  const pad = 24;
  const caption = 72;
  const header = 64;
  const width = pad + cols * (thumbW + pad);
  const height = header + rows * (thumbH + caption + pad) + pad;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f3eee3';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#222';
  ctx.font = `30px ${family}`;
  ctx.textBaseline = 'top';
  ctx.fillText(`${options.title} · ${options.author}`, pad, 18);
  shots.forEach((shot, i) => {
    const x = pad + (i % cols) * (thumbW + pad);
    const y = header + Math.floor(i / cols) * (thumbH + caption + pad);
    ctx.drawImage(images[i]!, x, y, thumbW, thumbH);
    ctx.strokeStyle = 'rgba(0,0,0,0.35)';
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, thumbW - 1, thumbH - 1);
    ctx.fillStyle = '#222';
    ctx.font = `20px ${family}`;
    ctx.fillText(`${shot.index + 1}. ${shot.text}`, x, y + thumbH + 8, thumbW);
    ctx.fillStyle = '#555';
    ctx.font = `13px ${family}`;
    ctx.fillText(`${shot.camera} · ${shot.durationSec.toFixed(1)} s`, x, y + thumbH + 36, thumbW);
    if (shot.notDrawn.length > 0) {
      ctx.fillStyle = '#b22222';
      ctx.fillText(`not drawn: ${shot.notDrawn.join('、')}`, x, y + thumbH + 56, thumbW);
    }
  });
  return canvas.toBuffer('image/png');
}
