// The remote providers' own overhead per shot, without the provider's time: every adapter runs
// against its local fake API with jobs that finish at once, and the time the fake spends
// answering (serving the MP4 included) is subtracted. What remains is ours: mapping, hashing,
// the provider_jobs rows (reserve, claim, submitted, succeeded, downloaded), HTTP client work,
// streaming the file into the media store and probing it with ffprobe.
//
//   node --import tsx bench/providers-overhead.ts [--shots 30] [--cached 30]
//
// Uses DATABASE_URL (default: the local cluster's shiying_test database), migrated first; its
// rows are deleted at the end. Prints a table, then one JSON line.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFfmpegRunner } from '../activities/media/ffmpeg-runner.js';
import { MediaStore } from '../activities/media/media-store.js';
import { createOpenAiSpeech } from '../activities/providers/remote/openai-speech.js';
import { loadRemoteProviderSettings } from '../activities/providers/remote/provider-settings.js';
import { createRemoteVideoGenerator } from '../activities/providers/remote/remote-video-generator.js';
import type { RemoteVideoProviderName } from '../activities/providers/remote/remote-video-provider.js';
import { connectDatabase } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';
import { FakeKlingServer } from '../tests/support/fake-kling-server.js';
import { FakeOpenAiSpeechServer } from '../tests/support/fake-openai-speech-server.js';
import { FakeOpenAiVideosServer } from '../tests/support/fake-openai-videos-server.js';
import type { FakeProviderServer } from '../tests/support/fake-provider-server.js';
import { FakeWanServer } from '../tests/support/fake-wan-server.js';
import { fixtureVideo } from '../tests/support/fixture-media.js';
import { FAST_PROVIDER_ENV, TEST_KEYS } from '../tests/support/remote-provider-harness.js';
import { testPlan } from '../tests/support/test-shots.js';

const { values } = parseArgs({ options: { shots: { type: 'string', default: '30' }, cached: { type: 'string', default: '30' } } });
const shots = Number(values.shots);
const cachedRuns = Number(values.cached);

const sql = connectDatabase(process.env.DATABASE_URL ?? 'postgres://shiying@127.0.0.1:5433/shiying_test');
await migrate(sql);
const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-bench-providers-'));
const media = new MediaStore(mediaRoot);
const ffmpeg = createFfmpegRunner({ ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg', ffprobePath: process.env.FFPROBE_PATH || 'ffprobe' });
const productionId = `bench-${randomUUID()}`;

const instant = { job: { durationMs: 0 } };
const kling = await new FakeKlingServer({ ...TEST_KEYS.kling, ...instant }).start();
const wan = await new FakeWanServer({ apiKey: TEST_KEYS.dashscope, ...instant }).start();
const videos = await new FakeOpenAiVideosServer({ apiKey: TEST_KEYS.openai, ...instant }).start();
const speechServer = await new FakeOpenAiSpeechServer({ apiKey: TEST_KEYS.openai, secondsPerCharacter: 0.1 }).start();
const settings = loadRemoteProviderSettings({
  ...FAST_PROVIDER_ENV,
  KLING_BASE_URL: kling.url,
  KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
  KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
  WAN_BASE_URL: wan.url,
  DASHSCOPE_API_KEY: TEST_KEYS.dashscope,
  OPENAI_BASE_URL: `${videos.url}/v1`,
  OPENAI_API_KEY: TEST_KEYS.openai,
});
const generator = createRemoteVideoGenerator({ sql, media, ffmpeg, settings });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  provider: string;
  shots: number;
  requestsPerShot: number;
  totalMs: { p50: number; p95: number };
  providerMs: { mean: number };
  overheadMs: { mean: number; p50: number; p95: number };
  cachedMs: { p50: number; p95: number };
}

async function measure(label: string, server: FakeProviderServer, run: (i: number) => Promise<unknown>, again: (i: number) => Promise<unknown>): Promise<Row> {
  await run(-1); // warm-up: fixture video made, connections open, JIT warm
  const totals: number[] = [];
  const overheads: number[] = [];
  const providerTimes: number[] = [];
  const requestsBefore = server.requests.length;
  for (let i = 0; i < shots; i++) {
    const serverBefore = server.serverTimeMs;
    const started = performance.now();
    await run(i);
    const total = performance.now() - started;
    const providerTime = server.serverTimeMs - serverBefore;
    totals.push(total);
    providerTimes.push(providerTime);
    overheads.push(total - providerTime);
  }
  const requestsPerShot = (server.requests.length - requestsBefore) / shots;
  const cached: number[] = [];
  for (let i = 0; i < cachedRuns; i++) {
    const started = performance.now();
    await again(i % shots);
    cached.push(performance.now() - started);
  }
  const sort = (list: number[]) => [...list].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const [t, o, c] = [sort(totals), sort(overheads), sort(cached)];
  return {
    provider: label,
    shots,
    requestsPerShot,
    totalMs: { p50: round(percentile(t, 50)), p95: round(percentile(t, 95)) },
    providerMs: { mean: round(providerTimes.reduce((a, b) => a + b, 0) / shots) },
    overheadMs: { mean: round(overheads.reduce((a, b) => a + b, 0) / shots), p50: round(percentile(o, 50)), p95: round(percentile(o, 95)) },
    cachedMs: { p50: round(percentile(c, 50)), p95: round(percentile(c, 95)) },
  };
}

const plan = testPlan();
const style = plan.style;
const shotFor = (i: number, label: string) => ({ ...plan.shots[0]!, prompt: `${label} bench shot ${i} ${productionId}`, promptZh: `${label} 基准镜头 ${i} ${productionId}` });
const rows: Row[] = [];
const servers: Record<RemoteVideoProviderName, FakeProviderServer> = { kling, wan, 'openai-videos': videos };
for (const provider of ['kling', 'wan', 'openai-videos'] as const) {
  const request = (i: number) => ({ provider, shot: shotFor(i, provider), style, take: 1, productionId });
  rows.push(await measure(provider, servers[provider], (i) => generator.generate(request(i)), (i) => generator.generate(request(i))));
}
const speech = createOpenAiSpeech({ sql, media, ffmpeg, settings: { ...settings, openai: { ...settings.openai, baseUrl: `${speechServer.url}/v1` } } });
const line = (i: number) => ({ text: `床前明月光，疑是地上霜。${i} ${productionId}`, productionId });
rows.push(await measure('openai-speech', speechServer, (i) => speech.synthesize(line(i)), (i) => speech.synthesize(line(i))));

// How much of the overhead is the ffprobe check of each download (a process spawn).
const probeTimes: number[] = [];
const sample = await fixtureVideo(5, 'portrait');
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  await ffmpeg.probe(sample);
  probeTimes.push(performance.now() - started);
}
const probeMs = Math.round((probeTimes.reduce((a, b) => a + b, 0) / probeTimes.length) * 10) / 10;

console.log('adapter overhead per shot, provider time excluded (jobs finish at once; ms)');
console.log('provider        requests/shot  total p50  total p95  provider  overhead mean  p50    p95    cached p50  p95');
for (const r of rows) {
  console.log(
    `${r.provider.padEnd(15)} ${String(r.requestsPerShot).padStart(13)}  ${String(r.totalMs.p50).padStart(9)}  ${String(r.totalMs.p95).padStart(9)}  ` +
      `${String(r.providerMs.mean).padStart(8)}  ${String(r.overheadMs.mean).padStart(13)}  ${String(r.overheadMs.p50).padStart(5)}  ${String(r.overheadMs.p95).padStart(5)}  ` +
      `${String(r.cachedMs.p50).padStart(10)}  ${String(r.cachedMs.p95).padStart(4)}`,
  );
}

console.log(`of which the ffprobe check of each download: ${probeMs} ms (mean of 20)`);

await sql`delete from provider_jobs where production_id = ${productionId}`;
await Promise.all([kling, wan, videos, speechServer].map((server) => server.stop()));
await sql.end({ timeout: 5 });
await rm(mediaRoot, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'providers-overhead', cpus: os.cpus().length, probeMs, rows }));
