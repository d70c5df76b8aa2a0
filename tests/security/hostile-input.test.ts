// Hostile input against a real console and database: path traversal on media URLs (encoded every
// which way, with a staff session that may read anything inside the media root), markup in poems,
// titles, notes and every echoed field (escaped in the HTML and inert in Chromium even with CSP
// switched off), SQL metacharacters in every search field and query parameter, oversized bodies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { FIXTURE_POEMS, insertDraft, insertPoem, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { launchChromium, type PageResponse, type Visitor } from '../support/console-stack.js';
import { rawRequest, secretsIn, startSecurityStack, type SecurityStack, type Staff, type Who } from '../support/security-stack.js';

/** Markup that would run if any of it reached the page unescaped; each bumps `window.__xss`. */
const XSS = [
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '"><svg onload="window.__xss=(window.__xss||0)+1">',
  `'><iframe srcdoc="<script>parent.__xss=(parent.__xss||0)+1</script>"></iframe>`,
  '</textarea></title></script><script>window.__xss=(window.__xss||0)+1</script>',
];
/** Text, as written, that must never appear in a page (escaped it is `&lt;script&gt;…`). */
const MARKUP = ['<script>window.__xss', '<img src=x onerror', '<svg onload', '<iframe srcdoc', '</script><script>'];

/** SQL metacharacters and injections, as a search box or URL would carry them. */
const SQL = [
  "'",
  '"',
  "' OR '1'='1",
  "'; drop table users; --",
  "') union select email, password_hash from users --",
  '\\',
  '\\x27',
  '%',
  '_',
  '%%_\\%',
  '$1',
  '$$;',
  ')',
  '/*',
  '*/',
  ';',
  '--',
  '１\' ｏｒ １＝１',
  '\u2028',
  '\ud800',
  'a'.repeat(5000),
];
/** Raw escapes a browser never sends but an attacker may: NUL, invalid UTF-8, overlong forms, a lone surrogate. */
const RAW_ESCAPES = ['%00', 'a%00b', '%ZZ', '%', '%C0%AE', '%FF%FE', '%ED%A0%80', '%E0%A4%A'];

let stack: SecurityStack;
let base: string;
let workDir: string;
const canary = `CANARY-${Date.now().toString(36)}`;
const fixture: Record<string, string> = {};
const visitors = {} as Record<Who, Visitor>;

before(async () => {
  // The media root sits in a folder of the test's own, beside files that must never be served.
  workDir = mkdtempSync(path.join(os.tmpdir(), 'shiying-hostile-'));
  const mediaRoot = path.join(workDir, 'media');
  mkdirSync(path.join(mediaRoot, 'fixtures'), { recursive: true });
  mkdirSync(path.join(workDir, 'media-sibling'));
  for (const name of ['secret.mp4', 'secret.vtt', 'media-sibling/secret.mp4']) writeFileSync(path.join(workDir, name), `${canary} ${name}`);
  writeFileSync(path.join(mediaRoot, 'fixtures', 'inside.mp4'), 'INSIDE the media root');
  symlinkSync(path.join(workDir, 'secret.mp4'), path.join(mediaRoot, 'fixtures', 'link.mp4'));
  symlinkSync(workDir, path.join(mediaRoot, 'linkdir'));

  stack = await startSecurityStack('hostile', { SHIYING_MEDIA_ROOT: mediaRoot });
  base = stack.server.base;
  const { sql, run } = stack;
  for (const who of ['anonymous', 'curator', 'reviewer', 'admin'] as const) visitors[who] = await stack.visitor(who);

  // A published film and a draft whose every text is markup.
  const evilPoem = { ...FIXTURE_POEMS[3]!, title: `${XSS[1]}${run}`, author: `${XSS[2]}${run}` };
  const evil = await insertPublishedFilm(sql, stack.server.mediaRoot, evilPoem);
  await sql`update publications set lines = ${XSS}, lines_traditional = ${XSS}, translation = ${XSS} where slug = ${evil.slug}`;
  const draft = await insertDraft(sql, stack.server.mediaRoot, { ...FIXTURE_POEMS[4]!, title: `${XSS[0]}${run}`, author: XSS[3]! });
  await sql`update productions set reason = ${XSS[4]!},
      plan = jsonb_set(jsonb_set(plan, '{shots,0,prompt}', ${sql.json(XSS[0]!)}), '{shots,0,narration,translation}', ${sql.json(XSS[1]!)})
    where id = ${draft.productionId}`;
  await sql`update production_versions set plan = jsonb_set(plan, '{shots,0,prompt}', ${sql.json(XSS[2]!)}) where production_id = ${draft.productionId}`;
  for (const [i, note] of XSS.entries()) {
    await sql`insert into review_decisions (production_id, actor, action, shot_index, note, edits, version)
      values (${draft.productionId}, ${XSS[(i + 1) % XSS.length]!}, 'regenerate_shot', 0, ${note}, ${sql.json({ prompt: XSS[(i + 2) % XSS.length]!, narration: { translation: note } })}, 1)`;
  }
  // A corpus poem whose title, author and lines are markup, and an account whose email is (made
  // before email validation existed, say).
  const poemId = await insertPoem(sql, { ...FIXTURE_POEMS[5]!, title: `${XSS[3]}${run}`, author: `${XSS[4]}${run}`, lines: [XSS[0]!, XSS[1]!, '明月满空床'] });
  await insertUser(sql, `${XSS[1]}-${run}@x`, 'curator', 'a long enough password');
  const shown = await insertPublishedFilm(sql, stack.server.mediaRoot, FIXTURE_POEMS[0]!);
  Object.assign(fixture, { evilSlug: evil.slug, evilAuthor: evilPoem.author, draftId: draft.productionId, poemId, slug: shown.slug });
});

after(async () => {
  if (stack) {
    await stack.sql`delete from users where email = ${`${XSS[1]}-${stack.run}@x`}`;
    await stack.sql`update publications set unpublished_at = now() where slug = ${fixture.evilSlug ?? ''}`;
    await stack.stop();
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('path traversal on media URLs', () => {
  const attempts = () => [
    '/media/../secret.mp4',
    '/media/fixtures/../../secret.mp4',
    '/media/%2e%2e/secret.mp4',
    '/media/%2E%2E/secret.mp4',
    '/media/.%2e/secret.mp4',
    '/media/%2e./secret.mp4',
    '/media/..%2fsecret.mp4',
    '/media/..%2Fsecret.mp4',
    '/media/%2e%2e%2fsecret.mp4',
    '/media/fixtures/%2e%2e/%2e%2e/secret.mp4',
    '/media/fixtures%2f..%2f..%2fsecret.mp4',
    // double and triple encoded
    '/media/%252e%252e/secret.mp4',
    '/media/%252e%252e%252fsecret.mp4',
    '/media/..%252fsecret.mp4',
    '/media/%25252e%25252e%25252fsecret.mp4',
    // backslashes, raw and encoded
    '/media/..\\secret.mp4',
    '/media/fixtures\\..\\..\\secret.mp4',
    '/media/..%5csecret.mp4',
    '/media/..%5Csecret.mp4',
    '/media/%5c..%5csecret.mp4',
    '/media/..%255csecret.mp4',
    // NUL bytes
    '/media/../secret.mp4%00.jpg',
    '/media/%2e%2e/secret.mp4%00',
    '/media/fixtures/inside.mp4%00',
    '/media/%00../secret.mp4',
    '/media/%2e%2e%00/secret.mp4',
    // overlong UTF-8 and full-width look-alikes of . and /
    '/media/%c0%ae%c0%ae/secret.mp4',
    '/media/%c0%ae%c0%ae%c0%afsecret.mp4',
    '/media/%e0%80%ae%e0%80%ae/secret.mp4',
    '/media/%ef%bc%8e%ef%bc%8e/secret.mp4',
    '/media/%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.mp4',
    // a sibling folder whose name starts with the root's, symlinks out, absolute paths
    '/media/../media-sibling/secret.mp4',
    '/media/%2e%2e/media-sibling/secret.mp4',
    '/media/fixtures/link.mp4',
    '/media/linkdir/secret.mp4',
    '/media//secret.mp4',
    `/media/${encodeURIComponent(path.join(workDir, 'secret.mp4'))}`,
    `/media${workDir}/secret.mp4`,
    '/media/....//secret.mp4',
    '/media/..;/secret.mp4',
    '/media/.../secret.mp4',
    '/media/%2e%2e/secret.vtt',
    '/media/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/media/../../../../../../../etc/passwd',
    // the other file servers: built assets and public files
    '/assets/../../../../../../../etc/passwd',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e%2fpackage.json',
  ];

  test('inside the root, staff get the file (the control that makes the rest mean something)', async () => {
    const staff = await rawRequest(base, 'GET', '/media/fixtures/inside.mp4', { Cookie: visitors.curator.cookieHeader() });
    assert.equal(staff.status, 200);
    assert.equal(staff.body, 'INSIDE the media root');
    assert.equal((await rawRequest(base, 'GET', '/media/fixtures/inside.mp4')).status, 404, 'not published: not for visitors');
  });

  for (const who of ['anonymous', 'curator'] as const) {
    test(`nothing outside the media root is ever served, however the path is encoded (${who})`, async () => {
      const headers: Record<string, string> = who === 'anonymous' ? {} : { Cookie: visitors[who].cookieHeader() };
      const wrong: string[] = [];
      for (const attempt of attempts()) {
        const response = await rawRequest(base, 'GET', attempt, headers);
        if (response.status < 400 || response.status >= 500) wrong.push(`${attempt} → ${response.status}`);
        if (response.body.includes(canary) || response.body.includes('root:x:0:0') || response.body.includes('"name": "shiying"')) wrong.push(`${attempt} leaked a file`);
        if (/^(video|audio|image)\//.test(String(response.headers['content-type']))) wrong.push(`${attempt} answered as media`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});

/** Every response must be free of MARKUP as written; the labels say where the text came from. */
function unescaped(label: string, response: PageResponse): string[] {
  return MARKUP.filter((markup) => response.text.includes(markup)).map((markup) => `${label}: ${response.status} holds ${markup}`);
}

describe('markup in poems, titles, notes and echoed fields', () => {
  const pages = (): [Who, string][] => [
    ['anonymous', `/p/${fixture.evilSlug}`],
    ['anonymous', `/search?q=${encodeURIComponent(stack.run)}`],
    ['anonymous', `/poets/${encodeURIComponent(fixture.evilAuthor!)}`],
    ...XSS.map((payload): [Who, string] => ['anonymous', `/search?q=${encodeURIComponent(payload)}`]),
    ...XSS.map((payload): [Who, string] => ['anonymous', `/login?redirectTo=${encodeURIComponent(`/${payload}`)}`]),
    ['curator', `/curate?q=${encodeURIComponent(XSS[0]!)}&author=${encodeURIComponent(XSS[1]!.slice(0, 40))}&dynasty=${encodeURIComponent(XSS[2]!.slice(0, 20))}`],
    ['curator', `/curate?q=${encodeURIComponent(stack.run)}`],
    ['curator', `/curate/poems/${fixture.poemId}`],
    ['curator', '/curate/productions'],
    ['reviewer', '/review'],
    ['reviewer', `/review/${fixture.draftId}`],
    ['reviewer', `/review/${fixture.draftId}?compare=${encodeURIComponent(XSS[0]!)}`],
    ['admin', '/admin'],
  ];

  test('stored and echoed markup comes back escaped, in the HTML and in the hydration data', async () => {
    const wrong: string[] = [];
    for (const [who, url] of pages()) {
      const response = await visitors[who].get(url);
      if (response.status !== 200) wrong.push(`${who} ${url}: ${response.status}`);
      wrong.push(...unescaped(`${who} ${url}`, response));
    }
    // The markup really is on those pages, escaped: the review page shows the notes.
    const review = await visitors.reviewer.get(`/review/${fixture.draftId}`);
    assert.ok(review.text.includes('&lt;script&gt;window.__xss'), 'the notes are on the review page, escaped');
    // Echoed by forms: a failed login, a refused account, a refused note.
    const echoes: [Who, string, Record<string, string>][] = [
      ['anonymous', '/login', { email: XSS[1]!, password: 'wrong password' }],
      ['admin', '/admin', { intent: 'add', email: XSS[2]!, role: 'curator', password: 'long enough password' }],
      ['admin', '/admin', { intent: 'add', email: `${XSS[0]}@x.y`, role: XSS[1]!, password: 'long enough password' }],
      ['reviewer', `/review/${fixture.draftId}`, { intent: 'regenerate', shotIndex: '0', note: 'x'.repeat(5000) + XSS[0]! }],
      ['reviewer', `/review/${fixture.draftId}`, { intent: XSS[0]!, shotIndex: '0', note: XSS[1]! }],
      ['curator', '/curate/productions', { intent: XSS[0]!, productionId: XSS[1]! }],
    ];
    for (const [who, url, fields] of echoes) {
      const response = await visitors[who].post(url, fields, { csrfFrom: who === 'anonymous' ? '/login' : '/search' });
      if (response.status >= 500) wrong.push(`POST ${url} as ${who}: ${response.status}`);
      wrong.push(...unescaped(`POST ${url} as ${who}`, response));
    }
    assert.deepEqual(wrong, []);
  });

  test('a pasted poem with markup is refused with a message that shows it escaped; one with quotes and ampersands is stored and shown escaped', async () => {
    const curator = visitors.curator;
    const refused = await curator.post('/curate', { intent: 'paste', title: XSS[0]!, author: XSS[1]!, dynasty: XSS[2]!.slice(0, 10), text: `床前明月光，${XSS[3]}疑是地上霜。` }, { csrfFrom: '/search' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /must be Chinese characters and punctuation only/);
    assert.deepEqual(unescaped('refused paste', refused), []);
    assert.ok(refused.text.includes('&quot;&lt;&quot;') || refused.text.includes('"&lt;"'), 'the refused character is quoted, escaped');

    // Quotes and ampersands are punctuation a poem may have; on the page they are entities.
    const quoted = await curator.post('/curate', { intent: 'paste', title: '山"居\'夜&', author: '无"名', text: '山中"无客到&，云外有钟声\'。' }, { csrfFrom: '/search' });
    assert.equal(quoted.status, 302, `${quoted.status} ${quoted.text.slice(0, 300)}`);
    const poem = await curator.get(quoted.location!);
    assert.equal(poem.status, 200);
    assert.ok(poem.text.includes('山&quot;居&#x27;夜&amp;'), 'the title, escaped');
    assert.ok(!poem.text.includes('山"居\'夜&'), 'never as written');
  });

  test('in Chromium with CSP switched off, no payload runs on any page (escaping alone holds)', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const ran: string[] = [];
      const byRole = new Map<Who, [Who, string][]>();
      for (const [who, url] of pages()) byRole.set(who, [...(byRole.get(who) ?? []), [who, url]]);
      for (const [who, list] of byRole) {
        const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1000, height: 800 } });
        const { hostname } = new URL(base);
        await context.addCookies([...visitors[who].cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })));
        const page = await context.newPage();
        page.on('dialog', (dialog) => {
          ran.push(`${who} ${page.url()}: a dialog (${dialog.message()})`);
          void dialog.dismiss();
        });
        for (const [, url] of list) {
          const response = await page.goto(`${base}${url}`, { waitUntil: 'load' });
          assert.equal(response?.status(), 200, `${who} ${url}`);
          // Hydrated: React has rendered everything again on the client (a second chance to go wrong).
          await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true, undefined, { timeout: 10_000 });
          await page.waitForTimeout(150);
          const count = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
          if (count > 0) ran.push(`${who} ${url}: ${count} payload(s) ran`);
        }
        // The control: the same check sees a payload that does run.
        await page.evaluate(() => {
          const img = document.createElement('img');
          img.setAttribute('onerror', 'window.__xss=(window.__xss||0)+1');
          img.src = 'x';
          document.body.append(img);
        });
        await page.waitForFunction(() => ((window as unknown as { __xss?: number }).__xss ?? 0) > 0, undefined, { timeout: 5000 });
        await context.close();
      }
      assert.deepEqual(ran, []);
    } finally {
      await browser?.close();
    }
  });
});

describe('SQL metacharacters', () => {
  const queries = (): [Who, string][] => [
    ['anonymous', '/search?q=X'],
    ['anonymous', '/?index&after=X'],
    ['anonymous', '/poets/X'],
    ['anonymous', '/p/X'],
    ['anonymous', '/p/X/pinyin'],
    ['anonymous', `/p/${fixture.slug}?share=X`],
    ['anonymous', '/login?redirectTo=X'],
    ['anonymous', '/media/X.mp4'],
    ['curator', '/curate?q=X'],
    ['curator', '/curate?dynasty=X'],
    ['curator', '/curate?form=X'],
    ['curator', '/curate?collection=X'],
    ['curator', '/curate?author=X'],
    ['curator', '/curate?q=%E6%9C%88&dynasty=X&form=X&collection=X&author=X&page=X'],
    ['curator', '/curate/poems/X'],
    ['curator', `/curate/poems/${fixture.poemId}?aspect=X&look=X`],
    ['curator', '/curate/productions?status=X&page=X'],
    ['reviewer', '/review/X'],
    ['reviewer', `/review/${fixture.draftId}?compare=X`],
    ['curator', '/curate.data?q=X'],
  ];

  /**
   * What an injection would change: the tables, this suite's accounts and fixtures, and accounts
   * named after the payloads. (Not row counts: other test files write to the same database.)
   */
  async function databaseState() {
    const tables = await stack.sql<{ name: string; present: boolean }[]>`
      select name, to_regclass(name) is not null as present
      from unnest(array['users', 'user_sessions', 'login_attempts', 'corpus_poems', 'corpus_search', 'productions', 'production_shots',
        'production_versions', 'review_decisions', 'publications']) as name`;
    const accounts = await stack.sql`select email, role, password_hash, disabled_at from users where email = any(${Object.values(stack.email)}) order by email`;
    const films = await stack.sql`select slug, title, author, unpublished_at from publications where slug = any(${[fixture.slug!, fixture.evilSlug!]}) order by slug`;
    const draft = await stack.sql`select status, poem_title, version from productions where id = ${fixture.draftId!}`;
    const decisions = await stack.sql`select count(*)::int as n from review_decisions where production_id = ${fixture.draftId!}`;
    const payloadAccounts = await stack.sql`select email from users where email = any(${SQL.map((value) => `${value}@test.local`)})`;
    return { tables, accounts, films, draft, decisions, payloadAccounts };
  }

  test('every search field and query parameter answers normally or with a clear 4xx, never a 5xx, and the database is intact', async () => {
    const before = await databaseState();
    const wrong: string[] = [];
    for (const [who, pattern] of queries()) {
      const values = [...SQL.map((value) => encodeURIComponent(value.replace('\ud800', '\ufffd'))), ...RAW_ESCAPES];
      for (const value of values) {
        const url = pattern.replaceAll('X', value);
        const response = await rawRequest(base, 'GET', url, { Cookie: visitors[who].cookieHeader(), 'X-Forwarded-For': stack.address() });
        // 431: the server's own limit on the size of a request's head (several 5,000-character values).
        if (![200, 202, 302, 400, 404, 431].includes(response.status)) wrong.push(`${who} ${url.slice(0, 120)} → ${response.status}`);
      }
    }
    assert.deepEqual(wrong, []);
    // Metacharacters are no more than word breaks: an injection finds what its words find, and a
    // lone wildcard finds nothing.
    const films = async (query: string) => {
      const page = await visitors.anonymous.get(`/search?q=${encodeURIComponent(query)}`);
      assert.equal(page.status, 200);
      return [...page.text.matchAll(/href="\/p\/([^"/]+)"/g)].map((match) => match[1]).sort();
    };
    for (const [injection, words] of [["' OR '1'='1", 'OR 1 1'], ["') or true --", 'or true'], ["静夜思' --", '静夜思']]) {
      assert.deepEqual(await films(injection!), await films(words!), injection);
    }
    for (const wildcard of ['%', '_', '%%', '\\%']) assert.deepEqual(await films(wildcard), [], wildcard);
    const found = await visitors.anonymous.get(`/search?q=${encodeURIComponent('静夜思')}`);
    assert.ok(found.text.includes(`/p/${fixture.slug}`), 'the control: a real title is found');
    assert.deepEqual(await databaseState(), before);
  });

  test('form fields with metacharacters and NUL: a 4xx or a normal answer, never a 5xx, nothing stored that should not be', async () => {
    const before = await databaseState();
    const wrong: string[] = [];
    for (const value of [...SQL, 'a\u0000b', '\u0000']) {
      const forms: [Who, string, Record<string, string>][] = [
        ['anonymous', '/login', { email: value, password: value }],
        ['anonymous', '/login', { email: `${value}@test.local`, password: 'x' }],
        ['admin', '/admin', { intent: 'add', email: `${value}@test.local`, role: 'curator', password: 'short' }],
        ['admin', '/admin', { intent: 'role', userId: value, role: 'admin' }],
        ['admin', '/admin', { intent: value, userId: '1' }],
        ['curator', '/curate', { intent: 'paste', title: value, author: value, dynasty: value, text: `床前明月光，疑是地上霜${value}` }],
        ['curator', '/curate/productions', { intent: value, productionId: value }],
        ['reviewer', `/review/${fixture.draftId}`, { intent: value, shotIndex: value, note: value, reason: value }],
      ];
      for (const [who, url, fields] of forms) {
        const visitor = who === 'anonymous' ? await stack.visitor('anonymous') : visitors[who];
        const response = await visitor.post(url, fields, { csrfFrom: who === 'anonymous' ? '/login' : '/search' });
        if (response.status >= 500) wrong.push(`POST ${url} as ${who} with ${JSON.stringify(value).slice(0, 60)}: ${response.status} ${response.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(await databaseState(), before);
    assert.equal((await databaseState()).payloadAccounts.length, 0, 'no account was made from a payload');
  });
});

describe('oversized requests', () => {
  const MAX = 256 * 1024;

  test('a body over 256 KiB is a 413 on every action, signed in or not, whatever its type; one at the limit is read', async () => {
    const wrong: string[] = [];
    const actions: [Who | Staff, string][] = [
      ['anonymous', '/login'],
      ['anonymous', '/logout'],
      ['admin', '/admin'],
      ['curator', '/curate'],
      ['curator', `/curate/poems/${fixture.poemId}`],
      ['curator', '/curate/productions'],
      ['reviewer', `/review/${fixture.draftId}`],
      ['anonymous', '/search'],
      ['anonymous', '/media/fixtures/inside.mp4'],
    ];
    for (const [who, url] of actions) {
      const cookie = visitors[who].cookieHeader();
      const over = await fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `note=${'x'.repeat(MAX)}` });
      if (over.status !== 413) wrong.push(`${url} as ${who}, urlencoded: ${over.status}`);
      const form = new FormData();
      form.set('text', 'y'.repeat(MAX + 1));
      const multipart = await fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: base }, body: form });
      if (multipart.status !== 413) wrong.push(`${url} as ${who}, multipart: ${multipart.status}`);
      const put = await fetch(`${base}${url}`, { method: 'PUT', redirect: 'manual', headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/json' }, body: JSON.stringify({ a: 'z'.repeat(MAX) }) });
      if (put.status !== 413) wrong.push(`${url} as ${who}, PUT JSON: ${put.status}`);
    }
    const atLimit = await fetch(`${base}/login`, { method: 'POST', headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(MAX - 2)}` });
    assert.equal(atLimit.status, 403, 'exactly the limit is read (and then refused for its missing CSRF token)');
    assert.deepEqual(wrong, []);
  });

  test('a body of unknown length is a 411; a URL too long for the server a 431 or 414; 10,000 fields a 400', async () => {
    const chunked = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode('a=b')), controller.close()) }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 411);
    const long = await fetch(`${base}/search?q=${'a'.repeat(70_000)}`);
    assert.ok([414, 431].includes(long.status), `a 70 kB URL: ${long.status}`);
    const many = await visitors.curator.post('/curate', { intent: 'queue', poemId: Array.from({ length: 10_000 }, (_, i) => `p${i}`) }, { csrfFrom: '/search' });
    assert.equal(many.status, 400, 'too many poems at once');
  });

  test('none of it put a password, key or secret in the console’s output', () => {
    assert.deepEqual(secretsIn(stack.server.output(), stack.secrets, [stack.password]), []);
  });
});
