// The shape every remote video API is adapted to: map a shot to the API's request, submit it
// as an asynchronous job, poll the job, open its download. The generator
// (remote-video-generator.ts) drives these steps durably; adapters only speak their API.
import type { Shot, ShotPlan } from '../../../prompts/shot-plan.js';
import type { Fetch } from './http-client.js';
import type { ProviderError } from './provider-error.js';

export const REMOTE_VIDEO_PROVIDERS = ['kling', 'wan', 'openai-videos'] as const;
export type RemoteVideoProviderName = (typeof REMOTE_VIDEO_PROVIDERS)[number];

export function isRemoteVideoProvider(name: string): name is RemoteVideoProviderName {
  return (REMOTE_VIDEO_PROVIDERS as readonly string[]).includes(name);
}

export type ShotStyle = ShotPlan['style'];

/** A shot translated into one API's request. */
export interface MappedShot {
  /** The request body exactly as it will be sent (without the idempotency key). */
  body: Record<string, unknown>;
  /** Seconds of video the provider will generate (and bill). */
  seconds: number;
  /** What had to give to fit the API, in words: truncations, unsupported fields. */
  adjustments: string[];
}

/** One call's limits: its timeout and the activity's cancellation. */
export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export type JobState =
  | { state: 'pending'; providerStatus: string; progress?: number }
  | {
      state: 'succeeded';
      providerStatus: string;
      /** Where the MP4 can be fetched now (pre-signed links expire). */
      downloadUrl: string;
      /** Seconds the provider reports it generated, when it says. */
      seconds?: number;
    }
  | { state: 'failed'; providerStatus: string; error: ProviderError };

export interface RemoteVideoApi {
  readonly provider: RemoteVideoProviderName;
  readonly model: string;
  mapShot(shot: Shot, style: ShotStyle): MappedShot;
  /** Creates the job; `idempotencyKey` is passed where the API accepts one. */
  submit(mapped: MappedShot, idempotencyKey: string, options: CallOptions): Promise<{ jobId: string }>;
  /**
   * Finds a job that was submitted under `idempotencyKey` but whose id we never recorded (the
   * worker died between the provider's answer and our commit). Absent when the API cannot look
   * jobs up by our key.
   */
  recover?(idempotencyKey: string, options: CallOptions): Promise<{ jobId: string } | undefined>;
  poll(jobId: string, options: CallOptions): Promise<JobState>;
  /** Opens the MP4 download; the caller streams the body. Throws `link-expired` or `result-expired`. */
  openDownload(jobId: string, downloadUrl: string, options: CallOptions): Promise<Response>;
}

export interface AdapterDeps {
  fetch: Fetch;
}
