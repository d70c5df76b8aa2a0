// The motifs for gibbons, dog, cicada, lute, flute, sword, letter and mirror: a plan that names
// them (made by the real interpreter from a line of verse) draws them, they put ink where they
// say they did (and where the image belongs: the dog on the ground, the flute in a figure's
// hands, the letter on the table indoors), and the picture is the same every time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { interpretPoem } from '../../../prompts/interpret.js';
import type { ShotPlan } from '../../../prompts/shot-plan.js';
import { paintScene, type PaintedScene } from '../scene.js';
import type { Anchor } from '../stage.js';

const W = 144;
const H = 256;

function planOf(line: string): ShotPlan {
  return interpretPoem({ id: null, title: '试', author: '佚名', dynasty: '唐', lines: [line] });
}

/** The same plan with the image's motif taken away (what the shot would be without this painter). */
function without(plan: ShotPlan, motif: string): ShotPlan {
  const copy = structuredClone(plan);
  for (const shot of copy.shots) for (const item of shot.imagery) if (item.motif === motif) delete item.motif;
  return copy;
}

/** Pixels of the layer inside the anchor's box that hold dark, fairly opaque ink. */
function inkAround(scene: PaintedScene, anchor: Anchor): number {
  const canvas = scene.stage.layers[anchor.layer].canvas;
  const data = canvas.data();
  const r = Math.max(4, anchor.size * 1.2);
  let count = 0;
  for (let y = Math.max(0, Math.floor(anchor.y - r)); y < Math.min(canvas.height, Math.ceil(anchor.y + r)); y++) {
    for (let x = Math.max(0, Math.floor(anchor.x - r)); x < Math.min(canvas.width, Math.ceil(anchor.x + r)); x++) {
      const i = (y * canvas.width + x) * 4;
      const lum = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      if (data[i + 3]! > 100 && lum < 150) count++;
    }
  }
  return count;
}

/** The share of the layer's pixels within `radius` of the anchor that are opaque. */
function opaqueShare(scene: PaintedScene, anchor: Anchor, radius: number): number {
  const canvas = scene.stage.layers[anchor.layer].canvas;
  const data = canvas.data();
  let opaque = 0;
  let all = 0;
  for (let y = Math.floor(anchor.y - radius); y <= anchor.y + radius; y++) {
    for (let x = Math.floor(anchor.x - radius); x <= anchor.x + radius; x++) {
      if (Math.hypot(x + 0.5 - anchor.x, y + 0.5 - anchor.y) > radius) continue;
      all++;
      if (data[(y * canvas.width + x) * 4 + 3]! > 200) opaque++;
    }
  }
  return all === 0 ? 0 : opaque / all;
}

function pixelsHash(scene: PaintedScene): string {
  const hash = createHash('sha256');
  for (const layer of scene.layers) hash.update(layer.canvas.data());
  return hash.digest('hex');
}

interface Case {
  line: string;
  term: string;
  motif: string;
  /** Where the image belongs in the picture. */
  where: (scene: PaintedScene, anchor: Anchor) => void;
}

const heldByFigure = (scene: PaintedScene, anchor: Anchor) => {
  const figure = scene.stage.anchors.get('figure');
  assert.ok(figure, 'a figure holds it');
  assert.ok(Math.abs(anchor.x - figure.x) < figure.size * 0.7, `within reach of the figure (x ${anchor.x.toFixed(1)} vs ${figure.x.toFixed(1)})`);
  assert.ok(anchor.y < figure.y && anchor.y > figure.y - figure.size * 1.2, `at the figure's height (y ${anchor.y.toFixed(1)}, feet ${figure.y.toFixed(1)})`);
};

const onTable = (scene: PaintedScene, anchor: Anchor) => {
  assert.equal(scene.stage.ground, 'interior');
  const table = scene.stage.anchors.get('table');
  assert.ok(table, 'the room has a table');
  assert.ok(Math.abs(anchor.x - table.x) <= table.size / 2, 'over the table');
  assert.ok(anchor.y < table.y, 'above the floor the table stands on');
};

const CASES: Case[] = [
  {
    line: '两岸猿声啼不住',
    term: '猿声',
    motif: 'apes',
    where: (scene, anchor) => {
      // Hanging from a tree on a cliff: high in the picture, above the horizon.
      assert.ok(anchor.y < scene.stage.horizon, 'above the horizon');
    },
  },
  {
    line: '柴门闻犬吠',
    term: '犬吠',
    motif: 'dog',
    where: (scene, anchor) => {
      assert.ok(anchor.y > scene.stage.horizon, 'on the ground');
      const gate = scene.stage.anchors.get('gate');
      assert.ok(gate, 'the brushwood gate is drawn');
      assert.ok(Math.abs(anchor.x - gate.x) < gate.size, 'by the gate');
    },
  },
  {
    line: '寒蝉凄切',
    term: '寒蝉',
    motif: 'cicada',
    where: (scene, anchor) => {
      // On a twig reaching in from a side of the frame, in front of the landscape.
      assert.ok(anchor.layer === 'front' || anchor.layer === 'near');
      assert.ok(anchor.y < scene.stage.oy + scene.stage.frameH * 0.6);
    },
  },
  { line: '琵琶弦上说相思', term: '琵琶', motif: 'lute', where: heldByFigure },
  { line: '羌笛何须怨杨柳', term: '羌笛', motif: 'flute', where: heldByFigure },
  { line: '十年磨一剑', term: '剑', motif: 'sword', where: heldByFigure },
  { line: '家书抵万金', term: '家书', motif: 'letter', where: heldByFigure },
  {
    line: '不知明镜里',
    term: '明镜',
    motif: 'mirror',
    where: (scene, anchor) => {
      onTable(scene, anchor);
      // The bronze mirror is a solid disc standing on it.
      assert.ok(opaqueShare(scene, anchor, anchor.size * 0.8) > 0.8, 'a solid disc');
    },
  },
];

describe('new motifs: a plan that names them draws them', () => {
  for (const c of CASES) {
    it(`${c.motif} (${c.line})`, () => {
      const plan = planOf(c.line);
      const shot = plan.shots[0]!;
      assert.ok(shot.imagery.some((item) => item.term === c.term && item.motif === c.motif), `the plan asks for ${c.motif} with ${c.term}`);

      const scene = paintScene(plan, 0, W, H);
      assert.ok(scene.drawn.some((d) => d.term === c.term && d.motif === c.motif), `drawn: ${JSON.stringify(scene.drawn)}`);
      assert.ok(!scene.notDrawn.some((n) => n.term === c.term), `not in notDrawn: ${JSON.stringify(scene.notDrawn)}`);

      const anchor = scene.stage.anchors.get(c.motif);
      assert.ok(anchor, `the painter marks where it painted ${c.motif}`);
      // Inside the visible frame.
      assert.ok(anchor.x > scene.stage.ox && anchor.x < scene.stage.ox + W, `x ${anchor.x}`);
      assert.ok(anchor.y > scene.stage.oy && anchor.y < scene.stage.oy + H, `y ${anchor.y}`);
      c.where(scene, anchor);

      // Ink there, and it is this motif's: without the motif the same place holds much less.
      const ink = inkAround(scene, anchor);
      const bare = paintScene(without(plan, c.motif), 0, W, H);
      assert.ok(bare.notDrawn.some((n) => n.term === c.term), 'without the motif the term is reported as not drawn');
      const inkWithout = inkAround(bare, anchor);
      assert.ok(ink >= 6, `ink pixels around ${c.motif}: ${ink}`);
      assert.ok(ink >= inkWithout + 5, `${c.motif} adds ink: ${ink} with, ${inkWithout} without`);
    });
  }

  it('variants the lexicon draws with the same motifs: qin, vertical flute, rooster, books', () => {
    for (const [line, term, motif] of [
      ['弹琴复长啸', '弹琴', 'lute'],
      ['玉人何处教吹箫', '箫', 'flute'],
      ['鸡鸣桑树颠', '鸡鸣', 'dog'],
      ['闲来展书卷', '书卷', 'letter'],
    ] as const) {
      const plan = planOf(line);
      assert.ok(plan.shots[0]!.imagery.some((item) => item.term === term && item.motif === motif), `${line}: ${term} → ${motif}`);
      const scene = paintScene(plan, 0, W, H);
      assert.ok(scene.drawn.some((d) => d.term === term && d.motif === motif), `${line}: drawn ${JSON.stringify(scene.drawn)}`);
      const anchor = scene.stage.anchors.get(motif)!;
      assert.ok(inkAround(scene, anchor) >= 6, `${line}: ink around ${motif}`);
    }
  });

  it('paints the same pixels for the same plan, every time', () => {
    const plan = interpretPoem({
      id: null,
      title: '试',
      author: '佚名',
      dynasty: '唐',
      lines: ['两岸猿声啼不住', '柴门闻犬吠', '琵琶弦上说相思', '醉里挑灯看剑'],
    });
    for (let s = 0; s < plan.shots.length; s++) {
      const first = pixelsHash(paintScene(plan, s, W, H));
      const again = pixelsHash(paintScene(plan, s, W, H));
      assert.equal(again, first, `shot ${s}`);
    }
  });
});
