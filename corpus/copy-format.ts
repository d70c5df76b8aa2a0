// Encoding rows for Postgres `COPY … FROM STDIN` (text format): tab-separated fields, `\N` for
// null, backslash escapes for the characters COPY gives meaning to, and `{…}` literals for arrays.

export type CopyValue = string | number | boolean | null | undefined | readonly string[];

function escapeCopy(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x5c || unit === 0x09 || unit === 0x0a || unit === 0x0d || unit === 0x00) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== '\u0000') out += ch; // Postgres text cannot hold NUL; it never means anything in a poem
  }
  return out;
}

/** A Postgres array literal of strings (every element quoted). */
export function arrayLiteral(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (i > 0) out += ',';
    out += `"${item.includes('"') || item.includes('\\') ? item.replace(/[\\"]/g, (ch) => `\\${ch}`) : item}"`;
  }
  return `${out}}`;
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopy(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return escapeCopy(arrayLiteral(value));
}

export function copyRow(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}
