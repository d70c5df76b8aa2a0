import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConsistency, entryDirOf, type ChaosSnapshot, type ProductionRecord } from './consistency.js';

const key = (n: number) => n.toString(16).padStart(2, '0').repeat(16);
const dirOf = (kind: string, n: number) => `${kind}/${key(n).slice(0, 2)}/${key(n)}`;

function production(id: string, provider: string, status: string, n: number, extra: Partial<ProductionRecord> = {}): ProductionRecord {
  return {
    id,
    provider,
    status,
    reason: null,
    shots: [
      { index: 0, status: 'ready', version: 1, clip: `${dirOf('shot', n)}/clip.mp4` },
      { index: 1, status: 'ready', version: 1, clip: `${dirOf('shot', n + 1)}/clip.mp4` },
    ],
    versionFiles: [`${dirOf('film', n)}/film.mp4`, `${dirOf('shot', n)}/clip.mp4`, `${dirOf('shot', n + 1)}/clip.mp4`],
    workflowStatus: status,
    ...extra,
  };
}

/** A consistent run: a published local production and a Kling one awaiting review. */
function healthy(): ChaosSnapshot {
  const a = production('prod-a', 'local', 'published', 10, { publication: { visible: true, files: [`${dirOf('film', 10)}/film.mp4`] } });
  const b = production('prod-b', 'kling', 'awaiting_review', 20);
  const entries = [dirOf('shot', 10), dirOf('shot', 11), dirOf('film', 10), dirOf('shot', 20), dirOf('shot', 21), dirOf('film', 20), dirOf('shot', 30), dirOf('shot', 31), dirOf('narration', 40)];
  return {
    queued: ['prod-a', 'prod-b'],
    publishRequested: ['prod-a'],
    productions: [a, b],
    providerJobs: [30, 31].map((n, i) => ({
      idempotencyKey: `idem-${n}`,
      attempt: 1,
      provider: 'kling',
      kind: 'video',
      productionId: 'prod-b',
      shotIndex: i,
      status: 'downloaded',
      submitCount: 1,
      mediaKey: key(n),
    })),
    providers: { kling: { submissions: 2, submitRequests: 2 } },
    mediaFiles: [
      ...entries.map((dir) => `${dir}/entry.json`),
      ...[10, 11, 20, 21, 30, 31].map((n) => `${dirOf('shot', n)}/clip.mp4`),
      `${dirOf('film', 10)}/film.mp4`,
      `${dirOf('film', 20)}/film.mp4`,
    ],
    mediaEntries: entries.map((dir) => ({ kind: dir.split('/')[0]!, key: dir.split('/')[2]!, dir, complete: true })),
    tempLeftovers: [],
    lingeringProcesses: [],
    unexpectedExits: [],
  };
}

function failing(snapshot: ChaosSnapshot): Record<string, string[]> {
  const report = checkConsistency(snapshot);
  return Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.name, c.problems]));
}

describe('chaos consistency checks', () => {
  it('pass a consistent run, counting cache entries as unreferenced', () => {
    const report = checkConsistency(healthy());
    assert.deepEqual(failing(healthy()), {});
    assert.equal(report.ok, true);
    assert.deepEqual(report.unreferenced, { narration: 1 });
    assert.equal(report.checks.length, 7);
  });

  it('flag lost, stuck and silently failed productions', () => {
    const s = healthy();
    s.queued.push('prod-lost', 'prod-stuck', 'prod-mute', 'prod-said');
    s.productions.push(
      production('prod-stuck', 'local', 'generating', 50, { shots: [], versionFiles: [] }),
      production('prod-mute', 'local', 'failed', 60, { shots: [], versionFiles: [], reason: '  ' }),
      production('prod-said', 'local', 'failed', 70, { shots: [], versionFiles: [], reason: 'shot 2: ContentRejected' }),
    );
    assert.deepEqual(failing(s)['productions settled'], ['prod-lost lost (no row)', 'prod-stuck stuck in generating', 'prod-mute failed without a reason']);
  });

  it('flag a mirror that disagrees with its workflow, an unanswered workflow and a publish that did not happen', () => {
    const s = healthy();
    s.productions[1]!.workflowStatus = 'generating';
    s.publishRequested.push('prod-b');
    delete s.productions[0]!.workflowStatus;
    assert.deepEqual(failing(s)['mirror matches workflows'], [
      'prod-b: workflow generating, database awaiting_review',
      '1 workflows could not be asked',
      'prod-b: publish accepted but it is awaiting_review',
    ]);
  });

  it('flag a second submission: at the provider, refused as a duplicate, or as a second attempt', () => {
    const twice = healthy();
    twice.providers.kling = { submissions: 3, submitRequests: 3 };
    assert.deepEqual(failing(twice)['one submission per remote shot'], ['kling: 3 submissions for 2 shots']);

    const refused = healthy();
    refused.providers.kling = { submissions: 2, submitRequests: 3 };
    assert.deepEqual(failing(refused)['one submission per remote shot'], ['kling: 1 submit requests refused (sent again)']);

    const again = healthy();
    again.providerJobs.push({ ...again.providerJobs[0]!, attempt: 2, submitCount: 1, status: 'running' });
    assert.deepEqual(failing(again)['one submission per remote shot'], [
      'kling job idem-30 attempt 2 (submitted again after a failure)',
      'kling job idem-30 left running',
    ]);
  });

  it('accept a submission started twice when the provider saw it once (the lost answer was looked up)', () => {
    const s = healthy();
    s.providerJobs[0]!.submitCount = 2;
    const report = checkConsistency(s);
    assert.equal(report.ok, true);
    assert.match(report.checks.find((c) => c.name === 'one submission per remote shot')!.detail, /kling: 2 submissions for 2 shots, 1 in doubt looked up, not resent/);
  });

  it('flag orphan temp files, lingering processes and workers that died by themselves', () => {
    const s = healthy();
    s.tempLeftovers = ['media/.tmp/shot-aa-vm.123-0badf00d'];
    s.lingeringProcesses = ['4242 (ffmpeg …) outlived killed worker 0 by 10 s'];
    s.unexpectedExits = ['worker 1 (pid 77) exited by itself (1)'];
    const failed = failing(s);
    assert.deepEqual(failed['no orphan temp files'], s.tempLeftovers);
    assert.deepEqual(failed['no lingering processes'], s.lingeringProcesses);
    assert.deepEqual(failed['workers died only when killed'], s.unexpectedExits);
  });

  it('flag media the database points at that is missing or half made, and half-made entries', () => {
    const s = healthy();
    s.mediaFiles = s.mediaFiles.filter((f) => f !== `${dirOf('film', 20)}/film.mp4`);
    s.mediaEntries.find((e) => e.dir === dirOf('shot', 11))!.complete = false;
    s.mediaEntries = s.mediaEntries.filter((e) => e.dir !== dirOf('shot', 31));
    const problems = failing(s)['media store matches database']!;
    assert.deepEqual(problems, [
      `prod-a shot 1: ${dirOf('shot', 11)}/clip.mp4 in an incomplete entry`,
      `prod-a draft: ${dirOf('shot', 11)}/clip.mp4 in an incomplete entry`,
      `prod-b draft: ${dirOf('film', 20)}/film.mp4 missing`,
      `provider job idem-31: media entry ${dirOf('shot', 31)} missing`,
      `incomplete entry ${dirOf('shot', 11)}`,
    ]);
  });

  it('report shot or film entries that no row points at without failing', () => {
    const s = healthy();
    s.mediaEntries.push({ kind: 'shot', key: key(99), dir: dirOf('shot', 99), complete: true });
    const report = checkConsistency(s);
    assert.equal(report.ok, true);
    assert.deepEqual(report.unreferenced, { narration: 1, shot: 1 });
    assert.match(report.checks.find((c) => c.name === 'media store matches database')!.detail, /shot entries no row points at/);
  });

  it('find the entry folder of a stored path', () => {
    assert.equal(entryDirOf('shot/ab/abcdef/clip.mp4'), 'shot/ab/abcdef');
    assert.equal(entryDirOf('clip.mp4'), undefined);
  });
});
