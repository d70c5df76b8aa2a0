import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MOTIFS } from '../motifs.js';
import { MOODS } from '../mood.js';
import { LEXICON_DICT_PATH, lexiconSurfaces } from './build-user-dict.js';
import { buildLexicon, LEXICON_CATEGORIES } from './index.js';

describe('imagery lexicon', () => {
  const lexicon = buildLexicon();

  it('has at least 400 entries across every category', () => {
    assert.ok(lexicon.entries.length >= 400, `${lexicon.entries.length} entries`);
    for (const category of Object.values(LEXICON_CATEGORIES)) {
      assert.ok(
        lexicon.entries.some((entry) => entry.category === category),
        category,
      );
    }
  });

  it('covers the images the brief names', () => {
    const required =
      '月 明月 日 白日 星 银河 云 霞 雨 雪 风 霜 雾 烟 山 江 河 湖 海 瀑布 峰 沙 渚 岸 原 径 柳 松 竹 梅 菊 莲 藕花 桃花 草木 落木 枫 红豆 青苔 雁 鸥 鹭 猿 乌 鸦 黄鹂 马 犬 舟 孤舟 帆 渔火 钟声 酒 杯 琵琶 簪 床 窗 门 楼 亭 寺 城 关 烽火 家书 故人 渔翁 浣女 童子 征人 长安 扬州 黄鹤楼 阳关'.split(' ');
    const missing = required.filter((term) => !lexicon.bySurface.has(term));
    assert.deepEqual(missing, []);
  });

  it('uses only the renderer’s motif vocabulary and the mood vocabulary', () => {
    const motifs = new Set<string>(MOTIFS);
    for (const entry of lexicon.entries) {
      if (entry.motif) assert.ok(motifs.has(entry.motif), `${entry.term}: ${entry.motif}`);
      if (entry.mood) assert.ok(MOODS.includes(entry.mood), `${entry.term}: ${entry.mood}`);
    }
  });

  it('gives every entry a visual in both languages, a gloss and a scale', () => {
    for (const entry of lexicon.entries) {
      assert.ok(entry.en.length >= 3 && entry.zh.length >= 1 && entry.gloss.length >= 1 && entry.scale, entry.term);
    }
  });

  it('the generated jieba dictionary lists every multi-character surface form (run build-user-dict.ts after editing)', () => {
    const listed = new Set(
      readFileSync(LEXICON_DICT_PATH, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((row) => row.split(' ')[0]),
    );
    const missing = lexiconSurfaces().filter((surface) => !listed.has(surface));
    assert.deepEqual(missing, [], 'prompts/data/lexicon.dict.utf8 is out of date: node --import tsx prompts/lexicon/build-user-dict.ts');
  });

  it('rejects a surface form listed under two entries', () => {
    // buildLexicon throws on duplicates; the data files load, so there are none.
    const seen = new Map<string, string>();
    for (const entry of lexicon.entries) {
      for (const surface of [entry.term, ...(entry.also ?? [])]) {
        assert.equal(seen.get(surface), undefined, `${surface} in ${seen.get(surface)} and ${entry.term}`);
        seen.set(surface, entry.term);
      }
    }
  });
});
