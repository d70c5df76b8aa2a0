// Search keys: the one normalised form that titles, authors, lines and queries are compared in,
// so a query typed in either script finds text stored in either script.
//
// A key is the text folded character by character to Simplified (NFKC first, then OpenCC's
// Traditional→Simplified *character* table, the `t`→`cn` dictionary's single-character entries),
// lower-cased, with punctuation, symbols and whitespace removed. Folding per character (not with
// OpenCC's phrase segmentation) keeps keys consistent under substring: the key of any part of a
// line is a part of the line's key, which is what `LIKE '%…%'` search needs.
import OpenCC from 'opencc-js';

const DROP = 0;
/** Code unit → folded code point for the BMP (DROP removes the character). */
let bmpTable: Uint32Array | undefined;
/** Astral characters and multi-character NFKC results, folded on first sight. */
const slowFolds = new Map<number, string>();
let simplifyTable: Map<number, number> | undefined;

/** Punctuation, symbols, separators and controls carry no searchable meaning. */
const NOT_SEARCHABLE = /^[\p{P}\p{S}\p{Z}\p{C}]$/u;

function traditionalToSimplifiedCharacters(): Map<number, number> {
  const map = new Map<number, number>();
  for (const group of OpenCC.Locale.to.cn) {
    for (const dict of group) {
      const entries: Array<readonly [string, string]> =
        typeof dict === 'string'
          ? dict.split('|').map((entry) => {
              const space = entry.indexOf(' ');
              return [entry.slice(0, space), entry.slice(space + 1)] as const;
            })
          : [...dict];
      for (const [from, to] of entries) {
        const source = [...from];
        const target = [...to.split(' ')[0]!];
        if (source.length === 1 && target.length === 1) map.set(source[0]!.codePointAt(0)!, target[0]!.codePointAt(0)!);
      }
    }
  }
  return map;
}

/** Follows the table to a character it no longer changes (keys are then idempotent). */
function simplified(codePoint: number, simplify: Map<number, number>): number {
  let current = codePoint;
  for (let step = 0; step < 4; step++) {
    const next = simplify.get(current);
    if (next === undefined || next === current) break;
    current = next;
  }
  return current;
}

function foldOne(codePoint: number, simplify: Map<number, number>): string {
  const normalised = String.fromCodePoint(codePoint).normalize('NFKC');
  let out = '';
  for (const ch of normalised) {
    if (NOT_SEARCHABLE.test(ch)) continue;
    const lower = ch.toLowerCase();
    for (const part of lower) out += String.fromCodePoint(simplified(part.codePointAt(0)!, simplify));
  }
  return out;
}

function table(): Uint32Array {
  if (bmpTable) return bmpTable;
  const simplify = traditionalToSimplifiedCharacters();
  simplifyTable = simplify;
  const built = new Uint32Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) continue; // surrogates: handled as pairs
    const folded = foldOne(unit, simplify);
    if (folded.length === 0) built[unit] = DROP;
    else if (folded.length === 1 || (folded.length === 2 && folded.codePointAt(0)! > 0xffff)) built[unit] = folded.codePointAt(0)!;
    else {
      built[unit] = DROP;
      slowFolds.set(unit, folded);
    }
  }
  bmpTable = built;
  return built;
}

/** The search key of a text (see the file comment). */
export function searchKey(text: string): string {
  const folds = table();
  const codes: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (next >= 0xdc00 && next <= 0xdfff) {
      const codePoint = text.codePointAt(i)!;
      i++;
      let slow = slowFolds.get(codePoint);
      if (slow === undefined) {
        slow = foldOne(codePoint, simplifyTable!);
        slowFolds.set(codePoint, slow);
      }
      for (const ch of slow) codes.push(ch.codePointAt(0)!);
    } else {
      const folded = folds[unit]!;
      if (folded !== DROP) codes.push(folded);
      else if (slowFolds.size > 0) {
        const slow = slowFolds.get(unit);
        if (slow !== undefined) for (const ch of slow) codes.push(ch.codePointAt(0)!);
      }
    }
    if (codes.length >= 4096) {
      out += String.fromCodePoint(...codes);
      codes.length = 0;
    }
  }
  return codes.length > 0 ? out + String.fromCodePoint(...codes) : out;
}

/** Keys of several lines, joined without separators so a query may span a line break. */
export function linesKey(lines: readonly string[]): string {
  return lines.map(searchKey).join('');
}

/** Escapes LIKE wildcards so user text is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
