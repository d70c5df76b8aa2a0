// The whole path in Chromium on the real stack — Postgres, a Temporal dev server, a worker with
// the local (offline) providers and the console: a curator finds 静夜思 and queues it; the
// production progresses on screen; a reviewer regenerates shot 2 with a note and only shot 2
// changes (version 2); the reviewer approves; a visitor sees the film first in the feed, plays it,
// the highlighted line follows the subtitles, and 简/繁 switches the poem's script.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { projectRoot } from '../../platform/config.js';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { FIXTURE_POEMS, insertPoem, insertUser } from '../support/console-fixtures.js';
import { ARTIFACTS, launchChromium, startConsole, type ConsoleProcess } from '../support/console-stack.js';
import { exited, spawnShiying } from '../support/processes.js';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';

const PASSWORD = 'end to end password';
const CURATOR = 'curator-e2e@test.local';
const REVIEWER = 'reviewer-e2e@test.local';
const NOTE = '月光再冷一些，地上的霜要看得见';

/** Productions need the film studio in the worker; until activities/index.ts registers it, say so. */
const studioWired = /createProductionActivities/.test(readFileSync(path.join(projectRoot, 'activities', 'index.ts'), 'utf8'));

let sql: Sql;
let temporal: TestWorkflowEnvironment;
let server: ConsoleProcess;
let worker: ReturnType<typeof spawnShiying> | undefined;
let browser: Browser;
let mediaRoot: string;
let poemId: string;

before(async () => {
  if (!studioWired) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  sql = await openTestDatabase({ max: 4 });
  await insertUser(sql, CURATOR, 'curator', PASSWORD);
  await insertUser(sql, REVIEWER, 'reviewer', PASSWORD);
  poemId = await insertPoem(sql, FIXTURE_POEMS[0]!);
  // A reused database may hold an unfinished production of the same request from an earlier run.
  await sql`update productions set status = 'cancelled' where poem_id = ${poemId} and status in ('queued', 'generating', 'awaiting_review')`;
  temporal = await startTestTemporal();
  mediaRoot = mkdtempSync(path.join(os.tmpdir(), 'shiying-e2e-media-'));
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: temporalAddressOf(temporal),
    SHIYING_TASK_QUEUE: `console-e2e-${Date.now()}`,
    SHIYING_MEDIA_ROOT: mediaRoot,
  };
  worker = spawnShiying(['worker'], env);
  server = await startConsole(env);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (worker) {
    worker.kill('SIGTERM');
    await exited(worker);
  }
  await temporal?.teardown();
  await sql?.end({ timeout: 2 });
  if (mediaRoot) rmSync(mediaRoot, { recursive: true, force: true });
});

async function logIn(page: Page, email: string) {
  await page.goto(`${server.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

const MINUTE = 60_000;

test(
  'curate → produce → regenerate shot 2 → approve → watch in the gallery',
  { skip: studioWired ? false : 'the worker has no film studio yet (activities/index.ts does not register the production activities)', timeout: 25 * MINUTE },
  async () => {
    const curator = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(curator, CURATOR);
    await curator.fill('#q', '静夜思');
    await Promise.all([curator.waitForURL(/q=/), curator.click('[data-testid=corpus-search] button[type=submit]')]);
    await curator.locator('[data-testid=corpus-poem]', { hasText: '李白' }).first().locator('a').first().click();
    await curator.waitForSelector('[data-testid=plan-preview]');
    assert.ok(curator.url().endsWith(poemId));
    await curator.selectOption('#provider', 'local');
    await curator.click('[data-testid=queue-poem-submit]');
    const queued = curator.locator('[data-testid=queued] a');
    await queued.waitFor({ timeout: 30_000 });
    const productionId = (await queued.textContent())!.trim();

    // Progress shows on the productions page without reloading it.
    await curator.goto(`${server.base}/curate/productions`);
    const row = curator.locator(`tr[id="${productionId}"]`);
    const seen = new Set<string>();
    const progress = new Set<string>();
    const deadline = Date.now() + 15 * MINUTE;
    let shotPictured = false;
    for (;;) {
      const status = (await row.getAttribute('data-status')) ?? '';
      seen.add(status);
      progress.add((await row.locator('[data-testid=shots-ready]').textContent()) ?? '');
      if (!shotPictured && status === 'generating') {
        await curator.screenshot({ path: path.join(ARTIFACTS, 'e2e-productions-generating.png'), fullPage: true });
        shotPictured = true;
      }
      if (status === 'awaiting_review') break;
      if (status === 'failed' || status === 'cancelled') {
        assert.fail(`the production ${status}: ${await row.textContent()}\n${server.output().slice(-2000)}\n${worker?.output().slice(-4000)}`);
      }
      if (Date.now() > deadline) assert.fail(`no draft within 15 minutes (saw ${[...seen].join(', ')})\n${worker?.output().slice(-4000)}`);
      await curator.waitForTimeout(500);
    }
    assert.ok(seen.has('generating') || seen.has('queued'), `statuses seen on screen: ${[...seen].join(', ')}`);
    assert.ok(progress.size >= 2, `the shot count moved on screen: ${[...progress].join(' → ')}`);

    // The reviewer regenerates shot 2 with a note.
    const reviewer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await logIn(reviewer, REVIEWER);
    await reviewer.goto(`${server.base}/review`);
    await reviewer.click(`[data-testid=review-item] a[href="/review/${productionId}"]`);
    const page = reviewer.locator('[data-testid=review-page]');
    await page.waitFor();
    assert.equal(await page.getAttribute('data-version'), '1');
    const cards = reviewer.locator('[data-testid=shot-card]');
    const shotCount = await cards.count();
    assert.ok(shotCount >= 2, `${shotCount} shots`);
    await reviewer.screenshot({ path: path.join(ARTIFACTS, 'e2e-review-v1.png'), fullPage: true });
    const before = await sql<{ shot_index: number; clip: string; version: number }[]>`
      select shot_index, clip, version from production_shots where production_id = ${productionId} order by shot_index`;

    // Approving shot 1 first exercises the per-shot decision.
    await cards.nth(0).locator('[data-testid=approve-shot]').click();
    await reviewer.waitForSelector('[data-testid=review-accepted]');
    await reviewer.waitForFunction(() => document.querySelector('[data-testid=shot-card][data-shot="0"]')?.getAttribute('data-status') === 'approved', undefined, { timeout: 30_000 });

    await cards.nth(1).locator('[data-testid=regenerate-toggle]').click();
    await cards.nth(1).locator('textarea[name=note]').fill(NOTE);
    await cards.nth(1).locator('[data-testid=regenerate-submit]').click();
    await reviewer.waitForSelector('[data-testid=review-accepted]');
    await reviewer.waitForFunction(
      () => {
        const element = document.querySelector('[data-testid=review-page]');
        return element?.getAttribute('data-version') === '2' && element.getAttribute('data-status') === 'awaiting_review';
      },
      undefined,
      { timeout: 10 * MINUTE, polling: 1000 },
    );

    // Only shot 2 changed: a second take of it, the others untouched, version 2 of the draft.
    const afterShots = await sql<{ shot_index: number; clip: string; version: number }[]>`
      select shot_index, clip, version from production_shots where production_id = ${productionId} order by shot_index`;
    for (const shot of afterShots) {
      const was = before.find((b) => b.shot_index === shot.shot_index)!;
      if (shot.shot_index === 1) {
        assert.equal(shot.version, was.version + 1, 'shot 2 has a new take');
        assert.notEqual(shot.clip, was.clip, 'shot 2 has a new clip');
      } else {
        assert.equal(shot.version, was.version, `shot ${shot.shot_index + 1} kept its take`);
        assert.equal(shot.clip, was.clip, `shot ${shot.shot_index + 1} kept its clip`);
      }
    }
    const versions = await sql<{ version: number; shots: { index: number; clip: string }[] }[]>`
      select version, shots from production_versions where production_id = ${productionId} order by version`;
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    const changed = versions[1]!.shots.filter((shot) => versions[0]!.shots.find((old) => old.index === shot.index)?.clip !== shot.clip).map((shot) => shot.index);
    assert.deepEqual(changed, [1]);
    const [decision] = await sql<{ note: string; actor: string }[]>`
      select note, actor from review_decisions where production_id = ${productionId} and action = 'regenerate_shot'`;
    assert.deepEqual(decision, { note: NOTE, actor: REVIEWER });

    // The page compares the versions side by side and says the same.
    await reviewer.selectOption('#compare', '1,2');
    await reviewer.click('[data-testid=compare]');
    await reviewer.waitForSelector('[data-testid=compare-view]');
    const flags = await reviewer.locator('[data-testid=compare-shot]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-changed')));
    assert.deepEqual(flags, flags.map((_, i) => (i === 1 ? 'true' : 'false')));
    assert.match((await reviewer.locator('[data-testid=audit-log]').textContent()) ?? '', new RegExp(NOTE));
    await reviewer.screenshot({ path: path.join(ARTIFACTS, 'e2e-review-compare.png'), fullPage: true });

    // Approve and publish.
    await reviewer.click('[data-testid=publish]');
    await reviewer.waitForFunction(() => document.querySelector('[data-testid=review-page]')?.getAttribute('data-status') === 'published', undefined, {
      timeout: 5 * MINUTE,
      polling: 1000,
    });
    const [publication] = await sql<{ slug: string }[]>`select slug from publications where production_id = ${productionId} and unpublished_at is null`;
    assert.ok(publication, 'published');

    // A visitor: the film is first in the feed, plays, and the highlighted line follows it.
    const visitorContext = await browser.newContext({ viewport: { width: 420, height: 860 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${server.base}/`);
    const first = visitor.locator('[data-testid=feed-item]').first();
    assert.equal(await first.getAttribute('data-slug'), publication!.slug);
    await visitor.waitForFunction(() => {
      const video = document.querySelector('[data-testid=feed-item] video') as HTMLVideoElement | null;
      return video !== null && !video.paused && video.currentTime > 0.5;
    }, undefined, { timeout: 30_000 });
    const t0 = await first.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime);
    await visitor.waitForFunction(() => document.querySelector('[data-testid=feed-item] [data-current=true]') !== null, undefined, { timeout: 30_000 });
    const line0 = await first.locator('[data-testid=poem-line][data-current=true]').textContent();
    await visitor.waitForFunction(
      (line) => {
        const current = document.querySelector('[data-testid=feed-item] [data-current=true]');
        return current !== null && current.textContent !== line;
      },
      line0,
      { timeout: 60_000 },
    );
    const t1 = await first.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime);
    assert.ok(t1 > t0, `currentTime advanced (${t0} → ${t1})`);
    await visitor.screenshot({ path: path.join(ARTIFACTS, 'e2e-gallery.png') });
    await visitor.click('[data-testid=script-toggle]');
    await visitor.waitForFunction(() => [...document.querySelectorAll('[data-testid=feed-item]:first-child [data-testid=poem-line]')].some((line) => line.textContent === '舉頭望明月'));
    await visitorContext.close();
  },
);
