// One place that turns the environment into typed configuration. Every other module
// (services, worker, console, docker-compose test) reads ports and names from here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TASK_QUEUES } from './task-queues.js';

/** The folder holding Shiying's package.json, found by walking up (this file may be bundled). */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'shiying') return dir;
    if (path.dirname(dir) === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

export const TEMPORAL_CLI_VERSION = '1.5.1';

export interface EnvVarDoc {
  name: string;
  default: string;
  meaning: string;
}

/** Every environment variable Shiying reads; README's configuration table mirrors this list. */
export const ENV_VARS: EnvVarDoc[] = [
  { name: 'NODE_ENV', default: 'development', meaning: '`production` for deployed services; `test` is set by the test command' },
  { name: 'PORT', default: '3000', meaning: 'HTTP port of the console (gallery, curate, review, /healthz)' },
  { name: 'DATABASE_URL', default: '(unset: local cluster)', meaning: 'Postgres URL; when unset, a project-local cluster under `.data/postgres` is started' },
  { name: 'SHIYING_PG_PORT', default: '5433', meaning: 'port of the project-local Postgres cluster' },
  { name: 'SHIYING_PG_DATABASE', default: 'shiying', meaning: 'database name in the project-local cluster' },
  { name: 'TEMPORAL_ADDRESS', default: '(unset: dev server)', meaning: 'host:port of an existing Temporal frontend; when set no server is started' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal namespace' },
  { name: 'SHIYING_TEMPORAL_PORT', default: '7233', meaning: 'gRPC port of the Temporal dev server started locally' },
  { name: 'SHIYING_TEMPORAL_UI_PORT', default: '8233', meaning: 'web UI port of the Temporal dev server started locally' },
  { name: 'SHIYING_TASK_QUEUE', default: 'shiying-production', meaning: 'main task queue (workflows and local activities)' },
  { name: 'SHIYING_LOCAL_CONCURRENCY', default: '2', meaning: 'shots the local renderer works on at once, per worker process (its task-queue slot limit)' },
  { name: 'SHIYING_WORKFLOW_CACHE', default: '100', meaning: 'workflows a worker process keeps in memory (about 2.5 MB each); others are replayed from history when next needed' },
  { name: 'SHIYING_DRAFT_RESOLUTION', default: "(unset: the plan's, 720x1280 or 1280x720)", meaning: 'render productions at this size instead (e.g. 360x640 for quick drafts)' },
  { name: 'SHIYING_DATA_DIR', default: '.data', meaning: 'where the local Postgres cluster, Temporal SQLite file and binaries live' },
  { name: 'SHIYING_MEDIA_ROOT', default: '.data/media', meaning: 'root folder of the content-addressed media store' },
  { name: 'FFMPEG_PATH', default: 'ffmpeg', meaning: 'ffmpeg executable' },
  { name: 'FFPROBE_PATH', default: 'ffprobe', meaning: 'ffprobe executable' },
  { name: 'SHIYING_SKIP_APT', default: '(unset)', meaning: 'set to 1 to make setup only report missing system packages' },
  { name: 'SHIYING_SKIP_CORPUS_IMPORT', default: '(unset)', meaning: 'set to 1 to stop `npm start` importing the corpus into an empty database' },
  { name: 'SHIYING_SESSION_SECRET', default: '(unset: generated into SHIYING_DATA_DIR outside production)', meaning: 'secret that signs console session and CSRF cookies (32+ characters); required when NODE_ENV=production' },
  { name: 'SHIYING_SECURE_COOKIES', default: '(on in production)', meaning: 'set to 0 to send session cookies over plain HTTP in production (no TLS in front), 1 to force `Secure` elsewhere' },
  { name: 'SHIYING_TRUST_PROXY', default: '(unset: no proxy)', meaning: 'console behind a reverse proxy: which proxies to trust for the client address (X-Forwarded-For), e.g. `loopback`, `1` (hops) or `10.0.0.0/8`; login rate limits count per client address' },
  { name: 'SHIYING_DEV_PASSWORD', default: 'shiying-dev', meaning: 'password of the development users `npm start` seeds (curator@, reviewer@, admin@shiying.local); never used in production' },
  { name: 'KLING_BASE_URL', default: 'https://api-singapore.klingai.com', meaning: 'Kling API base URL (regions differ; e.g. https://api-beijing.klingai.com)' },
  { name: 'KLING_ACCESS_KEY', default: '(unset)', meaning: 'Kling access key (the JWT issuer); required for `--provider kling`' },
  { name: 'KLING_SECRET_KEY', default: '(unset)', meaning: 'Kling secret key (signs the HS256 JWT); required for `--provider kling`' },
  { name: 'KLING_MODEL', default: 'kling-v1-6', meaning: 'Kling `model_name` for text-to-video' },
  { name: 'KLING_MODE', default: 'std', meaning: 'Kling `mode`: `std` or `pro` (priced differently)' },
  { name: 'WAN_BASE_URL', default: 'https://dashscope-intl.aliyuncs.com', meaning: 'DashScope base URL for Wan (Beijing: https://dashscope.aliyuncs.com)' },
  { name: 'DASHSCOPE_API_KEY', default: '(unset)', meaning: 'DashScope API key; required for `--provider wan`' },
  { name: 'WAN_MODEL', default: 'wan2.7-t2v', meaning: 'Wan text-to-video model' },
  { name: 'OPENAI_BASE_URL', default: 'https://api.openai.com/v1', meaning: 'base URL (with `/v1`) of the OpenAI-shaped `/videos` and `/audio/speech` APIs (a gateway since Sora 2 was retired)' },
  { name: 'OPENAI_API_KEY', default: '(unset)', meaning: 'key for OPENAI_BASE_URL; required for `--provider openai-videos` and the `openai` voice' },
  { name: 'OPENAI_VIDEO_MODEL', default: 'sora-2', meaning: 'model for `/videos`' },
  { name: 'OPENAI_TTS_MODEL', default: 'gpt-4o-mini-tts', meaning: 'speech model (`tts-1`, `tts-1-hd`, `gpt-4o-mini-tts` …)' },
  { name: 'OPENAI_TTS_VOICE', default: 'alloy', meaning: 'speech voice' },
  { name: 'SHIYING_VIDEO_PRICES', default: '(built-in list prices)', meaning: 'USD per second of video, `provider/model[/variant]=price` comma-separated (variant: Kling mode, Wan resolution, `/videos` size); overrides the built-in table' },
  { name: 'SHIYING_SPEECH_PRICES', default: '(built-in list prices)', meaning: 'USD per million characters of speech, `openai-speech/model=price` comma-separated' },
  { name: 'SHIYING_PRODUCTION_BUDGET_USD', default: '20', meaning: 'budget of a production that sets none; generation stops before it would be exceeded (`none` = no limit)' },
  { name: 'KLING_CONCURRENCY', default: '2', meaning: 'Kling jobs at once per worker process (slots on its task queue)' },
  { name: 'WAN_CONCURRENCY', default: '2', meaning: 'Wan jobs at once per worker process' },
  { name: 'OPENAI_VIDEO_CONCURRENCY', default: '2', meaning: '`/videos` jobs at once per worker process' },
  { name: 'OPENAI_TTS_CONCURRENCY', default: '4', meaning: 'speech requests at once per worker process' },
  { name: 'SHIYING_PROVIDER_POLL_SECONDS', default: '15', meaning: 'how often a remote job is polled' },
  { name: 'SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS', default: '60', meaning: 'timeout of one provider request (downloads get ten times as long)' },
  { name: 'SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES', default: '30', meaning: 'a remote job running longer fails its shot' },
  { name: 'SHIYING_PROVIDER_RETRY_SECONDS', default: '2', meaning: 'first backoff after a 429, 5xx or timeout; doubles, with jitter, never shorter than Retry-After' },
  { name: 'SHIYING_LLM_BASE_URL', default: '(unset: deterministic plans only)', meaning: 'OpenAI-compatible chat-completions base URL for the optional LLM interpreter' },
  { name: 'SHIYING_LLM_MODEL', default: '(unset)', meaning: 'model name for the LLM interpreter (needed with SHIYING_LLM_BASE_URL)' },
  { name: 'SHIYING_LLM_API_KEY', default: '(falls back to OPENAI_API_KEY)', meaning: 'bearer key for the LLM interpreter' },
  { name: 'SHIYING_LLM_TIMEOUT_MS', default: '60000', meaning: 'how long the LLM interpreter may take before the deterministic plan is used' },
  { name: 'SHIYING_FILM_TIMING', default: '(unset)', meaning: 'set to 1 to print the film pipeline’s stage timings' },
  { name: 'SHIYING_RENDER_TIMING', default: '(unset)', meaning: 'set to 1 to print the local renderer’s per-shot timings' },
  { name: 'SHIYING_RECORD_HISTORIES', default: '(unset)', meaning: 'tests only: set to 1 to record workflow histories into tests/fixtures/histories' },
  { name: 'CHROMIUM_PATH', default: '/usr/bin/chromium', meaning: 'tests only: the Chromium the browser tests drive' },
  { name: 'SHIYING_TEMPORAL_BINARY', default: '(found by setup)', meaning: 'tests only: the Temporal CLI binary the test environment runs' },
  { name: 'TEST_DATABASE_URL', default: '(unset: fresh `shiying_suite` database)', meaning: 'tests only: run the suite against this database instead' },
  { name: 'SHIYING_TEST_CONCURRENCY', default: '2', meaning: 'tests only: test files run in parallel' },
];

export interface Config {
  env: 'development' | 'production' | 'test';
  consolePort: number;
  dataDir: string;
  mediaRoot: string;
  postgres: {
    /** Set when an external database is used; the local cluster is then not started. */
    externalUrl: string | undefined;
    port: number;
    database: string;
    clusterDir: string;
    socketDir: string;
  };
  temporal: {
    /** Set when an external server is used; no dev server is started. */
    externalAddress: string | undefined;
    namespace: string;
    port: number;
    uiPort: number;
    sqliteFile: string;
  };
  taskQueue: string;
  /** Shots the local renderer works on at once per worker process. */
  localRenderConcurrency: number;
  /**
   * Workflows a worker keeps cached (sticky). Productions wait days for review, so without a bound
   * the SDK's default (~2,300 on a 4 GB heap) lets a worker grow by ~2.5 MB per open production.
   */
  workflowCacheSize: number;
  /** Renders productions at this size instead of the plan's (quick drafts); undefined = the plan's. */
  draftResolution: { width: number; height: number } | undefined;
  ffmpegPath: string;
  ffprobePath: string;
}

function intFrom(env: Environment, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return value;
}

function countFrom(env: Environment, name: string, fallback: number, range: { min: number; max: number } = { min: 1, max: 64 }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) throw new ConfigError(`${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  return value;
}

function resolutionFrom(env: Environment, name: string): { width: number; height: number } | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{2,4})x(\d{2,4})$/.exec(raw);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width % 2 || height % 2) throw new ConfigError(`${name} must be WIDTHxHEIGHT with even numbers (e.g. 360x640), got "${raw}"`);
  return { width, height };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Environment = Record<string, string | undefined>;

export function loadConfig(env: Environment = process.env): Config {
  const dataDir = path.resolve(projectRoot, env.SHIYING_DATA_DIR || '.data');
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  return {
    env: nodeEnv,
    consolePort: intFrom(env, 'PORT', 3000),
    dataDir,
    mediaRoot: path.resolve(projectRoot, env.SHIYING_MEDIA_ROOT || path.join(dataDir, 'media')),
    postgres: {
      externalUrl: env.DATABASE_URL || undefined,
      port: intFrom(env, 'SHIYING_PG_PORT', 5433),
      database: env.SHIYING_PG_DATABASE || 'shiying',
      clusterDir: path.join(dataDir, 'postgres'),
      socketDir: path.join(dataDir, 'run'),
    },
    temporal: {
      externalAddress: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      port: intFrom(env, 'SHIYING_TEMPORAL_PORT', 7233),
      uiPort: intFrom(env, 'SHIYING_TEMPORAL_UI_PORT', 8233),
      sqliteFile: path.join(dataDir, 'temporal.sqlite'),
    },
    taskQueue: env.SHIYING_TASK_QUEUE || TASK_QUEUES.production,
    localRenderConcurrency: countFrom(env, 'SHIYING_LOCAL_CONCURRENCY', 2),
    // The SDK needs at least 2 (or 0, no cache, which replays every task from the start).
    workflowCacheSize: countFrom(env, 'SHIYING_WORKFLOW_CACHE', 100, { min: 2, max: 100_000 }),
    draftResolution: resolutionFrom(env, 'SHIYING_DRAFT_RESOLUTION'),
    ffmpegPath: env.FFMPEG_PATH || 'ffmpeg',
    ffprobePath: env.FFPROBE_PATH || 'ffprobe',
  };
}

/** The URL clients use: the external one, or the local cluster's over TCP on loopback. */
export function databaseUrl(config: Config): string {
  return config.postgres.externalUrl ?? `postgres://shiying@127.0.0.1:${config.postgres.port}/${config.postgres.database}`;
}

export function temporalAddress(config: Config): string {
  return config.temporal.externalAddress ?? `127.0.0.1:${config.temporal.port}`;
}
