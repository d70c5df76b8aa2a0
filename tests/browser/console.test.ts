// The console in Debian's Chromium against a real console process, Postgres and a Temporal dev
// server (no worker: productions are queued, not made — tests/browser/console-e2e.test.ts makes
// one). Screenshots of the gallery, film, curate, productions and review pages go to
// tests/artifacts/ (not committed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase } from '../support/database.js';
import { FIXTURE_POEMS, insertDraft, insertPoem, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { ARTIFACTS, launchChromium, startConsole, type ConsoleProcess } from '../support/console-stack.js';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';

const PASSWORD = 'browser test password';
const CURATOR = 'curator-browser@test.local';
const REVIEWER = 'reviewer-browser@test.local';

let sql: Sql;
let temporal: TestWorkflowEnvironment;
let server: ConsoleProcess;
let browser: Browser;
const films: { slug: string; title: string }[] = [];
let draftId: string;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sql = await openTestDatabase({ max: 4 });
  await sql`delete from login_attempts where ip like '%127.0.0.1'`;
  await insertUser(sql, CURATOR, 'curator', PASSWORD);
  await insertUser(sql, REVIEWER, 'reviewer', PASSWORD);
  temporal = await startTestTemporal();
  server = await startConsole({ TEMPORAL_ADDRESS: temporalAddressOf(temporal), SHIYING_TASK_QUEUE: `console-browser-${Date.now()}` });
  const now = Date.now();
  for (const [i, poem] of [FIXTURE_POEMS[2]!, FIXTURE_POEMS[1]!, FIXTURE_POEMS[0]!].entries()) {
    const { slug } = await insertPublishedFilm(sql, server.mediaRoot, poem, { publishedAt: new Date(now - (3 - i) * 1000), tint: ['0x2f3f5f', '0x3f5f3f', '0x5b564d'][i] });
    films.unshift({ slug, title: poem.title });
  }
  for (const poem of FIXTURE_POEMS) await insertPoem(sql, poem);
  draftId = (await insertDraft(sql, server.mediaRoot, FIXTURE_POEMS[1]!)).productionId;
  browser = await launchChromium();
});

after(async () => {
  // Nothing will run the productions queued here: do not leave them blocking the same requests.
  if (sql) await sql`delete from productions where requested_by = ${CURATOR}`;
  await browser?.close();
  await server?.stop();
  await temporal?.teardown();
  await sql?.end({ timeout: 2 });
});

async function newPage(context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }))).newPage();
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  return page;
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto(`${server.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });

describe('gallery', () => {
  test('the feed: newest first, the film on screen plays muted, the highlighted line follows the subtitles, ↓ moves on', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, hasTouch: true });
    const page = await newPage(context);
    await page.goto(`${server.base}/`);
    const [newest] = await sql<{ slug: string }[]>`select slug from publications where unpublished_at is null order by published_at desc, production_id desc limit 1`;
    const first = page.locator('[data-testid=feed-item]').first();
    assert.equal(await first.getAttribute('data-slug'), newest!.slug);
    const video = first.locator('video');
    await page.waitForFunction(() => {
      const element = document.querySelector('[data-testid=feed-item] video') as HTMLVideoElement | null;
      return element !== null && element.currentTime > 0.3 && !element.paused;
    }, undefined, { timeout: 15_000 });
    assert.equal(await video.evaluate((element: HTMLVideoElement) => element.muted), true, 'autoplay is muted');
    const currentLine = () => first.locator('[data-testid=poem-line][data-current=true]').textContent();
    await page.waitForFunction(() => document.querySelector('[data-testid=feed-item] [data-current=true]') !== null, undefined, { timeout: 10_000 });
    const firstLine = await currentLine();
    await page.waitForFunction(
      (line) => {
        const current = document.querySelector('[data-testid=feed-item] [data-current=true]');
        return current !== null && current.textContent !== line;
      },
      firstLine,
      { timeout: 10_000 },
    );
    const later = await currentLine();
    assert.notEqual(later, firstLine, 'the highlighted line moved on');
    await shot(page, 'gallery', false);

    // Tap to unmute.
    await page.locator('[data-testid=unmute]').click();
    assert.equal(await video.evaluate((element: HTMLVideoElement) => element.muted), false);

    await page.keyboard.press('ArrowDown');
    const second = page.locator('[data-testid=feed-item]').nth(1);
    await page.waitForFunction(() => {
      const element = document.querySelectorAll('[data-testid=feed-item] video')[1] as HTMLVideoElement | undefined;
      return element !== undefined && !element.paused && element.currentTime > 0.2;
    }, undefined, { timeout: 15_000 });
    assert.equal(await video.evaluate((element: HTMLVideoElement) => element.paused), true, 'the film scrolled away pauses');
    assert.ok(await second.getAttribute('data-slug'));
    await context.close();
  });

  test('简/繁 and English toggles; pinyin on demand', async () => {
    const page = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await page.goto(`${server.base}/p/${films[0]!.slug}`);
    const lines = page.locator('[data-testid=poem-line]');
    await lines.first().waitFor();
    assert.equal(await lines.nth(2).textContent(), '举头望明月');
    await page.click('[data-testid=script-toggle]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=poem-line]')[2]?.textContent === '舉頭望明月');
    await page.waitForFunction(() => document.querySelector('nav a')?.textContent === '畫廊', undefined, { timeout: 5000 });
    // The choice is remembered.
    await page.reload();
    assert.equal(await lines.nth(2).textContent(), '舉頭望明月');
    await page.click('[data-testid=script-toggle]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=poem-line]')[2]?.textContent === '举头望明月');
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction(() => document.querySelector('nav a')?.textContent === 'Gallery');
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction(() => document.querySelector('nav a')?.textContent === '画廊');
    await page.click('[data-testid=pinyin-toggle]');
    await page.waitForFunction(() => document.querySelector('[data-testid=poem-line] rt')?.textContent === 'chuáng');
    await page.close();
  });

  test('the film page: largest contentful paint under 2 s, share link, credits', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await page.goto(`${server.base}/p/${films[0]!.slug}`, { waitUntil: 'load' });
    const lcp = await page.evaluate(
      () =>
        new Promise<{ time: number; element: string }>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries() as (PerformanceEntry & { element?: Element })[];
            const last = entries[entries.length - 1]!;
            resolve({ time: last.startTime, element: last.element?.tagName ?? '?' });
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    console.log(`[film page] largest contentful paint ${lcp.time.toFixed(0)} ms (${lcp.element})`);
    assert.ok(lcp.time < 2000, `LCP ${lcp.time} ms`);
    assert.equal(await page.inputValue('[data-testid=share-url]'), `${server.base}/p/${films[0]!.slug}`);
    await shot(page, 'film');
    await context.close();
  });
});

describe('staff', () => {
  test('anonymous visitors are sent to log in; a reviewer sees a 403 page for admin', async () => {
    const page = await newPage();
    await page.goto(`${server.base}/curate`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.goto(`${server.base}/review`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await logIn(page, REVIEWER);
    const response = await page.goto(`${server.base}/admin`);
    assert.equal(response?.status(), 403);
    assert.match(await page.textContent('main') ?? '', /没有权限|not allowed/);
    await page.close();
  });

  test('a curator searches the corpus in either script, previews a poem’s shot plan and queues poems', async () => {
    const page = await newPage();
    await logIn(page, CURATOR);
    assert.equal(new URL(page.url()).pathname, '/curate');
    await page.fill('#q', '靜夜思');
    await Promise.all([page.waitForURL(/q=/), page.click('[data-testid=corpus-search] button[type=submit]')]);
    const rows = page.locator('[data-testid=corpus-poem]');
    await rows.nth(1).waitFor({ timeout: 30_000 });
    assert.ok((await rows.count()) >= 2, `results for 靜夜思: ${await page.locator('main').textContent()}`);
    assert.match((await rows.first().textContent()) ?? '', /静夜思.*李白/, 'the exact title by the famous poet first');
    await shot(page, 'curate');

    await rows.first().locator('a').first().click();
    await page.waitForSelector('[data-testid=plan-preview]');
    assert.equal(await page.locator('[data-testid=plan-shot]').count(), 4);
    const marks = await page.locator('[data-testid=imagery-mark]').allTextContents();
    assert.ok(marks.includes('明月'), `imagery marks: ${marks.join(' ')}`);
    const chip = page.locator('[data-testid=imagery-chip]').first();
    const target = (await chip.getAttribute('href'))!;
    await chip.click();
    assert.ok(page.url().endsWith(target), 'the chip links to the characters it came from');
    await shot(page, 'curate-poem');

    // Queue two at once from the search page.
    await page.goto(`${server.base}/curate?collection=${encodeURIComponent('唐诗三百首')}`);
    const boxes = page.locator('[data-testid=corpus-poem] input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.selectOption('#look', 'gongbi');
    await page.click('[data-testid=queue-selected]');
    const queued = page.locator('[data-testid=queued]');
    await queued.waitFor({ timeout: 20_000 });
    assert.match((await queued.textContent()) ?? '', /已排入 2 首/);
    const ids = await queued.locator('a').allTextContents();
    assert.equal(ids.length, 2);

    await page.goto(`${server.base}/curate/productions`);
    for (const id of ids) assert.equal(await page.locator(`tr[id="${id}"]`).getAttribute('data-status'), 'queued');
    assert.ok(await page.locator('[data-testid=live]').isVisible(), 'the list updates by itself while productions run');
    await shot(page, 'productions');
    const [row] = await sql<{ options: { look: string }; requested_by: string }[]>`select options, requested_by from productions where id = ${ids[0]!}`;
    assert.equal(row!.options.look, 'gongbi');
    assert.equal(row!.requested_by, CURATOR);
    await page.close();
  });

  test('a reviewer sees a draft shot by shot; a curator may look but has no decisions to make', async () => {
    const page = await newPage();
    await logIn(page, REVIEWER);
    await page.goto(`${server.base}/review`);
    assert.ok(await page.locator(`[data-testid=review-item] a[href="/review/${draftId}"]`).count());
    await page.goto(`${server.base}/review/${draftId}`);
    const cards = page.locator('[data-testid=shot-card]');
    assert.equal(await cards.count(), 4);
    assert.ok(await cards.nth(0).locator('[data-testid=imagery-chip]').count());
    assert.ok(await cards.nth(0).locator('[data-testid=shot-prompt]').textContent());
    assert.equal(await cards.nth(1).locator('[data-testid=not-drawn]').textContent(), '霜');
    assert.equal(await page.locator('[data-testid=audit-log] li').count(), 1);
    await page.waitForFunction(() => ((document.querySelector('[data-testid=draft-video]') as HTMLVideoElement | null)?.readyState ?? 0) >= 1);
    await shot(page, 'review');

    // A regeneration needs a note: the server says so next to the field.
    await cards.nth(1).locator('[data-testid=regenerate-toggle]').click();
    await cards.nth(1).locator('[data-testid=regenerate-submit]').click();
    await page.waitForSelector('.field-error');
    assert.match((await page.locator('.field-error').first().textContent()) ?? '', /修改意见/);
    await page.close();

    const curator = await newPage();
    await logIn(curator, CURATOR);
    await curator.goto(`${server.base}/review/${draftId}`);
    assert.equal(await curator.locator('[data-testid=shot-card]').count(), 4);
    assert.equal(await curator.locator('[data-testid=publish], [data-testid=approve-shot], [data-testid=regenerate-form]').count(), 0);
    await curator.close();
  });
});
