// Limits and vocabularies that both the server and the pages need.
export { MAX_NOTE_LENGTH } from '../../workflows/production-state.js';

export const ROLES = ['curator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** At most this many poems in one queue request. */
export const MAX_QUEUE_AT_ONCE = 20;

/** Corpus search results per page. */
export const SEARCH_PAGE_SIZE = 20;

/** Lines as one text: a comma between lines that do not end in punctuation of their own. */
export function joinLines(lines: readonly (string | undefined)[]): string {
  return lines
    .filter((line): line is string => line !== undefined && line !== '')
    .map((line, i, all) => (i < all.length - 1 && !/[\p{P}]$/u.test(line) ? `${line}，` : line))
    .join('');
}
