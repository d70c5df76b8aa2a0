// Prosody of a poem: pinyin per character (classical readings where recitation needs them), 平仄
// per character (入声 counted as 仄), the caesura (from segmentation), and the rhyme at line ends.
// Used for narration pauses and timing, and shown to reviewers.
import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import type { Caesura } from './segmentation.js';
import type { LineProsody } from './shot-plan.js';

interface ReadingsData {
  words: Record<string, string[]>;
  rhymeReadings: Record<string, string>;
}

interface ProsodyData {
  /** Whole-word readings, longest first. */
  words: [string, string[]][];
  rhymeReadings: Map<string, string>;
  rusheng: Set<string>;
}

let data: ProsodyData | undefined;

function prosodyData(): ProsodyData {
  if (data) return data;
  const readings = JSON.parse(readFileSync(new URL('./data/readings.json', import.meta.url), 'utf8')) as ReadingsData;
  const rushengText = readFileSync(new URL('./data/rusheng.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((row) => !row.startsWith('#'))
    .join('');
  data = {
    words: Object.entries(readings.words).sort((a, b) => [...b[0]].length - [...a[0]].length),
    rhymeReadings: new Map(Object.entries(readings.rhymeReadings)),
    rusheng: new Set([...rushengText].filter((char) => /\p{Script=Han}/u.test(char))),
  };
  return data;
}

const HAN = /^\p{Script=Han}$/u;

const TONED: Record<string, [string, number]> = {};
for (const [base, marks] of Object.entries({ a: 'āáǎà', e: 'ēéěè', i: 'īíǐì', o: 'ōóǒò', u: 'ūúǔù', ü: 'ǖǘǚǜ' })) {
  [...marks].forEach((mark, index) => {
    TONED[mark] = [base, index + 1];
  });
}

/** A syllable without its tone mark, and the tone (1–4; 0 when unmarked). */
export function splitTone(syllable: string): { base: string; tone: number } {
  let tone = 0;
  let base = '';
  for (const char of syllable.normalize('NFC')) {
    const toned = TONED[char];
    if (toned) {
      base += toned[0];
      tone = toned[1];
    } else base += char === 'v' ? 'ü' : char;
  }
  return { base, tone };
}

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's'];
const Y_W: Record<string, string> = {
  yi: 'i', ya: 'ia', ye: 'ie', yao: 'iao', you: 'iu', yan: 'ian', yin: 'in', yang: 'iang', ying: 'ing', yong: 'iong',
  yu: 'ü', yue: 'üe', yuan: 'üan', yun: 'ün', yo: 'o',
  wu: 'u', wa: 'ua', wo: 'uo', wai: 'uai', wei: 'ui', wan: 'uan', wen: 'un', wang: 'uang', weng: 'ong',
};

/** The final of a toneless syllable (`xiang` → `iang`, `yu` → `ü`, `ju` → `ü`). */
export function finalOf(base: string): string {
  const yw = Y_W[base];
  if (yw) return yw;
  const initial = INITIALS.find((candidate) => base.startsWith(candidate)) ?? '';
  let final = base.slice(initial.length);
  if ((initial === 'j' || initial === 'q' || initial === 'x') && final.startsWith('u')) final = `ü${final.slice(1)}`;
  return final;
}

/**
 * The rhyme group of a syllable: finals that rhyme in recitation share a group (a modern grouping
 * close to 中华新韵, with 支/齐 merged and ü kept with u as in the old 鱼/虞 rhymes).
 */
export function rhymeGroupOf(syllable: string): string | null {
  const { base } = splitTone(syllable);
  if (!/^[a-zü]+$/.test(base)) return null;
  const final = finalOf(base);
  const groups: [string, string[]][] = [
    ['a', ['a', 'ia', 'ua']],
    ['o', ['o', 'uo', 'e']],
    ['ie', ['ie', 'üe', 've']],
    ['ai', ['ai', 'uai']],
    ['ei', ['ei', 'ui', 'uei']],
    ['ao', ['ao', 'iao']],
    ['ou', ['ou', 'iu', 'iou']],
    ['an', ['an', 'ian', 'uan', 'üan']],
    ['en', ['en', 'in', 'un', 'ün', 'uen']],
    ['ang', ['ang', 'iang', 'uang']],
    ['eng', ['eng', 'ing', 'ong', 'iong']],
    ['i', ['i', 'er']],
    ['u', ['u', 'ü']],
  ];
  for (const [group, finals] of groups) if (finals.includes(final)) return group;
  return null;
}

/** 平 (level), 仄 (oblique) or ? for a character and its reading. */
export function levelOrOblique(char: string, syllable: string): '平' | '仄' | '?' {
  if (!HAN.test(char)) return '?';
  const { tone } = splitTone(syllable);
  if (tone === 3 || tone === 4) return '仄';
  if (tone === 1 || tone === 2) return prosodyData().rusheng.has(char) ? '仄' : '平';
  return '?';
}

/** Pinyin with tone marks for each character of a line ('' for a character that is not Han). */
export function pinyinOfLine(line: string): string[] {
  const chars = [...line];
  const readings = pinyin(line, { type: 'array', toneSandhi: false });
  const syllables = chars.map((char, i) => {
    if (!HAN.test(char)) return '';
    const reading = readings.length === chars.length ? (readings[i] ?? '') : '';
    // Neutral-tone readings (妃子 → zi) fall back to the character's own citation reading.
    if (reading && splitTone(reading).tone !== 0) return reading;
    const own = pinyin(char, { type: 'array', toneSandhi: false })[0] ?? '';
    return own === char ? '' : own;
  });
  const { words } = prosodyData();
  const text = chars.join('');
  for (const [word, wordReadings] of words) {
    let from = text.indexOf(word);
    while (from !== -1) {
      const position = [...text.slice(0, from)].length;
      wordReadings.forEach((reading, k) => {
        syllables[position + k] = reading;
      });
      from = text.indexOf(word, from + word.length);
    }
  }
  return syllables;
}

export interface PoemProsody {
  lines: LineProsody[];
  /** The poem's main rhyme group, or null when no line-end rhyme stands out. */
  rhymeGroup: string | null;
}

/** Prosody of every line; `caesuras[i]` is line i's caesura from segmentation. */
export function analyseProsody(lines: readonly string[], caesuras: readonly Caesura[]): PoemProsody {
  const { rhymeReadings } = prosodyData();
  const pinyins = lines.map((line) => pinyinOfLine(line));
  const lastIndex = (line: string) => [...line].length - 1;
  const endGroups = lines.map((line, i) => {
    const syllable = pinyins[i]?.[lastIndex(line)] ?? '';
    return syllable ? rhymeGroupOf(syllable) : null;
  });
  // Couplet ends (the 2nd, 4th … line) carry the rhyme; the 1st line often joins them.
  const votes = new Map<string, number>();
  endGroups.forEach((group, i) => {
    if (group) votes.set(group, (votes.get(group) ?? 0) + (i % 2 === 1 || lines.length === 1 ? 2 : 1));
  });
  let rhymeGroup: string | null = null;
  let best = 1;
  for (const [group, count] of votes) {
    if (count > best) {
      best = count;
      rhymeGroup = group;
    }
  }
  const result = lines.map((line, i): LineProsody => {
    const chars = [...line];
    const syllables = pinyins[i] ?? [];
    const last = lastIndex(line);
    const lastChar = chars[last] ?? '';
    let group = endGroups[i] ?? null;
    // An older reading keeps the rhyme where the modern one breaks it (远上寒山石径斜 xiá).
    const older = rhymeReadings.get(lastChar);
    if (rhymeGroup && group !== rhymeGroup && older && rhymeGroupOf(older) === rhymeGroup) {
      syllables[last] = older;
      group = rhymeGroup;
    }
    const tones = chars.map((char, k) => levelOrOblique(char, syllables[k] ?? '')).join('');
    const caesura = caesuras[i] ?? { major: [], minor: [] };
    return {
      line: i,
      pinyin: syllables,
      tones,
      caesura: { major: [...caesura.major], minor: [...caesura.minor] },
      rhyme: lastChar && HAN.test(lastChar) && group ? { char: lastChar, group, rhymes: group === rhymeGroup } : null,
    };
  });
  return { lines: result, rhymeGroup };
}
