import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cameraAt, ease, layerSize, viewRect } from './camera.js';

const geometry = { frameW: 720, frameH: 1280, margin: 0.12 };

describe('camera', () => {
  it('eases in and out', () => {
    assert.equal(ease(0), 0);
    assert.equal(ease(1), 1);
    assert.ok(Math.abs(ease(0.5) - 0.5) < 1e-9);
    assert.ok(ease(0.1) < 0.1 && ease(0.9) > 0.9);
  });

  it('pushes in and pulls out', () => {
    assert.equal(cameraAt('push-in', 'medium', 0).zoom, 1);
    assert.ok(cameraAt('push-in', 'medium', 1).zoom > 1.1);
    assert.ok(cameraAt('pull-out', 'medium', 0).zoom > 1.1);
    assert.equal(cameraAt('pull-out', 'medium', 1).zoom, 1);
  });

  it('pans the way it says', () => {
    assert.ok(cameraAt('pan-left', 'wide', 0).panX > 0 && cameraAt('pan-left', 'wide', 1).panX < 0);
    assert.ok(cameraAt('pan-right', 'wide', 0).panX < 0 && cameraAt('pan-right', 'wide', 1).panX > 0);
    assert.ok(cameraAt('tilt-up', 'wide', 0).panY > 0 && cameraAt('tilt-up', 'wide', 1).panY < 0);
  });

  it('moves near layers more than far ones (parallax) and never leaves the painted layer', () => {
    const { width, height } = layerSize(geometry);
    for (const move of ['push-in', 'pull-out', 'pan-left', 'pan-right', 'tilt-up', 'tilt-down', 'crane-up', 'crane-down', 'static'] as const) {
      for (const u of [0, 0.25, 0.5, 0.75, 1]) {
        for (const depth of [0.1, 0.3, 0.6, 0.9, 1.2]) {
          const r = viewRect(cameraAt(move, 'extreme-close-up', u, { x: 0.9, y: 0.1 }), depth, geometry);
          assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= width + 1e-6 && r.y + r.h <= height + 1e-6, `${move} u=${u} depth=${depth}`);
        }
      }
    }
    const start = cameraAt('crane-up', 'wide', 0);
    const end = cameraAt('crane-up', 'wide', 1);
    const shift = (depth: number) => viewRect(end, depth, geometry).y - viewRect(start, depth, geometry).y;
    assert.ok(Math.abs(shift(1.2)) > Math.abs(shift(0.3)) * 2);
  });
});
