// The form of a poem (五言绝句, 七言律诗, 词 …) from what the corpus says or from its line lengths,
// and the two things the rest of interpretation needs from it: whether lines have the regular
// 2|3 / 2|2|3 rhythm of 诗, and how lines group into shots.

import { readFileSync } from 'node:fs';

export type PoemKind = 'shi' | 'lyric';

export interface PoemForm {
  /** Human name: the corpus's form, a 词牌, or one derived from line lengths (五言绝句 …). */
  name: string;
  /** `shi`: 诗 with fixed-length lines; `lyric`: 词, 曲 and other lines of varying length. */
  kind: PoemKind;
}

const NUMBERS: Record<number, string> = { 4: '四言', 5: '五言', 6: '六言', 7: '七言' };

let tunes: ReadonlySet<string> | undefined;

/** 词牌 and 曲牌 names known to the classical dictionary (entries tagged `nz`). */
function knownTunes(): ReadonlySet<string> {
  tunes ??= new Set(
    readFileSync(new URL('./data/classical.dict.utf8', import.meta.url), 'utf8')
      .split('\n')
      .map((row) => row.split(' '))
      .filter((fields) => fields[2] === 'nz')
      .map((fields) => fields[0] ?? ''),
  );
  return tunes;
}

/** Does the corpus's form name a 词 or 曲 (词, 宋词, 小令, 散曲, or a 词牌 such as 念奴娇)? */
function namesLyric(form: string): boolean {
  const tune = form.split(/[·・（(]/u)[0] ?? form;
  if (knownTunes().has(tune)) return true;
  return /词|曲|令|慢|引|近|子$|乐$|调|歌头|犯/.test(form) && !/[五七]言|诗|乐府|歌行|古风/.test(form);
}

export function formOf(lines: readonly string[], declared?: string): PoemForm {
  const lengths = lines.map((line) => [...line].length);
  const uniform = lengths.length > 0 && lengths.every((length) => length === lengths[0]);
  const declaredName = declared?.trim() ?? '';
  if (declaredName) {
    if (namesLyric(declaredName)) return { name: declaredName, kind: 'lyric' };
    if (/诗|绝|律|古|乐府|歌|行|言|吟|引|辞|篇/.test(declaredName)) return { name: declaredName, kind: 'shi' };
  }
  const length = lengths[0] ?? 0;
  if (uniform && NUMBERS[length]) {
    const prefix = NUMBERS[length];
    const count = lines.length;
    let name = `${prefix}古诗`;
    if ((length === 5 || length === 7) && count === 4) name = `${prefix}绝句`;
    else if ((length === 5 || length === 7) && count === 8) name = `${prefix}律诗`;
    else if (length === 5 && count > 8 && count % 2 === 0 && count <= 40) name = '五言排律';
    else if (length === 4) name = '四言诗';
    return { name: declaredName || name, kind: 'shi' };
  }
  // Mostly 5- or 7-character lines with a few others: a 杂言 古诗 (将进酒), still read as 诗.
  const regular = lengths.filter((n) => n === 5 || n === 7).length;
  if (lengths.length > 0 && regular / lengths.length >= 0.6) return { name: declaredName || '杂言古诗', kind: 'shi' };
  return { name: declaredName || '词', kind: 'lyric' };
}
