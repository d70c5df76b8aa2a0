// The corpus API the rest of the product uses. This file only assembles; each concern has its file.
export { importCorpus, corpusIsEmpty, type ImportOptions, type ImportProgress, type ImportSummary } from './import.js';
export {
  searchPoems,
  SearchError,
  type SearchFilters,
  type PageRequest,
  type SearchResult,
  type SearchHit,
  type MatchKind,
} from './search.js';
export { getPoem, findPoemByTitle, getPoemDetails, type PoemDetails } from './poems.js';
export {
  submitPastedPoem,
  validatePastedPoem,
  PastedPoemError,
  PASTED_LIMITS,
  type PastedPoemInput,
  type PastedPoemProblem,
  type PastedPoemRule,
} from './pasted-poem.js';
export { corpusStats, type CorpusStats } from './stats.js';
export { PoemJson, type PoemVariantJson } from './poem-json.js';
export { COLLECTIONS, type CollectionDefinition } from './collections.js';
export { OPENCC_CONFIGS } from './scripts.js';
