// Where the subtitle characters go. 9:16: vertical columns (竖排) read top to bottom, the first
// line rightmost, columns moving left; 16:9: horizontal lines low in the frame. The English
// line sits at the bottom. The seal (the poet's name) follows the last column. Pure geometry.

export type Orientation = 'vertical' | 'horizontal';

export interface Glyph {
  char: string;
  /** Centre of the character cell, frame pixels. */
  x: number;
  y: number;
  size: number;
  /** Which of the shot's lines, and which character in it. */
  line: number;
  index: number;
}

export interface EnglishLine {
  text: string;
  x: number;
  y: number;
  size: number;
  line: number;
  maxWidth: number;
}

export interface SealLayout {
  /** Centre and side length of the (square) seal. */
  x: number;
  y: number;
  size: number;
  /** Characters in reading order, column by column from the right. */
  columns: string[][];
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface SubtitleLayout {
  orientation: Orientation;
  glyphs: Glyph[];
  english: EnglishLine[];
  title: Glyph[];
  seal: SealLayout | null;
  /** Areas the text occupies (frame pixels): the scene keeps its main subjects out of them. */
  boxes: Box[];
}

export interface SubtitleLayoutInput {
  frameW: number;
  frameH: number;
  orientation: Orientation;
  lines: { text: string; translation?: string | undefined }[];
  title?: { title: string; author: string } | undefined;
  sealAuthor?: string | undefined;
}

/** How a seal arranges a name: 2 characters stacked, 3 or 4 in two columns (3 gets 印). */
export function sealColumns(author: string): string[][] {
  const chars = [...author.replace(/[·\s]/g, '')].slice(0, 4);
  if (chars.length <= 2) return [chars];
  if (chars.length === 3) return [chars.slice(0, 2), [chars[2]!, '印']];
  return [chars.slice(0, 2), chars.slice(2, 4)];
}

export function layoutSubtitles(input: SubtitleLayoutInput): SubtitleLayout {
  const { frameW, frameH } = input;
  const glyphs: Glyph[] = [];
  const english: EnglishLine[] = [];
  const title: Glyph[] = [];
  const boxes: Box[] = [];
  let seal: SealLayout | null = null;
  const englishSize = Math.round(Math.min(frameW, frameH) * 0.034);
  const englishLines = input.lines.map((line, i) => ({ text: line.translation, line: i })).filter((l): l is { text: string; line: number } => Boolean(l.text));

  if (input.orientation === 'vertical') {
    const longest = Math.max(1, ...input.lines.map((l) => [...l.text].length));
    // Characters as large as fit: the longest column spans at most ~62% of the height.
    const size = Math.round(Math.min(frameW * 0.075, (frameH * 0.62) / (longest * 1.12)));
    const pitchY = size * 1.12;
    const pitchX = size * 1.55;
    const top = frameH * 0.1 + size / 2;
    const right = frameW - frameW * 0.09 - size / 2;
    input.lines.forEach((line, li) => {
      const x = right - li * pitchX;
      [...line.text].forEach((char, k) => glyphs.push({ char, x, y: top + k * pitchY, size, line: li, index: k }));
    });
    if (glyphs.length > 0) {
      const xs = glyphs.map((g) => g.x);
      const ys = glyphs.map((g) => g.y);
      boxes.push({ x0: Math.min(...xs) - size * 0.7, y0: Math.min(...ys) - size * 0.7, x1: Math.max(...xs) + size * 0.7, y1: Math.max(...ys) + size * 0.7 });
    }
    if (input.sealAuthor) {
      const last = glyphs.filter((g) => g.line === input.lines.length - 1);
      const lastGlyph = last[last.length - 1];
      const sealSize = Math.round(size * 0.95);
      const x = lastGlyph ? lastGlyph.x : right;
      const y = (lastGlyph ? lastGlyph.y : top) + size * 0.5 + sealSize * 0.85;
      seal = { x, y, size: sealSize, columns: sealColumns(input.sealAuthor) };
      boxes.push({ x0: x - sealSize * 0.6, y0: y - sealSize * 0.6, x1: x + sealSize * 0.6, y1: y + sealSize * 0.6 });
    }
    if (input.title) {
      const tSize = Math.round(size * 0.58);
      const x = frameW * 0.08 + tSize / 2;
      const chars = [...input.title.title, ' ', ...input.title.author];
      chars.forEach((char, k) => {
        if (char !== ' ') title.push({ char, x, y: frameH * 0.1 + tSize / 2 + k * tSize * 1.15, size: tSize, line: -1, index: k });
      });
      boxes.push({ x0: x - tSize, y0: frameH * 0.1 - tSize * 0.5, x1: x + tSize, y1: frameH * 0.1 + chars.length * tSize * 1.15 + tSize * 0.5 });
    }
  } else {
    const longest = Math.max(1, ...input.lines.map((l) => [...l.text].length));
    const size = Math.round(Math.min(frameH * 0.075, (frameW * 0.6) / (longest * 1.08)));
    const pitchX = size * 1.08;
    const rowGap = size * 1.35;
    const rows = input.lines.length;
    const englishSpace = englishLines.length > 0 ? englishSize * 1.6 * englishLines.length : 0;
    const firstRow = frameH * 0.86 - englishSpace - (rows - 1) * rowGap - size / 2;
    input.lines.forEach((line, li) => {
      const chars = [...line.text];
      const width = (chars.length - 1) * pitchX;
      chars.forEach((char, k) => glyphs.push({ char, x: frameW / 2 - width / 2 + k * pitchX, y: firstRow + li * rowGap, size, line: li, index: k }));
    });
    if (glyphs.length > 0) {
      const xs = glyphs.map((g) => g.x);
      const ys = glyphs.map((g) => g.y);
      boxes.push({ x0: Math.min(...xs) - size * 0.7, y0: Math.min(...ys) - size * 0.7, x1: Math.max(...xs) + size * 0.7, y1: Math.max(...ys) + size * 0.7 });
    }
    if (input.sealAuthor) {
      const last = glyphs.filter((g) => g.line === input.lines.length - 1);
      const lastGlyph = last[last.length - 1];
      const sealSize = Math.round(size * 0.9);
      const x = (lastGlyph ? lastGlyph.x : frameW / 2) + size * 0.55 + sealSize * 0.75;
      const y = lastGlyph ? lastGlyph.y : firstRow;
      seal = { x, y, size: sealSize, columns: sealColumns(input.sealAuthor) };
      boxes.push({ x0: x - sealSize * 0.6, y0: y - sealSize * 0.6, x1: x + sealSize * 0.6, y1: y + sealSize * 0.6 });
    }
    if (input.title) {
      const tSize = Math.round(size * 0.55);
      const chars = [...input.title.title, ' ', ...input.title.author];
      chars.forEach((char, k) => {
        if (char !== ' ') title.push({ char, x: frameW * 0.06 + tSize / 2 + k * tSize * 1.1, y: frameH * 0.09 + tSize / 2, size: tSize, line: -1, index: k });
      });
      boxes.push({ x0: frameW * 0.06 - tSize * 0.5, y0: frameH * 0.09 - tSize * 0.5, x1: frameW * 0.06 + chars.length * tSize * 1.1 + tSize, y1: frameH * 0.09 + tSize * 1.5 });
    }
  }
  const englishTop = frameH * 0.9 - (englishLines.length - 1) * englishSize * 1.5;
  englishLines.forEach((line, k) => {
    english.push({ text: line.text, x: frameW / 2, y: englishTop + k * englishSize * 1.5, size: englishSize, line: line.line, maxWidth: frameW * 0.88 });
  });
  if (english.length > 0) {
    boxes.push({ x0: frameW * 0.06, y0: englishTop - englishSize, x1: frameW * 0.94, y1: englishTop + english.length * englishSize * 1.5 });
  }
  return { orientation: input.orientation, glyphs, english, title, seal, boxes };
}
