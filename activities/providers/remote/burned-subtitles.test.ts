import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlayAtlas } from './burned-subtitles.js';

type Piece = NonNullable<ReturnType<typeof overlayAtlas>>['pieces'][number];
const overlaps = (a: Piece, b: Piece, atlas: boolean) =>
  atlas
    ? a.atlasX < b.atlasX + b.width && b.atlasX < a.atlasX + a.width && a.atlasY < b.atlasY + b.height && b.atlasY < a.atlasY + a.height
    : a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('the atlas holds every area once: snapped out to even pixels, overlapping areas merged, pieces apart in the frame and in the atlas', () => {
  // A column of overlapping glyph stamps, the seal just under it, the title column apart, the English line at the bottom.
  const column = [0, 1, 2, 3, 4].map((k) => ({ x0: 591, y0: 113 + k * 60, x1: 667, y1: 189 + k * 60 }));
  const seal = { x0: 599, y0: 405, x1: 661, y1: 467 };
  const title = { x0: 41, y0: 111, x1: 95, y1: 561 };
  const english = { x0: 161, y0: 1131, x1: 559, y1: 1175 };
  const atlas = overlayAtlas([...column, title, english, seal], 720, 1280, 2)!;
  assert.equal(atlas.hold, 2);
  assert.equal(atlas.pieces.length, 3, 'column and seal are one piece');
  for (const [i, p] of atlas.pieces.entries()) {
    for (const n of [p.x, p.y, p.width, p.height, p.atlasX, p.atlasY]) assert.equal(n % 2, 0);
    assert.ok(p.atlasX + p.width <= atlas.width && p.atlasY + p.height <= atlas.height);
    for (const q of atlas.pieces.slice(0, i)) {
      assert.ok(!overlaps(p, q, false), 'pieces do not overlap in the frame');
      assert.ok(!overlaps(p, q, true), 'nor in the atlas');
    }
  }
  const covers = (a: { x0: number; y0: number; x1: number; y1: number }) => atlas.pieces.some((p) => p.x <= a.x0 && p.y <= a.y0 && p.x + p.width >= a.x1 && p.y + p.height >= a.y1);
  for (const area of [...column, seal, title, english]) assert.ok(covers(area), `covers ${JSON.stringify(area)}`);
  // Tallest first: the title, then the column with its seal beside it, the English line on a shelf of its own.
  assert.deepEqual(atlas.pieces, [
    { x: 40, y: 110, width: 56, height: 452, atlasX: 0, atlasY: 0 },
    { x: 590, y: 112, width: 78, height: 356, atlasX: 56, atlasY: 0 },
    { x: 160, y: 1130, width: 400, height: 46, atlasX: 0, atlasY: 452 },
  ]);
  // Much less than the frame, and no more than the bounding box of all the text.
  assert.ok(atlas.width * atlas.height < 0.5 * (668 - 40) * (1176 - 110), `${atlas.width}×${atlas.height}`);
  assert.deepEqual([atlas.width, atlas.height], [400, 452 + 46]);
});

test('areas are clipped to the frame; none inside it gives no atlas; the packing does not depend on the order of the areas', () => {
  const clipped = overlayAtlas([{ x0: -20, y0: 101, x1: 30.5, y1: 160 }], 256, 144, 1)!;
  assert.deepEqual(clipped, { width: 32, height: 44, hold: 1, pieces: [{ x: 0, y: 100, width: 32, height: 44, atlasX: 0, atlasY: 0 }] });
  assert.equal(overlayAtlas([{ x0: -50, y0: 10, x1: -5, y1: 40 }], 256, 144, 1), null);
  assert.equal(overlayAtlas([], 256, 144, 1), null);
  const areas = [
    { x0: 10, y0: 10, x1: 60, y1: 30 },
    { x0: 100, y0: 50, x1: 120, y1: 130 },
    { x0: 200, y0: 20, x1: 250, y1: 60 },
  ];
  assert.deepEqual(overlayAtlas([...areas].reverse(), 256, 144, 1), overlayAtlas(areas, 256, 144, 1));
});
