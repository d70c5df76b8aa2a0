// Moon, sun, stars and the Milky Way. The moon is left as bare paper and the sky washed around
// it (烘云托月, "paint the clouds to show the moon"); the sun is a vermilion disc.
import { blob, dab, stroke } from '../brush.js';
import { mix, rgba } from '../palette.js';
import { at, place, region, viewRegion, type Stage } from '../stage.js';
import { paintReflection } from '../landscape/water.js';
import { mentions, type MotifPainter, type MotifRequest } from './motif.js';

function skySpot(stage: Stage, radius: number, primary: boolean): { x: number; y: number } {
  if (stage.ground === 'interior') {
    // Seen through the window: high in it, a little off centre.
    const v = viewRegion(stage, 0.3, 0.2, 0.7, 0.45);
    const spot = place(stage, radius * 2, radius * 2, v, { weight: 3, avoidReserved: false });
    return { x: spot.x, y: spot.y - radius };
  }
  const top = 0.08;
  const bottom = Math.max(0.2, (stage.horizon - stage.oy) / stage.frameH - 0.12);
  const spot = place(stage, radius * 2.6, radius * 2.6, region(stage, 0.22, top + radius / stage.frameH * 2.2, 0.78, primary ? Math.min(bottom, 0.42) : bottom), { weight: 3 });
  return { x: spot.x, y: spot.y - radius * 1.3 };
}

export const moon: MotifPainter = {
  layer: 'sky',
  order: 10,
  paint({ stage, item, primary }: MotifRequest) {
    if (stage.anchors.has('moon')) return;
    const ctx = stage.layers.sky.ctx;
    const { palette } = stage;
    const inWindow = stage.ground === 'interior' ? (stage.view.x1 - stage.view.x0) / stage.unit : 1;
    const radius = stage.unit * (primary ? 0.075 : 0.055) * Math.min(1.6, stage.scale) * Math.min(1, inWindow * 1.1);
    const { x, y } = skySpot(stage, radius, primary);
    const light = mix(palette.paper, [255, 255, 250], 0.6);
    // The halo: the sky wash thins toward the moon.
    blob(ctx, x, y, radius * 5, palette.paper, palette.night ? 0.55 : 0.3, 0.05);
    blob(ctx, x, y, radius * 2.2, light, palette.night ? 0.7 : 0.4, 0.3);
    const crescent = mentions(item, '新月', '弯月', '月钩', '钩', '残月', '晓月', 'crescent', 'waning', 'hook');
    ctx.fillStyle = rgba(light, 1);
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.fill();
    if (crescent) {
      // Wash over most of the disc, leaving a bright sliver.
      ctx.fillStyle = rgba(palette.sky?.color ?? palette.ink, palette.night ? 0.5 : 0.25);
      ctx.beginPath();
      ctx.arc(x + radius * 0.45, y - radius * 0.15, radius * 0.95, 0, Math.PI * 2);
      ctx.fill();
    } else {
      // Faint maria, the way a light wash shows them.
      blob(ctx, x - radius * 0.3, y - radius * 0.2, radius * 0.35, palette.ink, 0.05, 0.5);
      blob(ctx, x + radius * 0.25, y + radius * 0.25, radius * 0.3, palette.ink, 0.04, 0.5);
    }
    stroke(
      ctx,
      Array.from({ length: 33 }, (_, i) => {
        const a = (i / 32) * Math.PI * 2;
        return [x + Math.cos(a) * radius, y + Math.sin(a) * radius] as const;
      }),
      { width: stage.unit * 0.0025, color: palette.ink, alpha: palette.night ? 0.12 : 0.3, noise: stage.noise, phase: x, taper: 0.4, ends: 0.5 },
    );
    stage.anchors.set('moon', { x, y, size: radius, layer: 'sky' });
    if (primary || !stage.focus) stage.focus = { x: (x - stage.ox) / stage.frameW, y: (y - stage.oy) / stage.frameH };
    // Moonlight on water: broken bright strokes on the near layer.
    if (stage.ground === 'water') {
      paintReflection(stage, stage.layers.near.ctx, x, stage.waterTop + stage.unit * 0.02, radius * 2.4, stage.frameH * 0.22, light, 0.75);
    }
  },
};

export const sun: MotifPainter = {
  layer: 'sky',
  order: 10,
  paint({ stage, item, primary }: MotifRequest) {
    if (stage.anchors.has('sun')) return;
    const ctx = stage.layers.sky.ctx;
    const tod = stage.shot.setting.timeOfDay;
    const low = tod === 'dusk' || tod === 'dawn' || mentions(item, '落日', '夕阳', '斜阳', '残阳', '落', 'setting', 'sunset', 'sunrise', '初日', '旭日');
    const radius = stage.unit * (primary ? 0.065 : 0.05) * Math.min(1.5, stage.scale);
    let x: number;
    let y: number;
    if (low) {
      const spot = place(stage, radius * 2, radius * 2, region(stage, 0.3, 0, 0.7, 0), { weight: 2 });
      x = spot.x;
      y = stage.horizon - radius * 0.35;
    } else {
      ({ x, y } = skySpot(stage, radius, primary));
    }
    const red: readonly [number, number, number] = low ? [200, 64, 40] : [214, 120, 80];
    blob(ctx, x, y, radius * 3.2, red, low ? 0.16 : 0.08, 0.1);
    ctx.fillStyle = rgba(red, low ? 0.88 : 0.55);
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, Math.PI * 2);
    ctx.fill();
    stage.anchors.set('sun', { x, y, size: radius, layer: 'sky' });
    if (primary || !stage.focus) stage.focus = { x: (x - stage.ox) / stage.frameW, y: (y - stage.oy) / stage.frameH };
    if (stage.ground === 'water') {
      paintReflection(stage, stage.layers.near.ctx, x, stage.waterTop + stage.unit * 0.01, radius * 2.2, stage.frameH * 0.18, red, 0.35);
    }
  },
};

export const stars: MotifPainter = {
  layer: 'sky',
  order: 5,
  paint({ stage }: MotifRequest) {
    const ctx = stage.layers.sky.ctx;
    const { rng, palette } = stage;
    const count = Math.round((stage.width * stage.horizon) / 9000);
    const color = palette.night ? mix(palette.paper, [255, 255, 255], 0.5) : palette.ink;
    for (let i = 0; i < count; i++) {
      const x = rng() * stage.width;
      const y = Math.pow(rng(), 1.3) * stage.horizon * 0.85;
      const r = stage.unit * rng.range(0.0012, 0.003);
      blob(ctx, x, y, r * 3, color, rng.range(0.25, 0.8), 0.4);
    }
  },
};

export const milkyWay: MotifPainter = {
  layer: 'sky',
  order: 6,
  paint({ stage }: MotifRequest) {
    const ctx = stage.layers.sky.ctx;
    const { rng, palette } = stage;
    const [x0, y0] = at(stage, -0.1, 0.05);
    const [x1, y1] = at(stage, 1.1, 0.4);
    const color = palette.night ? mix(palette.paper, [255, 255, 255], 0.4) : mix(palette.ink, palette.paper, 0.5);
    for (let i = 0; i < 60; i++) {
      const t = i / 59;
      const x = x0 + (x1 - x0) * t + stage.noise.n1(t * 3) * stage.unit * 0.05;
      const y = y0 + (y1 - y0) * t;
      blob(ctx, x, y, stage.unit * rng.range(0.05, 0.1), color, 0.05, 0.1);
    }
    for (let i = 0; i < 500; i++) {
      const t = rng();
      const spread = rng.gauss() * stage.unit * 0.05;
      const x = x0 + (x1 - x0) * t + spread * 0.5;
      const y = y0 + (y1 - y0) * t + spread;
      dab(ctx, x, y, stage.unit * 0.0015, stage.unit * 0.0015, 0, color, rng.range(0.2, 0.7), stage.noise, i);
    }
  },
};
