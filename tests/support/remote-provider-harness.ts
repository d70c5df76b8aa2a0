// Real parts for remote-provider tests: the test database (migrated), a media store in a temp
// folder, the ffmpeg runner, and settings read from an environment pointing at the fake servers
// with fast polling and short backoffs.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFfmpegRunner } from '../../activities/media/ffmpeg-runner.js';
import { MediaStore } from '../../activities/media/media-store.js';
import { createOpenAiSpeech } from '../../activities/providers/remote/openai-speech.js';
import { loadRemoteProviderSettings } from '../../activities/providers/remote/provider-settings.js';
import { createRemoteVideoGenerator } from '../../activities/providers/remote/remote-video-generator.js';
import type { Environment } from '../../platform/config.js';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase } from './database.js';

/** Polling and retry timings for tests: milliseconds, not seconds. */
export const FAST_PROVIDER_ENV: Environment = {
  SHIYING_PROVIDER_POLL_SECONDS: '0.03',
  SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS: '2',
  SHIYING_PROVIDER_RETRY_SECONDS: '0.02',
  SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES: '1',
  SHIYING_PRODUCTION_BUDGET_USD: 'none',
};

export const TEST_KEYS = {
  kling: { accessKey: 'ak-test-access', secretKey: 'sk-test-secret' },
  dashscope: 'sk-dashscope-test',
  openai: 'sk-openai-test',
};

export interface ProviderHarness {
  sql: Sql;
  media: MediaStore;
  mediaRoot: string;
  ffmpeg: ReturnType<typeof createFfmpegRunner>;
  /** A generator and speech provider built from FAST_PROVIDER_ENV plus `env`. */
  build(env: Environment): { video: ReturnType<typeof createRemoteVideoGenerator>; speech: ReturnType<typeof createOpenAiSpeech>; settings: ReturnType<typeof loadRemoteProviderSettings> };
  close(): Promise<void>;
}

export async function openProviderHarness(): Promise<ProviderHarness> {
  const sql = await openTestDatabase();
  const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-provider-media-'));
  const media = new MediaStore(mediaRoot);
  const ffmpeg = createFfmpegRunner({ ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg', ffprobePath: process.env.FFPROBE_PATH || 'ffprobe' });
  return {
    sql,
    media,
    mediaRoot,
    ffmpeg,
    build(env) {
      const settings = loadRemoteProviderSettings({ ...FAST_PROVIDER_ENV, ...env });
      return {
        settings,
        video: createRemoteVideoGenerator({ sql, media, ffmpeg, settings }),
        speech: createOpenAiSpeech({ sql, media, ffmpeg, settings }),
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
      await rm(mediaRoot, { recursive: true, force: true });
    },
  };
}

/** A production id no other test run uses (rows of earlier runs stay in the shared test database). */
export function newProductionId(label: string): string {
  return `test-${label}-${randomUUID()}`;
}

/** Text that makes a shot's content (and so its idempotency key) unique to this run. */
export function uniqueSuffix(): string {
  return ` (run ${randomUUID()})`;
}

export async function jobRows(sql: Sql, key: string) {
  return sql<{ attempt: number; status: string; provider_job_id: string | null; submit_count: number; cost_usd: string | null; failure_kind: string | null; failure_reason: string | null; production_id: string | null }[]>`
    select attempt, status, provider_job_id, submit_count, cost_usd, failure_kind, failure_reason, production_id
    from provider_jobs where idempotency_key = ${key} order by attempt`;
}
