// The console over HTTP on a real server and database: the gallery's pages (OpenGraph cards,
// search in either script), media with Range, validation messages, and accounts (the `users`
// command, the development seed, the session secret production needs). Who may do what, CSRF,
// sessions, limits, headers and hostile input are the security suite's (tests/security/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { FIXTURE_POEMS, insertDraft, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { runShiying } from '../support/processes.js';
import { startConsole, Visitor, type ConsoleProcess } from '../support/console-stack.js';

const PASSWORD = 'correct horse battery';
/** Makes names unique per run, so a reused test database does not get in the way. */
const RUN = Date.now().toString(36);
const CURATOR = 'curator-http@test.local';
const REVIEWER = 'reviewer-http@test.local';
const ADMIN = 'admin-http@test.local';

let sql: Sql;
let server: ConsoleProcess;
let visible: { slug: string; film: string; poster: string; vtt: string };
let draftId: string;

async function loggedIn(email: string): Promise<Visitor> {
  const visitor = new Visitor(server.base, { 'X-Forwarded-For': `192.0.2.${Math.floor(Math.random() * 200) + 20}` });
  const response = await visitor.login(email, PASSWORD);
  assert.equal(response.status, 302, `login of ${email}: ${response.status} ${response.text.slice(0, 300)}`);
  return visitor;
}

before(async () => {
  sql = await openTestDatabase({ max: 4 });
  await sql`delete from login_attempts where ip like '%127.0.0.1'`;
  await insertUser(sql, CURATOR, 'curator', PASSWORD);
  await insertUser(sql, REVIEWER, 'reviewer', PASSWORD);
  await insertUser(sql, ADMIN, 'admin', PASSWORD);
  server = await startConsole({ SHIYING_TRUST_PROXY: 'loopback' });
  const shown = await insertPublishedFilm(sql, server.mediaRoot, FIXTURE_POEMS[0]!);
  visible = { slug: shown.slug, ...shown.media };
  draftId = (await insertDraft(sql, server.mediaRoot, FIXTURE_POEMS[1]!)).productionId;
});

after(async () => {
  await server?.stop();
  await sql?.end({ timeout: 2 });
});

describe('public gallery', () => {
  test('a film page has OpenGraph and Twitter cards; pinyin on demand; unknown pages are 404', async () => {
    const visitor = new Visitor(server.base);
    const page = await visitor.get(`/p/${visible.slug}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<meta property="og:image" content="http:\/\/127\.0\.0\.1:\d+\/media\/fixtures\/[^"]+poster\.jpg"/);
    assert.match(page.text, /<meta name="twitter:card" content="summary_large_image"/);
    assert.match(page.text, /<meta property="og:title" content="静夜思 · 李白"/);
    assert.equal((await visitor.get('/p/no-such-film')).status, 404);
    const pinyin = await visitor.get(`/p/${visible.slug}/pinyin`);
    assert.deepEqual((JSON.parse(pinyin.text) as { lines: string[][] }).lines[0], ['chuáng', 'qián', 'míng', 'yuè', 'guāng']);
    assert.equal((await visitor.get('/poets/%E6%9D%8E%E7%99%BD')).status, 200, '/poets/李白');
    assert.equal((await visitor.get('/no/such/page')).status, 404);
  });

  test('search finds published films in either script, by title or by line', async () => {
    const visitor = new Visitor(server.base);
    const traditional = await visitor.get(`/search?q=${encodeURIComponent('靜夜思')}`);
    assert.ok(traditional.text.includes(`/p/${visible.slug}`));
    const line = await visitor.get(`/search?q=${encodeURIComponent('舉頭望明月')}`);
    assert.ok(line.text.includes(`/p/${visible.slug}`));
  });
});

describe('media', () => {
  test('published media: 200 with type and caching; a byte range is a 206', async () => {
    const visitor = new Visitor(server.base);
    const whole = await fetch(`${server.base}/media/${visible.film}`);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'video/mp4');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.match(whole.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    assert.ok(whole.headers.get('etag'));
    const size = (await whole.arrayBuffer()).byteLength;
    const part = await fetch(`${server.base}/media/${visible.film}`, { headers: { Range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${size}`);
    assert.equal((await part.arrayBuffer()).byteLength, 100);
    const tail = await fetch(`${server.base}/media/${visible.film}`, { headers: { Range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.equal((await fetch(`${server.base}/media/${visible.film}`, { headers: { Range: `bytes=${size + 10}-` } })).status, 416);
    const vtt = await visitor.get(`/media/${visible.vtt}`);
    assert.equal(vtt.headers.get('content-type'), 'text/vtt; charset=utf-8');
    assert.match(vtt.text, /^WEBVTT/);
    assert.equal((await visitor.get(`/media/${visible.poster}`)).headers.get('content-type'), 'image/jpeg');
  });
});

describe('validation', () => {
  test('validation errors are 400s with field messages', async () => {
    const admin = await loggedIn(ADMIN);
    const badEmail = await admin.post('/admin', { intent: 'add', email: 'not an email', role: 'curator', password: 'long enough password' });
    assert.equal(badEmail.status, 400);
    assert.match(badEmail.text, /is not an email address/);
    const shortPassword = await admin.post('/admin', { intent: 'add', email: 'new@test.local', role: 'curator', password: 'short' });
    assert.equal(shortPassword.status, 400);
    assert.match(shortPassword.text, /at least 10 characters/);
    const reviewer = await loggedIn(REVIEWER);
    const noNote = await reviewer.post(`/review/${draftId}`, { intent: 'regenerate', shotIndex: '1', note: '  ' });
    assert.equal(noNote.status, 400);
    const noReason = await reviewer.post(`/review/${draftId}`, { intent: 'reject', reason: '' });
    assert.equal(noReason.status, 400);
    const curator = await loggedIn(CURATOR);
    assert.equal((await curator.post('/curate', { intent: 'queue' })).status, 400, 'nothing selected');
    const badOptions = await curator.post('/curate', { intent: 'queue', poemId: 'x', priority: '9', provider: 'sora-9' });
    assert.equal(badOptions.status, 400);
    assert.match(badOptions.text, /priority is a whole number from 1/);
    const paste = await curator.post('/curate', { intent: 'paste', text: 'hello world, not a poem' });
    assert.equal(paste.status, 400);
    assert.equal((await reviewer.get('/review/prod-nope')).status, 404);
  });
});

describe('accounts', () => {
  test('`shiying users add` makes an account that can log in; the development seed refuses in production', async () => {
    const env = { DATABASE_URL: testDatabaseUrl(), NODE_ENV: 'test' };
    const added = await runShiying(['users', 'add', '--email', `Cli${RUN}@Test.Local`, '--role', 'reviewer', '--password', 'a long cli password'], env);
    assert.equal(added.code, 0, added.stderr);
    assert.ok(!`${added.stdout}${added.stderr}`.includes('a long cli password'), 'a password given on the command line is not printed back');
    assert.match(added.stdout, new RegExp(`added cli${RUN}@test\\.local \\(reviewer\\)`));
    assert.equal((await new Visitor(server.base).login(`cli${RUN}@test.local`, 'a long cli password')).status, 302);
    const duplicate = await runShiying(['users', 'add', '--email', `cli${RUN}@test.local`, '--role', 'reviewer', '--password', 'a long cli password'], env);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /already has an account/);
    const badRole = await runShiying(['users', 'add', '--email', 'x@test.local', '--role', 'owner'], env);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /--role must be one of curator, reviewer, admin/);
    const generated = await runShiying(['users', 'add', '--email', `gen${RUN}@test.local`, '--role', 'curator'], env);
    const password = /password: (\S+)/.exec(generated.stdout)?.[1];
    assert.ok(password && password.length >= 16, generated.stdout);
    assert.equal((await new Visitor(server.base).login(`gen${RUN}@test.local`, password)).status, 302);

    const { seedDevelopmentUsers } = await import('../../console/app/users.server.js');
    await assert.rejects(seedDevelopmentUsers(sql, { nodeEnv: 'production' }), /never created in production/);
    const { seedConsoleUsersOnStart } = await import('../../console/dev-seed.js');
    const { loadConfig } = await import('../../platform/config.js');
    const lines: string[] = [];
    await seedConsoleUsersOnStart(loadConfig({ ...process.env, NODE_ENV: 'production' }), (line) => lines.push(line));
    assert.match(lines.join('\n'), /no development users are created/);
    // In development the three accounts are made (or reset) and announced.
    const development: string[] = [];
    await seedConsoleUsersOnStart(loadConfig({ ...process.env, DATABASE_URL: testDatabaseUrl(), NODE_ENV: 'development' }), (line) => development.push(line), {});
    assert.match(development.join('\n'), /password shiying-dev\): curator@shiying\.local \(curator\), reviewer@shiying\.local \(reviewer\), admin@shiying\.local \(admin\)/);
    assert.equal((await new Visitor(server.base, { 'X-Forwarded-For': '192.0.2.50' }).login('reviewer@shiying.local', 'shiying-dev')).status, 302);
  });

  test('a production console refuses to start without a session secret', async () => {
    const result = await runShiying(['console'], { NODE_ENV: 'production', SHIYING_SESSION_SECRET: '', DATABASE_URL: testDatabaseUrl(), PORT: '1' }, 120_000);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /SHIYING_SESSION_SECRET is required when NODE_ENV=production/);
  });
});
