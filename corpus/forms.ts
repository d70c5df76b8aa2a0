// Verse form (体裁): 四言, 五言/六言/七言 绝句 and 律诗 (排律 for longer regulated poems), 古诗,
// 杂言, 乐府, 骚体, 词 with its 词牌, 曲 with its 曲牌. Detected from line lengths and counts;
// where the data has the tone pattern (strains), 律诗 and 排律 must also keep the tonal rules
// (二四分明, 对, 粘, 平-rhymed couplets), otherwise the poem is 古诗.
import type { VerseKind } from './collections.js';
import { lineLength } from './lines.js';

export interface FormInput {
  kind: VerseKind;
  /** Lines as split by `verseLines`. */
  lines: readonly string[];
  /** Title in Simplified. */
  title: string;
  /** 词牌 from the source (`rhythmic`), for 词. */
  rhythmic?: string | null;
  /** A classification the source itself gives (唐诗三百首's `五言絕句`, `樂府` …), in Simplified. */
  hint?: string | null;
  /** Tone pattern per line (`平平仄仄平，`), aligned with `lines`. */
  strains?: readonly string[] | null;
  /** Known 曲牌, for picking the tune out of a 元曲 title. */
  quTunes?: ReadonlySet<string>;
  /** The tune of the previous 曲 in the source (for `同前`, `幺篇`). */
  previousTune?: string | null;
}

export interface DetectedForm {
  form: string;
  /** 词牌 or 曲牌; null for 诗. */
  tune: string | null;
}

const NUMBER_WORDS: Record<number, string> = { 3: '三', 4: '四', 5: '五', 6: '六', 7: '七' };

/** The twelve 乐府诗集 categories that prefix 乐府 titles in 全唐诗 (`相和歌辞 蜀道难`). */
const YUEFU_CATEGORIES = [
  '郊庙歌辞',
  '燕射歌辞',
  '鼓吹曲辞',
  '横吹曲辞',
  '相和歌辞',
  '清商曲辞',
  '舞曲歌辞',
  '琴曲歌辞',
  '杂曲歌辞',
  '近代曲辞',
  '杂歌谣辞',
  '新乐府辞',
];

/** Titles that only say "lines" (句): fragments, not named poems. */
const FRAGMENT_TITLE = /^(句|断句|佚句|残句|失题句)(\s*其[一二三四五六七八九十百]+)?$/;

export function isFragmentTitle(title: string): boolean {
  return FRAGMENT_TITLE.test(title.trim());
}

/** 宫调 names that open 元曲 titles (`商调・梧叶儿春夜`). */
const GONGDIAO = new Set([
  '仙吕',
  '仙吕宫',
  '中吕',
  '中吕宫',
  '南吕',
  '南吕宫',
  '正宫',
  '黄钟',
  '黄钟宫',
  '大石调',
  '大石',
  '小石调',
  '般涉调',
  '商调',
  '商角调',
  '角调',
  '双调',
  '越调',
  '高平调',
  '歇指调',
  '宫调',
  '道宫',
]);

/** Titles that repeat the previous 曲's tune. */
const SAME_TUNE = new Set(['同前', '幺', '幺篇', '么', '么篇', '又', '前腔']);

const FORM_HINTS = new Set([
  '四言诗',
  '五言绝句',
  '五言律诗',
  '五言排律',
  '五言古诗',
  '六言绝句',
  '六言律诗',
  '七言绝句',
  '七言律诗',
  '七言排律',
  '七言古诗',
  '杂言古诗',
  '乐府',
]);

export function detectForm(input: FormInput): DetectedForm {
  switch (input.kind) {
    case 'ci':
      return { form: '词', tune: ciTune(input.rhythmic ?? input.title) };
    case 'qu':
      return { form: '曲', tune: quTune(input.title, input.quTunes ?? new Set(), input.previousTune ?? null) };
    case 'mixed': {
      const parts = input.title.split(/[・·]/);
      if (parts.length > 1 && parts[0]!.trim()) return { form: '词', tune: parts[0]!.trim() };
      return { form: shiForm(input), tune: null };
    }
    case 'sao': {
      const withXi = input.lines.filter((line) => line.includes('兮')).length;
      // 骚体: 兮 in one line of most couplets (离骚: 帝高阳之苗裔兮，朕皇考曰伯庸。).
      if (input.lines.length > 0 && withXi * 3 >= input.lines.length) return { form: '骚体', tune: null };
      return { form: shiForm(input), tune: null };
    }
    case 'shi':
      return { form: shiForm(input), tune: null };
  }
}

function shiForm(input: FormInput): string {
  const hint = input.hint ? normaliseHint(input.hint) : null;
  if (hint) return hint;
  const title = input.title.trim();
  if (YUEFU_CATEGORIES.some((category) => title.startsWith(category))) return '乐府';
  if (isFragmentTitle(title)) return '残句';
  const lengths = input.lines.map(lineLength).filter((n) => n > 0);
  if (lengths.length === 0) return '杂言古诗';
  const n = lengths[0]!;
  if (!lengths.every((length) => length === n)) return '杂言古诗';
  const count = lengths.length;
  const prefix = NUMBER_WORDS[n];
  if (!prefix) return '杂言古诗';
  if (n === 3 || n === 4) return `${prefix}言诗`;
  if (n === 6) {
    if (count === 4) return '六言绝句';
    if (count === 8) return '六言律诗';
    return '六言诗';
  }
  // 五言 / 七言
  if (count === 4) return `${prefix}言绝句`;
  if (count === 8 || (count >= 10 && count % 2 === 0)) {
    const regulated = input.strains ? isRegulated(input.strains) : null;
    if (count === 8) return regulated === false ? `${prefix}言古诗` : `${prefix}言律诗`;
    return regulated === true ? `${prefix}言排律` : `${prefix}言古诗`;
  }
  return `${prefix}言古诗`;
}

function normaliseHint(hint: string): string | null {
  const trimmed = hint.trim();
  if (FORM_HINTS.has(trimmed)) return trimmed;
  if (trimmed === '乐府诗') return '乐府';
  return null;
}

type Tone = 'P' | 'Z' | null;

function tones(strainsLine: string): Tone[] {
  const out: Tone[] = [];
  for (const ch of strainsLine) {
    if (ch === '平') out.push('P');
    else if (ch === '仄') out.push('Z');
    else if (isToneMark(ch.charCodeAt(0))) out.push(null);
  }
  return out;
}

/**
 * Whether a tone pattern keeps the rules of regulated verse (近体): 二四(六)分明 within each line,
 * 对 within each couplet and 粘 between couplets (on the second character), and level-tone
 * rhymes at the end of each couplet. A few breaks are allowed (拗救, multi-reading characters).
 * Returns null when too few tones are known to judge.
 */
export function isRegulated(strains: readonly string[]): boolean | null {
  const lines = strains.map(tones);
  let checks = 0;
  let breaks = 0;
  const compare = (a: Tone | undefined, b: Tone | undefined, same: boolean) => {
    if (!a || !b) return;
    checks++;
    if ((a === b) !== same) breaks++;
  };
  lines.forEach((line, i) => {
    compare(line[1], line[3], false);
    if (line.length >= 7) compare(line[3], line[5], false);
    if (i % 2 === 1) {
      compare(lines[i - 1]![1], line[1], false); // 对
      const last = line[line.length - 1];
      if (last) {
        checks++;
        if (last !== 'P') breaks++;
      }
      const next = lines[i + 1];
      if (next) compare(line[1], next[1], true); // 粘
    }
  });
  if (checks < lines.length) return null;
  return breaks / checks <= 0.15;
}

/** The 词牌 of a 词: `木兰花・玉楼春` (a tune and its other name) → `木兰花`. */
export function ciTune(rhythmic: string): string | null {
  const tune = rhythmic.split(/[・·]/)[0]!.trim().replace(/\s*其[一二三四五六七八九十]+$/, '');
  return tune || null;
}

/**
 * The 曲牌 of a 元曲 from its title, which comes as `剧名・曲牌`, `剧名・宫调/曲牌`,
 * `宫调・曲牌题目`, a bare `曲牌`, or `同前` (the previous tune).
 */
export function quTune(title: string, known: ReadonlySet<string>, previous: string | null): string | null {
  const parts = title
    .split(/[・·]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return previous;
  const first = parts[0]!;
  if (SAME_TUNE.has(first)) return previous;
  if (parts.length === 1) return first.length <= 8 ? (first.split('/').pop() ?? first) : previous;
  if (GONGDIAO.has(first)) return longestKnownPrefix(parts[1]!, known) ?? parts[1]!.slice(0, 8);
  const last = parts[parts.length - 1]!;
  if (last.includes('/')) return last.split('/').pop()!.trim() || null;
  if (SAME_TUNE.has(last)) return previous;
  if (last.length <= 8 && !/[，。！？；]/.test(last)) return last;
  if (known.has(first)) return first;
  return longestKnownPrefix(last, known) ?? previous;
}

function longestKnownPrefix(text: string, known: ReadonlySet<string>): string | null {
  for (let length = Math.min(text.length, 8); length >= 2; length--) {
    const prefix = text.slice(0, length);
    if (known.has(prefix)) return prefix;
  }
  return null;
}

/** Collects the 曲牌 named plainly in 元曲 titles, for `quTune` to recognise in longer titles. */
export function knownQuTunes(titles: Iterable<string>): Set<string> {
  const tunes = new Set<string>();
  for (const title of titles) {
    const parts = title
      .split(/[・·]/)
      .map((part) => part.trim())
      .filter(Boolean);
    const last = parts[parts.length - 1];
    if (!last) continue;
    const candidate = last.includes('/') ? last.split('/').pop()!.trim() : last;
    if (parts.length === 1 || last.includes('/') || (parts.length === 2 && !GONGDIAO.has(parts[0]!))) {
      if (candidate.length >= 2 && candidate.length <= 6 && !SAME_TUNE.has(candidate) && !/[，。！？；()（）]/.test(candidate)) {
        tunes.add(candidate);
      }
    }
  }
  return tunes;
}

/**
 * ，。！；：(and ASCII) end a tone-pattern line. Not ？: in the strains files ？ marks a character of
 * unknown tone, and question marks of the poem appear there as ， or 。.
 */
function isStrainEnd(unit: number): boolean {
  return unit === 0xff0c || unit === 0x3002 || unit === 0xff01 || unit === 0xff1b || unit === 0xff1a || unit === 0x2c || unit === 0x21 || unit === 0x3b || unit === 0x3a;
}

/** 平 仄, and the marks for a character of either or unknown tone: ○ ？ ? ● ◎ */
function isToneMark(unit: number): boolean {
  return unit === 0x5e73 || unit === 0x4ec4 || unit === 0x25cb || unit === 0xff1f || unit === 0x3f || unit === 0x25cf || unit === 0x25ce;
}

/** Splits tone-pattern paragraphs into lines the way `splitLines` splits text. */
export function splitStrains(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    let start = 0;
    let marks = 0;
    for (let i = 0; i < paragraph.length; i++) {
      const unit = paragraph.charCodeAt(i);
      if (isToneMark(unit)) marks++;
      else if (isStrainEnd(unit)) {
        if (marks > 0) out.push(paragraph.slice(start, i + 1).trim());
        start = i + 1;
        marks = 0;
      }
    }
    if (marks > 0) out.push(paragraph.slice(start).trim());
  }
  return out;
}

function toneCount(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) if (isToneMark(line.charCodeAt(i))) count++;
  return count;
}

/** Strains aligned with lines (same count, one tone per character), or null. */
export function alignStrains(lines: readonly string[], strainParagraphs: readonly string[] | null | undefined): string[] | null {
  if (!strainParagraphs || strainParagraphs.length === 0) return null;
  const strains = splitStrains(strainParagraphs);
  if (strains.length !== lines.length) return null;
  for (let i = 0; i < lines.length; i++) if (toneCount(strains[i]!) !== lineLength(lines[i]!)) return null;
  return strains;
}
