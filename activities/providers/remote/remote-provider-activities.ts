// Temporal activities of the remote providers: thin wrappers that heartbeat, pass on
// cancellation, and turn ProviderErrors into ApplicationFailures whose type, retryability and
// next retry delay (the provider's Retry-After) Temporal acts on, and whose message is the
// human-readable reason the reviewer sees.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Sql } from '../../../platform/db.js';
import { loadConfig } from '../../../platform/config.js';
import { createFfmpegRunner, type FfmpegRunner } from '../../media/ffmpeg-runner.js';
import { MediaStore } from '../../media/media-store.js';
import type { Fetch } from './http-client.js';
import { createOpenAiSpeech, type SpeechRequest, type SpeechResult } from './openai-speech.js';
import { isProviderError } from './provider-error.js';
import { loadRemoteProviderSettings, type RemoteProviderSettings } from './provider-settings.js';
import { createRemoteVideoGenerator, type GenerationHooks, type RemoteClip, type RemoteShotRequest } from './remote-video-generator.js';

export interface RemoteProviderActivityDeps {
  sql: Sql;
  /** Defaults: the environment (loadRemoteProviderSettings), config's media root and ffmpeg. */
  remoteProviders?: {
    settings?: RemoteProviderSettings;
    media?: MediaStore;
    ffmpeg?: FfmpegRunner;
    fetch?: Fetch;
  };
}

/** A ProviderError as Temporal should see it; anything else unchanged. */
export function toActivityFailure(error: unknown): unknown {
  if (!isProviderError(error)) return error;
  const { provider, operation, status, code, jobId, retryAfterMs } = error.context;
  return ApplicationFailure.create({
    message: error.message,
    type: error.failureType,
    nonRetryable: !error.retryable,
    details: [{ kind: error.kind, provider, operation, status, code, jobId }],
    nextRetryDelay: error.retryable && retryAfterMs ? retryAfterMs : undefined,
  });
}

function activityHooks(): GenerationHooks {
  const context = Context.current();
  return { signal: context.cancellationSignal, heartbeat: (details) => context.heartbeat(details) };
}

export function createRemoteProviderActivities(deps: RemoteProviderActivityDeps) {
  // Built on first use: a worker whose environment lacks provider keys still starts and serves
  // everything else; choosing an unconfigured provider fails that activity, naming the variable.
  let runtime: { video: ReturnType<typeof createRemoteVideoGenerator>; speech: ReturnType<typeof createOpenAiSpeech> } | undefined;
  function services() {
    if (!runtime) {
      const config = loadConfig();
      const shared = {
        sql: deps.sql,
        settings: deps.remoteProviders?.settings ?? loadRemoteProviderSettings(),
        media: deps.remoteProviders?.media ?? new MediaStore(config.mediaRoot),
        ffmpeg: deps.remoteProviders?.ffmpeg ?? createFfmpegRunner({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath }),
        fetch: deps.remoteProviders?.fetch,
      };
      runtime = { video: createRemoteVideoGenerator(shared), speech: createOpenAiSpeech(shared) };
    }
    return runtime;
  }

  return {
    /** One shot on kling, wan or openai-videos: submit → poll → download, resumable. Run it on the provider's task queue. */
    async generateRemoteShot(request: RemoteShotRequest): Promise<RemoteClip> {
      try {
        return await services().video.generate(request, activityHooks());
      } catch (error) {
        throw toActivityFailure(error);
      }
    },

    /** Narration through the OpenAI-compatible speech API. */
    async synthesizeRemoteSpeech(request: SpeechRequest): Promise<SpeechResult> {
      try {
        return await services().speech.synthesize(request, activityHooks());
      } catch (error) {
        throw toActivityFailure(error);
      }
    },
  };
}

export type RemoteProviderActivities = ReturnType<typeof createRemoteProviderActivities>;
