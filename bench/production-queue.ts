// Benchmark: N quatrains queued at once with the local provider, drained by one real worker
// process. Measures: how many reach a draft (none lost), the most shots ever rendered at once
// (sampled from the media store's in-progress folders, against SHIYING_LOCAL_CONCURRENCY), the
// worker's memory over the run, and Temporal's overhead per production (wall time from start to
// draft minus the time its activities waited and ran, read from each workflow's history).
//
//   node --import tsx bench/production-queue.ts [--count 100] [--slots 2] [--size 72x128] [--cache 100]
//
// --cache is the worker's SHIYING_WORKFLOW_CACHE: every production stays open awaiting review, so
// with a cache smaller than --count the worker's memory must level off once the cache is full.
//
// Needs the local Postgres (`npx shiying up`); uses the pinned Temporal binary.
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openTestDatabase, testDatabaseUrl } from '../tests/support/database.js';
import { startTestTemporal, temporalAddressOf } from '../tests/support/temporal.js';
import { exited, spawnShiying, waitUntil } from '../tests/support/processes.js';
import { submitPastedPoem } from '../corpus/pasted-poem.js';
import { queueProduction, type ProductionsDeps } from '../productions/productions.js';

const QUATRAINS = [
  '床前明月光，疑是地上霜。举头望明月，低头思故乡。',
  '千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。',
  '白日依山尽，黄河入海流。欲穷千里目，更上一层楼。',
  '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。',
  '红豆生南国，春来发几枝。愿君多采撷，此物最相思。',
  '空山不见人，但闻人语响。返景入深林，复照青苔上。',
  '独坐幽篁里，弹琴复长啸。深林人不知，明月来相照。',
  '移舟泊烟渚，日暮客愁新。野旷天低树，江清月近人。',
  '向晚意不适，驱车登古原。夕阳无限好，只是近黄昏。',
  '松下问童子，言师采药去。只在此山中，云深不知处。',
  '鹅鹅鹅，曲项向天歌。白毛浮绿水，红掌拨清波。',
  '锄禾日当午，汗滴禾下土。谁知盘中餐，粒粒皆辛苦。',
  '君自故乡来，应知故乡事。来日绮窗前，寒梅著花未。',
  '打起黄莺儿，莫教枝上啼。啼时惊妾梦，不得到辽西。',
  '绿蚁新醅酒，红泥小火炉。晚来天欲雪，能饮一杯无。',
  '日暮苍山远，天寒白屋贫。柴门闻犬吠，风雪夜归人。',
  '北斗七星高，哥舒夜带刀。至今窥牧马，不敢过临洮。',
  '功盖三分国，名成八阵图。江流石不转，遗恨失吞吴。',
  '美人卷珠帘，深坐颦蛾眉。但见泪痕湿，不知心恨谁。',
  '山中相送罢，日暮掩柴扉。春草明年绿，王孙归不归。',
  '故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。',
  '朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。',
  '日照香炉生紫烟，遥看瀑布挂前川。飞流直下三千尺，疑是银河落九天。',
  '两个黄鹂鸣翠柳，一行白鹭上青天。窗含西岭千秋雪，门泊东吴万里船。',
  '月落乌啼霜满天，江枫渔火对愁眠。姑苏城外寒山寺，夜半钟声到客船。',
  '独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。',
  '葡萄美酒夜光杯，欲饮琵琶马上催。醉卧沙场君莫笑，古来征战几人回。',
  '秦时明月汉时关，万里长征人未还。但使龙城飞将在，不教胡马度阴山。',
  '远上寒山石径斜，白云生处有人家。停车坐爱枫林晚，霜叶红于二月花。',
  '清明时节雨纷纷，路上行人欲断魂。借问酒家何处有，牧童遥指杏花村。',
  '少小离家老大回，乡音无改鬓毛衰。儿童相见不相识，笑问客从何处来。',
  '黄河远上白云间，一片孤城万仞山。羌笛何须怨杨柳，春风不度玉门关。',
  '寒雨连江夜入吴，平明送客楚山孤。洛阳亲友如相问，一片冰心在玉壶。',
  '渭城朝雨浥轻尘，客舍青青柳色新。劝君更尽一杯酒，西出阳关无故人。',
  '千里莺啼绿映红，水村山郭酒旗风。南朝四百八十寺，多少楼台烟雨中。',
  '烟笼寒水月笼沙，夜泊秦淮近酒家。商女不知亡国恨，隔江犹唱后庭花。',
  '银烛秋光冷画屏，轻罗小扇扑流萤。天阶夜色凉如水，卧看牵牛织女星。',
  '春城无处不飞花，寒食东风御柳斜。日暮汉宫传蜡烛，轻烟散入五侯家。',
  '泉眼无声惜细流，树阴照水爱晴柔。小荷才露尖尖角，早有蜻蜓立上头。',
  '危楼高百尺，手可摘星辰。不敢高声语，恐惊天上人。',
];
const LOOKS = ['ink-wash', 'gongbi', 'blue-green'] as const;
const ASPECTS = ['9:16', '16:9'] as const;

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' }, slots: { type: 'string', default: '2' }, size: { type: 'string', default: '72x128' }, cache: { type: 'string', default: '100' } } });
const count = Number(values.count);
if (count > QUATRAINS.length * LOOKS.length * ASPECTS.length) throw new Error(`at most ${QUATRAINS.length * LOOKS.length * ASPECTS.length} distinct productions`);

const env = await startTestTemporal();
const sql = await openTestDatabase();
const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-bench-queue-'));
const taskQueue = `bench-queue-${randomUUID()}`;
const worker = spawnShiying(['worker'], {
  TEMPORAL_ADDRESS: temporalAddressOf(env),
  DATABASE_URL: testDatabaseUrl(),
  SHIYING_TASK_QUEUE: taskQueue,
  SHIYING_MEDIA_ROOT: mediaRoot,
  SHIYING_DRAFT_RESOLUTION: values.size,
  SHIYING_LOCAL_CONCURRENCY: values.slots,
  SHIYING_WORKFLOW_CACHE: values.cache,
});
const deps: ProductionsDeps = { sql, client: env.client, taskQueue };
// Queue only once the worker polls, so its start-up (bundling the workflows) is not counted.
await waitUntil(async () => worker.output().includes('polling task queue'), 120_000, 'the worker to start polling');

// Samplers: concurrent shot renders (in-progress store folders) and the worker's memory.
let maxConcurrentShots = 0;
const rssMb: number[] = [];
// RSS against how many drafts were ready when it was sampled.
const rssByDrafts: { drafts: number; mb: number }[] = [];
let draftsSoFar = 0;
const sampler = setInterval(async () => {
  const inProgress = (await readdir(path.join(mediaRoot, '.tmp')).catch(() => [])).filter((name) => name.startsWith('shot-')).length;
  maxConcurrentShots = Math.max(maxConcurrentShots, inProgress);
}, 50);
const memory = setInterval(async () => {
  // The worker is `node bin/shiying.js worker`: its RSS, children (render workers) excluded.
  const status = await readFile(`/proc/${worker.pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  if (kb) {
    rssMb.push(kb / 1024);
    rssByDrafts.push({ drafts: draftsSoFar, mb: kb / 1024 });
  }
}, 1000);

const started = Date.now();
const ids: string[] = [];
for (let i = 0; i < count; i++) {
  const text = QUATRAINS[i % QUATRAINS.length]!;
  const look = LOOKS[Math.floor(i / QUATRAINS.length) % LOOKS.length]!;
  const aspect = ASPECTS[Math.floor(i / (QUATRAINS.length * LOOKS.length)) % ASPECTS.length]!;
  const poem = await submitPastedPoem(sql, { text });
  await sql`update productions set status = 'cancelled' where poem_id = ${poem.id} and options->>'look' = ${look} and options->>'aspect' = ${aspect} and status in ('queued', 'generating', 'awaiting_review')`;
  ids.push((await queueProduction(deps, { poemId: poem.id, options: { look, aspect }, requestedBy: 'bench' })).productionId);
}
const queuedMs = Date.now() - started;

for (;;) {
  const rows = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from productions where id = any(${ids}) group by status`;
  const done = rows.filter((r) => ['awaiting_review', 'failed'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  draftsSoFar = done;
  process.stderr.write(`\r  ${done}/${count} drafts (${((Date.now() - started) / 1000).toFixed(0)} s)  `);
  if (done === count) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const wallMs = Date.now() - started;
clearInterval(sampler);
clearInterval(memory);
process.stderr.write('\n');

const statuses = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from productions where id = any(${ids}) group by status`;
const drafts = statuses.find((r) => r.status === 'awaiting_review')?.n ?? 0;

// Temporal's overhead: per production, start → draft minus the union of its activities' run time.
const overheads: number[] = [];
const orchestration: number[] = [];
for (const id of ids) {
  const history = await env.client.workflow.getHandle(id).fetchHistory();
  const events = history.events ?? [];
  const time = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
  const startMs = time(events[0]!);
  const startedAt = new Map<number, number>();
  const scheduledAt = new Map<number, number>();
  const running: [number, number][] = [];
  const waitingOrRunning: [number, number][] = [];
  let draftAt = 0;
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes) scheduledAt.set(Number(event.eventId), time(event));
    if (event.activityTaskStartedEventAttributes) startedAt.set(Number(event.activityTaskStartedEventAttributes.scheduledEventId), time(event));
    const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes;
    if (closed) {
      const id = Number(closed.scheduledEventId);
      if (startedAt.has(id)) running.push([startedAt.get(id)!, time(event)]);
      if (scheduledAt.has(id)) waitingOrRunning.push([scheduledAt.get(id)!, time(event)]);
      draftAt = time(event);
    }
  }
  // Including the time activities waited for a free render slot (the queue's backlog) …
  overheads.push(draftAt - startMs - unionMs(running));
  // … and without it: only the gaps where Temporal itself was deciding and dispatching.
  orchestration.push(draftAt - startMs - unionMs(waitingOrRunning));
}
orchestration.sort((a, b) => a - b);

function unionMs(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let cursor = 0;
  for (const [from, to] of intervals) {
    const start = Math.max(from, cursor);
    if (to > start) busy += to - start;
    cursor = Math.max(cursor, to);
  }
  return busy;
}
overheads.sort((a, b) => a - b);
const quantile = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))]!;
const q = (p: number) => quantile(overheads, p);

worker.kill('SIGTERM');
await exited(worker);
await env.teardown();
await sql.end();
await rm(mediaRoot, { recursive: true, force: true });

// The worker's RSS (median of its samples) at each tenth of the drafts.
const rssAtTenths = Array.from({ length: 10 }, (_, i) => {
  const upTo = Math.ceil(((i + 1) * count) / 10);
  const from = Math.ceil((i * count) / 10);
  const samples = rssByDrafts.filter((s) => s.drafts >= from && s.drafts <= upTo).map((s) => s.mb).sort((a, b) => a - b);
  return samples.length ? samples[Math.floor(samples.length / 2)]! : NaN;
});
const secondHalfGrowth = rssAtTenths[9]! / rssAtTenths[4]! - 1;

const rows: [string, string, string][] = [
  ['productions queued', String(count), `in ${(queuedMs / 1000).toFixed(1)} s`],
  ['drafts ready', String(drafts), `lost: ${count - drafts} (${statuses.map((r) => `${r.status} ${r.n}`).join(', ')})`],
  ['drain time', `${(wallMs / 1000).toFixed(1)} s`, `${(wallMs / count).toFixed(0)} ms per production, shots at ${values.size}`],
  ['max shots rendering at once', String(maxConcurrentShots), `limit ${values.slots} (SHIYING_LOCAL_CONCURRENCY)`],
  ['worker RSS first/max/last', `${rssMb[0]?.toFixed(0)}/${Math.max(...rssMb).toFixed(0)}/${rssMb.at(-1)?.toFixed(0)} MB`, `${rssMb.length} samples`],
  ['worker RSS at each tenth of drafts', rssAtTenths.map((mb) => mb.toFixed(0)).join(' '), `MB; ${(secondHalfGrowth * 100).toFixed(1)}% growth over the second half (workflow cache ${values.cache})`],
  ['wall minus activity run time', `p50 ${q(0.5)} ms`, `p95 ${q(0.95)} ms (includes waiting for a render slot)`],
  ['Temporal overhead per production', `p50 ${quantile(orchestration, 0.5)} ms`, `p95 ${quantile(orchestration, 0.95)} ms (gaps with no activity scheduled or running)`],
];
for (const [name, figure, detail] of rows) console.log(`${name.padEnd(34)} ${figure.padEnd(22)} ${detail}`);
console.log(
  JSON.stringify({
    bench: 'production-queue',
    count,
    drafts,
    lost: count - drafts,
    wallMs,
    maxConcurrentShots,
    slots: Number(values.slots),
    rssMb: { first: rssMb[0], max: Math.max(...rssMb), last: rssMb.at(-1), atTenths: rssAtTenths.map((mb) => Math.round(mb)), secondHalfGrowth: Math.round(secondHalfGrowth * 1000) / 1000 },
    workflowCache: Number(values.cache),
    wallMinusActivityMs: { p50: q(0.5), p95: q(0.95) },
    temporalOverheadMs: { p50: quantile(orchestration, 0.5), p95: quantile(orchestration, 0.95) },
  }),
);
process.exit(drafts === count && maxConcurrentShots <= Number(values.slots) ? 0 : 1);
