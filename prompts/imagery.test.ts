import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { extractImagery } from './imagery.js';
import { interpretPoem } from './interpret.js';
import { segmentLine } from './segmentation.js';

interface FixturePoem {
  title: string;
  author: string;
  dynasty: string;
  form?: string;
  lines: string[];
  images: Record<string, string[]>;
}

function loadFixture(name: string): FixturePoem[] {
  return (JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { poems: FixturePoem[] }).poems;
}

/**
 * Recall of annotated image words: a word counts as found when an imagery item on the same line
 * names it, is part of it or contains it (西岭 is found by 岭; 万重山 by 万重山).
 */
function recall(poems: FixturePoem[]): { found: number; total: number; misses: string[] } {
  let found = 0;
  let total = 0;
  const misses: string[] = [];
  for (const poem of poems) {
    const plan = interpretPoem({ id: null, title: poem.title, author: poem.author, dynasty: poem.dynasty, ...(poem.form ? { form: poem.form } : {}), lines: poem.lines });
    const items = plan.shots.flatMap((shot) => shot.imagery);
    for (const [line, words] of Object.entries(poem.images)) {
      const lineIndexes = plan.poem.lines.flatMap((text, index) => (text === line ? [index] : []));
      assert.ok(lineIndexes.length > 0, `${poem.title}: the fixture line ${line} is not a line of the plan (${plan.poem.lines.join('/')})`);
      const onLine = items.filter((item) => lineIndexes.includes(item.line));
      for (const word of words) {
        total += 1;
        if (onLine.some((item) => item.term.includes(word) || word.includes(item.term))) found += 1;
        else misses.push(`${poem.title} ${line}: ${word}`);
      }
    }
  }
  return { found, total, misses };
}

describe('imagery recall over annotated famous poems', () => {
  const famous = loadFixture('famous-poems.json');

  it('the fixture has at least 40 poems from 唐诗三百首 and 宋词三百首', () => {
    assert.ok(famous.length >= 40);
    assert.ok(famous.some((poem) => poem.dynasty === '唐'));
    assert.ok(famous.some((poem) => poem.dynasty === '宋' && poem.form));
  });

  it('finds at least 90% of the image words readers expect', () => {
    const { found, total, misses } = recall(famous);
    const value = found / total;
    assert.ok(value >= 0.9, `recall ${value.toFixed(3)} (${found}/${total}); missed: ${misses.join('; ')}`);
  });

  it('finds at least 85% on held-out poems the lexicon was not tuned on', () => {
    const { found, total, misses } = recall(loadFixture('held-out-poems.json'));
    const value = found / total;
    assert.ok(value >= 0.85, `recall ${value.toFixed(3)} (${found}/${total}); missed: ${misses.join('; ')}`);
  });

  it('every imagery item of every fixture poem satisfies lines[line].slice(start, end) === term', () => {
    for (const poem of [...famous, ...loadFixture('held-out-poems.json')]) {
      const plan = interpretPoem({ id: null, title: poem.title, author: poem.author, dynasty: poem.dynasty, lines: poem.lines });
      for (const shot of plan.shots) {
        for (const item of [...shot.imagery, ...(shot.continuity?.carryOver ?? [])]) {
          assert.equal(plan.poem.lines[item.line]?.slice(item.start, item.end), item.term, `${poem.title}: ${JSON.stringify(item)}`);
        }
      }
    }
  });
});

function imagesOf(line: string, meter: 'regular' | 'free' = 'regular') {
  return extractImagery(line, 0, segmentLine(line, meter).segments);
}

describe('extractImagery', () => {
  it('takes the longest lexicon match over whole segments', () => {
    const terms = imagesOf('孤帆远影碧空尽').map((item) => item.term);
    assert.deepEqual(terms, ['孤帆', '远影', '碧空']);
    assert.deepEqual(
      imagesOf('故人西辞黄鹤楼').map((item) => item.term),
      ['故人', '黄鹤楼'],
    );
  });

  it('finds images inside a segment that is not itself an image (窗含 → 窗, 月落 → 月)', () => {
    const items = imagesOf('窗含西岭千秋雪');
    assert.deepEqual(
      items.map((item) => [item.term, item.start]),
      [
        ['窗', 0],
        ['岭', 3],
        ['雪', 6],
      ],
    );
    assert.equal(imagesOf('月落乌啼霜满天')[0]?.term, '月');
  });

  it('does not see the sun in 今日 or wind in 风流', () => {
    assert.deepEqual(
      extractImagery('今日风流', 0, [
        { text: '今日', start: 0, end: 2 },
        { text: '风流', start: 2, end: 4 },
      ]),
      [],
    );
  });

  it('carries the lexicon entry: visual, symbolism, motif and category', () => {
    const [willow] = imagesOf('羌笛何须怨杨柳').filter((item) => item.term === '杨柳');
    assert.ok(willow);
    assert.equal(willow.motif, 'willow');
    assert.match(willow.symbolism, /parting/);
    assert.equal(willow.category, 'plant');
    assert.equal(willow.source, 'lexicon');
  });

  it('turns a noun the lexicon lacks into a fallback image with a generic visual', () => {
    const items = imagesOf('不及汪伦送我情');
    const names = items.map((item) => item.term);
    assert.ok(names.includes('我'));
    const unknown = imagesOf('华表千年鹤一归').find((item) => item.source === 'fallback');
    assert.ok(unknown, 'a fallback item for 华表 (an ornamental column the lexicon lacks)');
    assert.deepEqual([unknown.term, unknown.start, unknown.end, unknown.category], ['华表', 0, 2, 'unknown']);
    assert.match(unknown.visual, /华表 \(huá biǎo\)/);
  });

  it('does not make abstractions into fallback images (相思, 无情, 心事)', () => {
    for (const line of ['此物最相思', '多情却被无情恼', '心事浩茫连广宇']) {
      assert.ok(
        imagesOf(line).every((item) => item.source !== 'fallback' || !/相思|无情|多情|心事/.test(item.term)),
        line,
      );
    }
  });

  it('keeps offsets valid on lines with characters outside the BMP', () => {
    const line = '𠀀明月𠀁照';
    for (const item of imagesOf(line, 'free')) assert.equal(line.slice(item.start, item.end), item.term);
  });
});
