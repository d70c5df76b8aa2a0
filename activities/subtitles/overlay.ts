// Burned-in subtitles: each character pre-drawn once in the Kai font, then faded in with the
// voice that recites it; the English line fades in with its Chinese line; the title opens the
// first shot; the red seal with the poet's name is pressed onto the last.
import { GlobalFonts, createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Ctx } from '../render/brush.js';
import type { FrameOverlay } from '../render/compositor.js';
import { rgba, type Rgb } from '../render/palette.js';
import { createNoise } from '../render/noise.js';
import { SubtitleFontError } from './fonts.js';
import type { Box, SubtitleLayout } from './layout.js';

export interface OverlayTiming {
  /** Per line of the shot: when each character appears (shot-local seconds). */
  charTimes: number[][];
  fadeSec: number;
  /** When the title shows (first shot only). */
  title?: { inSec: number } | undefined;
  /** When the seal is pressed (last shot only). */
  sealSec?: number | undefined;
}

export interface OverlayStyle {
  ink: Rgb;
  /** Colour of the soft halo that keeps text legible on a busy picture. */
  halo: Rgb;
  seal: Rgb;
  paper: Rgb;
}

const FAMILY = 'ShiyingKai';
const registered = new Map<string, string>();

/** Registers the Kai font once per process and returns its family name. */
export function registerKaiFont(fontPath: string): string {
  const known = registered.get(fontPath);
  if (known) return known;
  const family = `${FAMILY}${registered.size}`;
  const key = GlobalFonts.registerFromPath(fontPath, family);
  if (!key) throw new SubtitleFontError(`could not load subtitle font ${fontPath}`);
  registered.set(fontPath, family);
  return family;
}

/** The subtitle overlay, plus what a caller drawing it on its own needs. */
export interface SubtitleOverlay extends FrameOverlay {
  /**
   * The frame area each stamp can touch (the seal at its pressed size), whole pixels, not
   * clipped to the frame: nothing is ever drawn outside them.
   */
  readonly areas: Box[];
  /**
   * How far each stamp has faded in at `t` (0…1): two times with equal states give identical
   * drawings, so a caller may reuse the last one.
   */
  stateAt(t: number): number[];
}

/** How far a stamp has faded in at `t`. */
function alphaAt(stamp: Stamp, t: number): number {
  const k = (t - stamp.appearAt) / stamp.fade;
  return k <= 0 ? 0 : Math.min(1, k);
}

/** Seal growth at the start of its press. */
const POP = 0.12;

interface Stamp {
  canvas: Canvas;
  x: number;
  y: number;
  appearAt: number;
  fade: number;
  pop?: boolean;
}

function glyphStamp(family: string, char: string, size: number, style: OverlayStyle): Canvas {
  const pad = Math.ceil(size * 0.3);
  const canvas = createCanvas(size + pad * 2, size + pad * 2);
  const ctx = canvas.getContext('2d');
  ctx.font = `${size}px ${family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.shadowColor = rgba(style.halo, 0.85);
  ctx.shadowBlur = size * 0.22;
  ctx.fillStyle = rgba(style.ink, 0.95);
  ctx.fillText(char, canvas.width / 2, canvas.height / 2 + size * 0.04);
  ctx.shadowBlur = 0;
  ctx.fillText(char, canvas.width / 2, canvas.height / 2 + size * 0.04);
  return canvas;
}

function englishStamp(family: string, text: string, size: number, maxWidth: number, style: OverlayStyle): Canvas {
  const measure = createCanvas(8, 8).getContext('2d');
  measure.font = `${size}px ${family}`;
  const width = Math.min(maxWidth, Math.ceil(measure.measureText(text).width)) + size * 2;
  const canvas = createCanvas(Math.ceil(width), Math.ceil(size * 2));
  const ctx = canvas.getContext('2d');
  ctx.font = `${size}px ${family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.shadowColor = rgba(style.halo, 0.9);
  ctx.shadowBlur = size * 0.35;
  ctx.fillStyle = rgba(style.ink, 0.9);
  ctx.fillText(text, canvas.width / 2, canvas.height / 2, maxWidth);
  ctx.shadowBlur = 0;
  ctx.fillText(text, canvas.width / 2, canvas.height / 2, maxWidth);
  return canvas;
}

/** The red seal: a carved square, the name left white (白文), with a worn, uneven edge. */
export function sealStamp(family: string, columns: string[][], size: number, style: OverlayStyle, seed = 7): Canvas {
  const canvas = createCanvas(Math.ceil(size * 1.2), Math.ceil(size * 1.2));
  const ctx = canvas.getContext('2d');
  const noise = createNoise(seed);
  const c = canvas.width / 2;
  const half = size / 2;
  ctx.beginPath();
  const steps = 40;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const side = Math.floor(t * 4);
    const s = t * 4 - side;
    const wobble = 1 + 0.025 * noise.n1(i * 0.9);
    const corners: [number, number][] = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]];
    const a = corners[side]!;
    const b = corners[Math.min(4, side + 1)]!;
    const x = c + (a[0] + (b[0] - a[0]) * s) * half * wobble;
    const y = c + (a[1] + (b[1] - a[1]) * s) * half * wobble;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.closePath();
  ctx.fillStyle = rgba(style.seal, 0.92);
  ctx.fill();
  // Carve the characters out of the red.
  ctx.globalCompositeOperation = 'destination-out';
  const cols = columns.length;
  const rows = Math.max(...columns.map((col) => col.length));
  const cell = (size * 0.84) / Math.max(cols, rows);
  ctx.font = `${Math.round(cell * 0.95)}px ${family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = 'rgba(0,0,0,1)';
  columns.forEach((column, ci) => {
    const x = c + ((cols - 1) / 2 - ci) * cell * (cols > 1 ? 1.05 : 1);
    column.forEach((char, ri) => {
      const y = c + (ri - (column.length - 1) / 2) * cell;
      ctx.fillText(char, x, y + cell * 0.04);
    });
  });
  // Worn specks where the stone was chipped.
  for (let i = 0; i < 18; i++) {
    const x = c + noise.n1(i * 3.1) * half;
    const y = c + noise.n1(i * 5.7 + 11) * half;
    ctx.beginPath();
    ctx.arc(x, y, size * 0.012 * (1 + Math.abs(noise.n1(i))), 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.globalCompositeOperation = 'source-over';
  return canvas;
}

export function createSubtitleOverlay(fontPath: string, layout: SubtitleLayout, timing: OverlayTiming, style: OverlayStyle): SubtitleOverlay {
  const family = registerKaiFont(fontPath);
  const stamps: Stamp[] = [];
  for (const glyph of layout.glyphs) {
    const canvas = glyphStamp(family, glyph.char, glyph.size, style);
    const appearAt = timing.charTimes[glyph.line]?.[glyph.index] ?? 0;
    stamps.push({ canvas, x: glyph.x - canvas.width / 2, y: glyph.y - canvas.height / 2, appearAt, fade: timing.fadeSec });
  }
  for (const line of layout.english) {
    const canvas = englishStamp(family, line.text, line.size, line.maxWidth, style);
    const appearAt = timing.charTimes[line.line]?.[0] ?? 0;
    stamps.push({ canvas, x: line.x - canvas.width / 2, y: line.y - canvas.height / 2, appearAt: appearAt + 0.2, fade: timing.fadeSec * 2 });
  }
  if (timing.title) {
    for (const glyph of layout.title) {
      const canvas = glyphStamp(family, glyph.char, glyph.size, style);
      stamps.push({ canvas, x: glyph.x - canvas.width / 2, y: glyph.y - canvas.height / 2, appearAt: timing.title.inSec + glyph.index * 0.05, fade: 0.8 });
    }
  }
  if (layout.seal && timing.sealSec !== undefined) {
    const canvas = sealStamp(family, layout.seal.columns, layout.seal.size, style);
    stamps.push({ canvas, x: layout.seal.x - canvas.width / 2, y: layout.seal.y - canvas.height / 2, appearAt: timing.sealSec, fade: 0.35, pop: true });
  }
  const areas = stamps.map((stamp) => {
    const grow = stamp.pop ? POP / 2 : 0;
    return {
      x0: Math.floor(stamp.x - stamp.canvas.width * grow),
      y0: Math.floor(stamp.y - stamp.canvas.height * grow),
      x1: Math.ceil(stamp.x + stamp.canvas.width * (1 + grow)),
      y1: Math.ceil(stamp.y + stamp.canvas.height * (1 + grow)),
    };
  });
  return {
    areas,
    stateAt: (t: number) => stamps.map((stamp) => alphaAt(stamp, t)),
    draw(ctx: Ctx, t: number) {
      for (const stamp of stamps) {
        const alpha = alphaAt(stamp, t);
        if (alpha <= 0) continue;
        ctx.globalAlpha = alpha;
        if (stamp.pop && alpha < 1) {
          // The seal is pressed: it settles from slightly larger.
          const s = 1 + POP * (1 - alpha);
          const w = stamp.canvas.width * s;
          const h = stamp.canvas.height * s;
          ctx.drawImage(stamp.canvas, stamp.x + (stamp.canvas.width - w) / 2, stamp.y + (stamp.canvas.height - h) / 2, w, h);
        } else {
          ctx.drawImage(stamp.canvas, stamp.x, stamp.y);
        }
      }
      ctx.globalAlpha = 1;
    },
  };
}
