import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExtractedImage } from './imagery.js';
import { lexicon } from './lexicon/index.js';
import type { Setting } from './setting.js';
import { continuityOf, groupLines, MAX_SHOTS, planCamera, roleOf, type ShotAnalysis } from './shot-planner.js';

const night: Setting = { timeOfDay: 'night', season: 'autumn', weather: 'clear', place: 'river' };

function image(term: string, line = 0, start = 0): ExtractedImage {
  const entry = lexicon().bySurface.get(term);
  assert.ok(entry, term);
  return { term, visual: entry.en, symbolism: entry.symbolism, line, start, end: start + term.length, ...(entry.motif ? { motif: entry.motif } : {}), category: entry.category, source: 'lexicon', entry, scale: entry.scale };
}

function shot(text: string, images: ExtractedImage[], role: ShotAnalysis['role'] = 'continue', emotional = false): ShotAnalysis {
  return { text, images, setting: night, role, emotional };
}

describe('groupLines', () => {
  const lines = (texts: string[], ends?: string[]) => texts.map((text, i) => ({ text, end: ends?.[i] ?? '。' }));

  it('gives each line of a 诗 its own shot', () => {
    assert.deepEqual(groupLines(lines(['一', '二', '三', '四']), 'shi'), [[0], [1], [2], [3]]);
  });

  it('groups a 词 up to each sentence end, at most three lines', () => {
    const groups = groupLines(lines(['寻寻觅觅', '冷冷清清', '凄凄惨惨戚戚', '乍暖还寒时候', '最难将息'], ['，', '，', '。', '，', '。']), 'lyric');
    assert.deepEqual(groups, [[0, 1, 2], [3, 4]]);
  });

  it('never plans more than MAX_SHOTS shots, and covers every line once, in order', () => {
    const many = lines(Array.from({ length: 301 }, () => '床前明月光'));
    for (const kind of ['shi', 'lyric'] as const) {
      const groups = groupLines(many, kind);
      assert.ok(groups.length <= MAX_SHOTS);
      assert.deepEqual(groups.flat(), many.map((_, i) => i));
    }
  });
});

describe('roleOf', () => {
  it('assigns 起承转合 by quarters', () => {
    assert.deepEqual([0, 1, 2, 3].map((i) => roleOf(i, 4)), ['open', 'continue', 'turn', 'close']);
    assert.deepEqual([0, 1].map((i) => roleOf(i, 2)), ['open', 'close']);
    assert.equal(roleOf(0, 1), 'open');
  });
});

describe('planCamera', () => {
  it('opens a vast landscape extreme-wide with a crane reveal', () => {
    assert.deepEqual(planCamera(shot('千山鸟飞绝', [image('千山')], 'open'), undefined), { move: 'crane-up', shotSize: 'extreme-wide' });
  });

  it('tilts up at heights and down at falling water', () => {
    assert.equal(planCamera(shot('更上一层楼', [image('楼')]), undefined).move, 'tilt-up');
    assert.equal(planCamera(shot('飞流直下三千尺', [image('飞流')]), undefined).move, 'tilt-down');
  });

  it('pans with a river, leftward when it goes west', () => {
    assert.equal(planCamera(shot('碧水东流至此回', [image('碧水')]), undefined).move, 'pan-right');
    assert.equal(planCamera(shot('故人西辞', [image('流水')]), undefined).move, 'pan-left');
  });

  it('pushes in on a detail that carries feeling', () => {
    assert.deepEqual(planCamera(shot('感时花溅泪', [image('花'), image('泪')], 'continue', true), undefined), { move: 'push-in', shotSize: 'extreme-close-up' });
  });

  it('changes size and move at the turn', () => {
    const previous = { move: 'static', shotSize: 'wide' } as const;
    const turn = planCamera(shot('举头望明月', [image('明月')], 'turn'), previous);
    assert.notEqual(turn.shotSize, previous.shotSize);
    assert.notEqual(turn.move, previous.move);
  });
});

describe('continuityOf', () => {
  it('keeps the moon and the boat in view while the night and the river last, traced to their words', () => {
    const moon = image('明月', 0, 0);
    const boat = image('孤舟', 1, 0);
    const carried = continuityOf([
      { images: [moon], setting: night },
      { images: [boat], setting: night },
      { images: [], setting: night },
      { images: [], setting: { ...night, timeOfDay: 'dawn', place: 'mountain' } },
    ]);
    assert.deepEqual(carried[0], []);
    assert.deepEqual(carried[1]?.map((item) => item.term), ['明月']);
    assert.deepEqual(carried[2]?.map((item) => item.term), ['明月', '孤舟']);
    assert.deepEqual(carried[3], [], 'dawn in the mountains: the night moon and the river boat are gone');
    assert.deepEqual(carried[2]?.[1] && { line: carried[2][1].line, start: carried[2][1].start, end: carried[2][1].end }, { line: 1, start: 0, end: 2 });
  });
});
