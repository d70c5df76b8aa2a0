// What the Mandarin voice reads: tone-numbered pinyin per character (from the plan's prosody when
// it has it, else from pinyin-pro by context), with the classical overrides applied, and pauses
// at the caesura (五言 2|3, 七言 4|3 with a minor pause after 2) and at the line's end.
import { convert, pinyin } from 'pinyin-pro';
import type { LineProsody } from '../../prompts/shot-plan.js';
import { lineChars } from '../film/sync.js';
import { applyPolyphoneOverrides } from './polyphones.js';

export interface LineReading {
  /** The characters read (punctuation removed). */
  chars: string[];
  /** Tone-numbered pinyin, one per character (neutral tone as 5), e.g. `guang1`. */
  syllables: string[];
  /** Character offsets after which the reciter pauses. */
  pauses: { major: number[]; minor: number[] };
}

/** `míng` → `ming2`, `lǜ` → `lv4`, neutral `zi0`/`zi` → `zi5`. */
export function toneNumbered(syllable: string): string {
  let s = syllable.trim().toLowerCase();
  if (!s) return s;
  if (/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/.test(s)) s = convert(s, { format: 'symbolToNum' });
  s = s.replace(/ü/g, 'v').replace(/u:/g, 'v');
  if (/0$/.test(s)) return s.slice(0, -1) + '5';
  if (!/[1-5]$/.test(s)) return `${s}5`;
  return s;
}

/** The usual caesura of a line by its length. */
export function defaultPauses(length: number): { major: number[]; minor: number[] } {
  if (length === 5) return { major: [2], minor: [] };
  if (length === 7) return { major: [4], minor: [2] };
  if (length === 4) return { major: [2], minor: [] };
  if (length === 6) return { major: [2, 4], minor: [] };
  return { major: [], minor: [] };
}

export function readLine(text: string, prosody?: LineProsody): LineReading {
  const chars = lineChars(text);
  let syllables: string[];
  const fromPlan = prosody?.pinyin.filter((p) => p !== '');
  if (fromPlan && fromPlan.length === chars.length) {
    syllables = fromPlan.map(toneNumbered);
  } else {
    syllables = pinyin(chars.join(''), { toneType: 'num', type: 'array' }).map(toneNumbered);
  }
  syllables = applyPolyphoneOverrides(chars, syllables);
  const pauses = prosody?.caesura ?? defaultPauses(chars.length);
  return { chars, syllables, pauses: { major: [...pauses.major], minor: [...pauses.minor] } };
}

/** The text espeak-ng's `cmn-latn-pinyin` voice reads: syllables, a comma at the caesura, a full stop at the end. */
export function espeakInput(reading: LineReading): string {
  const parts: string[] = [];
  reading.syllables.forEach((syllable, i) => {
    parts.push(syllable);
    if (reading.pauses.major.includes(i + 1) && i + 1 < reading.syllables.length) parts[parts.length - 1] += ',';
  });
  return `${parts.join(' ')}.`;
}
