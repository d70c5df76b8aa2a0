// The vocabulary of a production's life, shared by the workflow (which decides), the
// activities (which mirror it to Postgres) and the console and CLI (which show it).
// Plain data, no I/O: workflows import it.

export const PRODUCTION_STATUSES = ['queued', 'generating', 'awaiting_review', 'published', 'rejected', 'failed', 'cancelled'] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];

export const SHOT_STATUSES = ['planned', 'generating', 'ready', 'failed', 'approved'] as const;
export type ShotStatus = (typeof SHOT_STATUSES)[number];

export const PROVIDERS = ['local', 'kling', 'wan', 'openai-videos'] as const;
export type VideoProviderName = (typeof PROVIDERS)[number];

export interface ProductionOptions {
  provider: VideoProviderName;
  aspect: '9:16' | '16:9';
  look: 'ink-wash' | 'gongbi' | 'blue-green';
  /** 1 (most urgent) … 5; 3 by default. */
  priority: number;
  /** Stop generating before spending more than this (remote providers); null = no limit. */
  budgetUsd: number | null;
}

export const DEFAULT_OPTIONS: ProductionOptions = { provider: 'local', aspect: '9:16', look: 'ink-wash', priority: 3, budgetUsd: null };

export interface ShotState {
  index: number;
  status: ShotStatus;
  /** Takes generated so far (1 after the first generation). */
  version: number;
  lineText: string;
  clip?: string;
  cached?: boolean;
  costUsd: number;
  notDrawn: string[];
  reason?: string;
}

export interface DraftVersion {
  version: number;
  film: string;
  poster: string;
  storyboard: string;
  vtt: string;
  durationSec: number;
}

export interface ProductionState {
  productionId: string;
  status: ProductionStatus;
  version: number;
  shots: ShotState[];
  draft?: DraftVersion;
  reason?: string;
  costUsd: number;
  publicationSlug?: string;
}

/** Review actions that only make sense before publication. */
export const ACTIVE_STATUSES: ProductionStatus[] = ['queued', 'generating', 'awaiting_review'];

export const MAX_NOTE_LENGTH = 2000;

/** What a reviewer may change on a shot besides writing a note (the note feeds the prompt). */
export interface ShotEdits {
  prompt?: string;
  camera?: { move?: string; shotSize?: string };
  narration?: { recite?: string; paraphrase?: string; translation?: string };
}
