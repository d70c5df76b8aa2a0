// Pasted poem text → lines, and the one normalisation every poem goes through before
// interpretation (corpus poems too): verse lines without punctuation, each remembering how it ended.
//
// `parsePoemText` splits on 。！？； and new lines (ASCII . ! ? ; too) and rejects what cannot be a
// poem with one clear error each: empty text, text without Chinese, text too long to be one poem.
// `splitVerseLines` then cuts each of those at ，、： so a couplet becomes its two verse lines
// (床前明月光，疑是地上霜。 → 床前明月光 / 疑是地上霜), which is what a shot covers.

/** Longest pasted text accepted (the longest classical narrative poems are under 3,000 characters). */
export const MAX_POEM_TEXT_LENGTH = 10_000;

export type PoemInputProblem = 'empty' | 'not-chinese' | 'too-long';

export class PoemInputError extends Error {
  override name = 'PoemInputError';
  readonly userFacing = true;
  constructor(
    readonly problem: PoemInputProblem,
    message: string,
  ) {
    super(message);
  }
}

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
/** Letters of any script (Han, Latin, Cyrillic …): what "mostly Chinese" is measured against. */
const LETTER_GLOBAL = /\p{L}/gu;

const NEWLINE = /[\n\r\u2028\u2029]/u;
const SENTENCE_SPLIT = /(?<=[。！？；.!?;])|[\n\r\u2028\u2029]+/u;
const PUNCTUATION = /[\p{P}\p{S}\s]/gu;

/**
 * Splits pasted text into the poem's sentences (each keeps its closing punctuation).
 * Throws PoemInputError when the text is empty, not Chinese, or too long.
 */
export function parsePoemText(text: string): string[] {
  if (text.length > MAX_POEM_TEXT_LENGTH) {
    throw new PoemInputError(
      'too-long',
      `The text is ${text.length.toLocaleString('en-US')} characters long; a poem must be at most ${MAX_POEM_TEXT_LENGTH.toLocaleString('en-US')} characters (paste one poem at a time).`,
    );
  }
  const letters = text.match(LETTER_GLOBAL)?.length ?? 0;
  const han = text.match(HAN_GLOBAL)?.length ?? 0;
  if (text.replace(PUNCTUATION, '').length === 0) {
    throw new PoemInputError('empty', 'The poem text is empty: paste the poem’s lines, separated by 。！？； or new lines.');
  }
  if (han === 0 || han * 2 < letters) {
    throw new PoemInputError(
      'not-chinese',
      han === 0
        ? 'The text has no Chinese characters; Shiying reads classical Chinese poems (e.g. 床前明月光，疑是地上霜。).'
        : `The text is mostly not Chinese (${han} Chinese characters among ${letters} letters); paste the poem itself, in Chinese.`,
    );
  }
  return text
    .split(SENTENCE_SPLIT)
    .map((sentence) => sentence.trim())
    .filter((sentence) => HAN.test(sentence));
}

export interface VerseLine {
  /** The line's characters without punctuation or spaces. */
  text: string;
  /** How it ended: `，` inside a sentence, `。` (or `？` `！` `；`) at a sentence end. */
  end: string;
}

const LINE_SPLIT = /([，,、：:。！？；.!?;\n\r\u2028\u2029])/u;
const FULL_WIDTH: Record<string, string> = { ',': '，', ':': '：', '.': '。', '!': '！', '?': '？', ';': '；', '、': '，', '：': '，' };

/**
 * Verse lines of a poem given as lines or sentences (from the corpus or `parsePoemText`):
 * cut at every punctuation mark, stripped of punctuation and spaces, empty pieces dropped.
 */
export function splitVerseLines(rawLines: readonly string[]): VerseLine[] {
  const verse: VerseLine[] = [];
  for (const raw of rawLines) {
    const parts = raw.split(LINE_SPLIT);
    for (let i = 0; i < parts.length; i += 2) {
      const text = (parts[i] ?? '').replace(PUNCTUATION, '');
      const mark = parts[i + 1];
      if (text.length === 0) {
        // A mark with no text before it closes the previous line (e.g. "……。").
        const previous = verse[verse.length - 1];
        if (previous && mark && !NEWLINE.test(mark)) previous.end = FULL_WIDTH[mark] ?? mark;
        continue;
      }
      const end = mark === undefined || NEWLINE.test(mark) ? '。' : (FULL_WIDTH[mark] ?? mark);
      verse.push({ text, end });
    }
  }
  return verse;
}
