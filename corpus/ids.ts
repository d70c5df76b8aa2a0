// Stable poem ids. Poems from 全唐诗 and 全宋诗 keep the package's own UUID. Every other poem
// gets a name-based UUID (version 5 layout, SHA-1) of its collection, title, author and text, so
// the same source record always gets the same id, and ids look alike whatever their origin.
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPoemId(text: string): boolean {
  return UUID.test(text.trim());
}

export function nameBasedId(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of a source record without its own id: hash of collection + title + author + text. */
export function hashedPoemId(collection: string, title: string, author: string, lines: readonly string[]): string {
  return nameBasedId(collection, title, author, lines.join('\n'));
}
