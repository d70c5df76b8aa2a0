// The sky: a graded ink wash from the top of the picture toward the horizon (heavy at night,
// none on a clear day) and a warm band of light at dawn and dusk.
import { mistBand } from '../brush.js';
import { rgba } from '../palette.js';
import type { Stage } from '../stage.js';

export function paintSky(stage: Stage): void {
  const ctx = stage.layers.sky.ctx;
  const { palette } = stage;
  if (palette.sky) {
    const g = ctx.createLinearGradient(0, 0, 0, stage.horizon);
    g.addColorStop(0, rgba(palette.sky.color, palette.sky.top));
    g.addColorStop(0.55, rgba(palette.sky.color, (palette.sky.top + palette.sky.horizon) / 2));
    g.addColorStop(1, rgba(palette.sky.color, palette.sky.horizon));
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, stage.width, stage.horizon);
    // Below the horizon the wash thins out instead of stopping at a line.
    const below = ctx.createLinearGradient(0, stage.horizon, 0, stage.height);
    below.addColorStop(0, rgba(palette.sky.color, palette.sky.horizon));
    below.addColorStop(1, rgba(palette.sky.color, palette.sky.horizon * 0.4));
    ctx.fillStyle = below;
    ctx.fillRect(0, stage.horizon, stage.width, stage.height - stage.horizon);
  }
  if (palette.glow) {
    mistBand(ctx, 0, stage.width, stage.horizon - stage.frameH * 0.04, stage.frameH * 0.16, palette.glow.color, palette.glow.alpha);
  }
}
