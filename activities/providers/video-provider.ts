// A video provider turns one shot into one clip. `local` is the embedded procedural ink-wash
// renderer (offline), made here; the remote ones (kling, wan, openai-videos) need the database
// for their job records and are made by remoteShotProvider (remote/remote-shot-provider.ts).
// Every provider writes the same files for a shot, so the film stage can join any of them.
import type { ShotPlan } from '../../prompts/shot-plan.js';
import type { VideoEncoding } from '../media/ffmpeg-args.js';
import type { FfmpegTools } from '../media/ffmpeg-runner.js';
import type { NotDrawn } from '../render/scene.js';
import type { ShotSubtitleSpec } from '../render/shot-renderer.js';
import { createLocalVideoProvider } from './local-video-provider.js';

export interface ShotClipRequest {
  plan: ShotPlan;
  shotIndex: number;
  width: number;
  height: number;
  fps: number;
  /** The clip covers shot-local frames [-leadFrames, frames + tailFrames): the cross-fade halves included. */
  leadFrames: number;
  frames: number;
  tailFrames: number;
  /** Shot-local frame to save as the shot's still. */
  keyframe: number;
  /** Frames each drawing is held for (2: animated on twos). */
  hold: number;
  /** Subtitles to burn in (local: drawn over its frames; remote: composited while conforming the provider's clip). */
  subtitles: ShotSubtitleSpec | null;
  encoding: VideoEncoding;
}

export interface ShotClipFiles {
  /** The whole clip (for reviewers) and the same clip cut in three: head, core, tail. */
  clip: string;
  head: string;
  core: string;
  tail: string;
  keyframe: string;
}

export interface ShotClipResult {
  /** File names relative to the output folder. */
  files: ShotClipFiles;
  drawn: { term: string; motif: string }[];
  notDrawn: NotDrawn[];
}

export interface ProviderControl {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  onFfmpegSpawn?: (pid: number) => void;
}

export interface VideoProvider {
  readonly name: string;
  /** Changes whenever the same request would give a different picture: part of every clip's cache key. */
  readonly version: string;
  /** Whether it burns the subtitles into the clip itself. */
  readonly burnsSubtitles: boolean;
  renderShot(request: ShotClipRequest, outDir: string, control?: ProviderControl): Promise<ShotClipResult>;
  /** Starts background machinery early (the local renderer's worker processes), for about `shots` shots. */
  warm(shots?: number): void;
  close(): Promise<void>;
}

/** The providers made without a database (the remote ones are REMOTE_VIDEO_PROVIDERS). */
export type VideoProviderName = 'local';
export const VIDEO_PROVIDERS: VideoProviderName[] = ['local'];
const REMOTE = ['kling', 'wan', 'openai-videos'];

export interface VideoProviderConfig {
  tools: FfmpegTools;
  /** Render worker processes for the local renderer. */
  workers?: number;
}

export function createVideoProvider(name: string, config: VideoProviderConfig): VideoProvider {
  if (name === 'local') return createLocalVideoProvider(config);
  if (REMOTE.includes(name)) throw new Error(`video provider "${name}" is remote: make it with remoteShotProvider, which records its jobs in the database`);
  throw new Error(`unknown video provider "${name}" (available: ${VIDEO_PROVIDERS.join(', ')})`);
}
