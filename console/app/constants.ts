// Limits and vocabularies that both the server and the pages need.
export { MAX_NOTE_LENGTH } from '../../workflows/production-state.js';

export const ROLES = ['curator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** At most this many poems in one queue request. */
export const MAX_QUEUE_AT_ONCE = 20;

/** Corpus search results per page. */
export const SEARCH_PAGE_SIZE = 20;
