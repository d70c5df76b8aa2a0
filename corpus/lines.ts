// Verse lines: cleaning the package's paragraphs (editorial notes, footnote marks, glyph
// descriptions) and splitting them into lines (句). The package stores a couplet or a sentence
// per paragraph (`秦川雄帝宅，函谷壯皇居。`); a line here is one 句, ending at its punctuation,
// which it keeps (`秦川雄帝宅，`). 词 and 曲 sentences split the same way; the 顿号 `、` marks a
// pause inside a line (`惟是有、一波湘水，`) and does not end it.
//
// These run for every line of the corpus, so they scan character codes rather than use regexes.

/** Punctuation that ends a line: ，。？！；：and their ASCII forms, and the full-width full stop. */
const LINE_END = new Set([0xff0c, 0x3002, 0xff1f, 0xff01, 0xff1b, 0xff1a, 0x2c, 0x3f, 0x21, 0x3b, 0x3a, 0xff0e]);
/** Closing quotes and brackets that belong to the line they follow: ”’」』》〉"'）)】〗］ */
const CLOSERS = new Set([0x201d, 0x2019, 0x300d, 0x300f, 0x300b, 0x3009, 0x22, 0x27, 0xff09, 0x29, 0x3011, 0x3017, 0xff3d]);

/** Brackets around editorial notes: （…） (…) 〔…〕 */
const OPEN_NOTE = new Set([0xff08, 0x28, 0x3014]);
const CLOSE_NOTE = new Set([0xff09, 0x29, 0x3015]);

const TOFU = 0x25a1; // □, a character lost from the source
const BLACK_CIRCLE = 0x25cf; // ●, also used for lost characters

/** Whether a UTF-16 code unit is (part of) a Chinese character: CJK blocks, 〇, and surrogates. */
export function isHanUnit(unit: number): boolean {
  return (
    (unit >= 0x4e00 && unit <= 0x9fff) ||
    (unit >= 0x3400 && unit <= 0x4dbf) ||
    (unit >= 0xf900 && unit <= 0xfaff) ||
    unit === 0x3007 ||
    (unit >= 0xd840 && unit <= 0xd88f) // high surrogates of the CJK extension planes (U+20000–U+3FFFF)
  );
}

export interface CleanedText {
  lines: string[];
  /** Editorial notes removed from the text (variant readings, stage directions, sources). */
  notes: string[];
}

const COMPOSITE = /\{[^{}\n]{1,12}\}/g;
const FOOTNOTE_MARK = /〖[^〖〗\n]{0,20}〗/g;

/**
 * Removes editorial matter from a poem's text, keeping it as notes:
 * - parenthesised notes `（一作「東風細雨」）`, `(明年 一作：年年)`, `(正末云)`, `〔…〕` headings,
 *   including notes that run over several paragraphs;
 * - footnote marks `〖1〗`; editorial brackets around supplied text `［接梨過半箸］` (text kept);
 * - glyph descriptions `{上休下鳥}` are replaced by the character when `composites` knows it.
 */
export function removeNotes(text: string, composites?: ReadonlyMap<string, string>): { text: string; notes: string[] } {
  let source = text;
  if (composites && source.includes('{')) source = source.replace(COMPOSITE, (d) => composites.get(d) ?? d);
  if (source.includes('〖')) source = source.replace(FOOTNOTE_MARK, '');
  if (source.includes('［') || source.includes('］')) source = source.replace(/[［］]/g, '');
  const notes: string[] = [];
  let hasNote = false;
  for (let i = 0; i < source.length; i++) {
    const unit = source.charCodeAt(i);
    if (OPEN_NOTE.has(unit) || CLOSE_NOTE.has(unit)) {
      hasNote = true;
      break;
    }
  }
  if (!hasNote) return { text: source, notes };
  let out = '';
  let depth = 0;
  let noteStart = -1;
  let plainStart = 0;
  for (let i = 0; i < source.length; i++) {
    const unit = source.charCodeAt(i);
    if (OPEN_NOTE.has(unit)) {
      if (depth === 0) {
        out += source.slice(plainStart, i);
        noteStart = i + 1;
      }
      depth++;
    } else if (CLOSE_NOTE.has(unit)) {
      if (depth === 0) {
        out += source.slice(plainStart, i); // a stray closer
        plainStart = i + 1;
        continue;
      }
      depth--;
      if (depth === 0) {
        const note = source.slice(noteStart, i).trim();
        if (note) notes.push(note);
        plainStart = i + 1;
      }
    }
  }
  if (depth > 0) {
    // Never closed: drop the rest of that paragraph only, rather than lose the poem.
    const rest = source.slice(noteStart);
    const newline = rest.indexOf('\n');
    const note = (newline >= 0 ? rest.slice(0, newline) : rest).trim();
    if (note) notes.push(note);
    if (newline >= 0) out += rest.slice(newline);
  } else {
    out += source.slice(plainStart);
  }
  return { text: out, notes };
}

/** Splits text into verse lines; a newline always ends a line. Lines without characters are dropped. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let hasVerse = false;
  const push = (end: number) => {
    if (hasVerse) {
      const line = text.slice(start, end).trim();
      if (line) lines.push(line);
    }
    hasVerse = false;
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x0a || unit === 0x0d) {
      push(i);
      start = i + 1;
      continue;
    }
    if (isHanUnit(unit) || unit === TOFU) hasVerse = true;
    else if (LINE_END.has(unit)) {
      let end = i + 1;
      while (end < text.length && (CLOSERS.has(text.charCodeAt(end)) || LINE_END.has(text.charCodeAt(end)))) end++;
      push(end);
      start = end;
      i = end - 1;
    }
  }
  push(text.length);
  return lines;
}

/** Whether the text has a Chinese character (a line of lost characters □□□□□ has none). */
export function hasChineseCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHanUnit(text.charCodeAt(i))) return true;
  return false;
}

/** Cleans a poem's paragraphs and splits them into lines. */
export function verseLines(paragraphs: readonly string[], composites?: ReadonlyMap<string, string>): CleanedText {
  const { text, notes } = removeNotes(paragraphs.join('\n'), composites);
  return { lines: splitLines(text), notes };
}

/**
 * The number of syllables (characters) in a line: Chinese characters, `□`/`●` for a lost
 * character, and a `{…}` glyph description counted as one character. Punctuation does not count.
 */
export function lineLength(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const unit = line.charCodeAt(i);
    if (unit === 0x7b) {
      // {…}: one character described by its parts
      const close = line.indexOf('}', i + 1);
      if (close > i && close - i <= 13) {
        count++;
        i = close;
        continue;
      }
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) continue; // low surrogate: counted with its high half
    if (isHanUnit(unit) || unit === TOFU || unit === BLACK_CIRCLE) count++;
  }
  return count;
}
