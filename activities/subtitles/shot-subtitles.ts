// A shot's subtitles, whoever paints the picture under them: where they go (layout.ts), which
// colour reads on that picture (dark ink on a light picture, pale text with a dark halo on a dark
// one, from the picture's luminance where the text sits), and the overlay that stamps them
// (overlay.ts). The local renderer draws it over its own frames; remote clips get it burned in by
// the conforming encode (activities/providers/remote/burned-subtitles.ts).
import type { ShotSubtitleSpec } from '../render/shot-renderer.js';
import { mix, type Palette } from '../render/palette.js';
import { layoutSubtitles, type Box, type SubtitleLayout } from './layout.js';
import { createSubtitleOverlay, type OverlayStyle, type SubtitleOverlay } from './overlay.js';

/** Mean luminance above which the picture counts as light (dark ink reads on it). */
export const LIGHT_PICTURE_LUMINANCE = 128;

export function subtitleLayoutFor(spec: ShotSubtitleSpec, width: number, height: number): SubtitleLayout {
  return layoutSubtitles({
    frameW: width,
    frameH: height,
    orientation: spec.orientation,
    lines: spec.lines,
    title: spec.title,
    sealAuthor: spec.seal?.author,
  });
}

/**
 * Mean luminance (0–255, BT.709 weights on the encoded values) of a picture inside some boxes,
 * sampling every `step`-th pixel. `pixels` holds `channels` bytes a pixel (RGBA: 4, RGB: 3), rows
 * of `width`; boxes are in the picture's own pixels. 255 (light) when no box covers any pixel.
 */
export function luminanceIn(pixels: Uint8Array, width: number, boxes: Box[], options: { channels?: 3 | 4; step?: number } = {}): number {
  const channels = options.channels ?? 4;
  const step = options.step ?? 4;
  let sum = 0;
  let count = 0;
  const height = pixels.length / channels / width;
  for (const box of boxes) {
    for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(height, box.y1); y += step) {
      for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(width, box.x1); x += step) {
        const i = (y * width + x) * channels;
        sum += 0.2126 * pixels[i]! + 0.7152 * pixels[i + 1]! + 0.0722 * pixels[i + 2]!;
        count++;
      }
    }
  }
  return count > 0 ? sum / count : 255;
}

/** Text colours that read on a light or a dark picture, with the shot's paper and seal red. */
export function subtitleStyle(light: boolean, palette: Pick<Palette, 'paper' | 'seal'>): OverlayStyle {
  return light
    ? { ink: [22, 20, 18], halo: mix(palette.paper, [255, 255, 255], 0.3), seal: palette.seal, paper: palette.paper }
    : { ink: [246, 242, 232], halo: [20, 22, 30], seal: palette.seal, paper: palette.paper };
}

/** The overlay that fades the shot's characters in with their recitation, the title and the seal. */
export function shotSubtitleOverlay(spec: ShotSubtitleSpec, layout: SubtitleLayout, style: OverlayStyle): SubtitleOverlay {
  return createSubtitleOverlay(
    spec.fontPath,
    layout,
    {
      charTimes: spec.lines.map((l) => l.charTimes),
      fadeSec: spec.fadeSec,
      title: spec.title ? { inSec: spec.title.inSec } : undefined,
      sealSec: spec.seal?.atSec,
    },
    style,
  );
}
