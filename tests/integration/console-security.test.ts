// The console over HTTP on a real server and database: what visitors may see (only published
// films, media inside the media root with Range), who may do what (every loader and action
// checks the role), CSRF, login rate limiting, sessions, security headers and body limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { FIXTURE_POEMS, insertDraft, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { runShiying } from '../support/processes.js';
import { startConsole, Visitor, type ConsoleProcess } from '../support/console-stack.js';

const PASSWORD = 'correct horse battery';
/** Makes names unique per run, so a reused test database does not get in the way. */
const RUN = Date.now().toString(36);
const HERMIT = { ...FIXTURE_POEMS[2]!, author: `隐士${RUN}`, title: `春晓${RUN}` };
const CURATOR = 'curator-sec@test.local';
const REVIEWER = 'reviewer-sec@test.local';
const ADMIN = 'admin-sec@test.local';

let sql: Sql;
let server: ConsoleProcess;
let visible: { slug: string; film: string; poster: string; vtt: string };
let hidden: { slug: string; film: string };
let draftId: string;

async function loggedIn(email: string): Promise<Visitor> {
  const visitor = new Visitor(server.base);
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
  // Trusting the loopback proxy lets each test come from its own address (X-Forwarded-For), so
  // locking an address here never locks out the other test files' logins from 127.0.0.1.
  server = await startConsole({ SHIYING_TRUST_PROXY: 'loopback' });
  const shown = await insertPublishedFilm(sql, server.mediaRoot, FIXTURE_POEMS[0]!);
  visible = { slug: shown.slug, ...shown.media };
  const unpublished = await insertPublishedFilm(sql, server.mediaRoot, HERMIT, { unpublished: true });
  hidden = { slug: unpublished.slug, film: unpublished.media.film };
  draftId = (await insertDraft(sql, server.mediaRoot, FIXTURE_POEMS[1]!)).productionId;
});

after(async () => {
  await server?.stop();
  await sql?.end({ timeout: 2 });
});

describe('public gallery', () => {
  test('pages carry CSP with a per-response nonce that every inline script uses, and the other security headers', async () => {
    const visitor = new Visitor(server.base);
    const first = await visitor.get('/');
    const second = await visitor.get('/');
    assert.equal(first.status, 200);
    const csp = first.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(second.headers.get('content-security-policy') ?? '')?.[1], 'a new nonce per response');
    const scripts = [...first.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0);
    for (const script of scripts) assert.ok(script.includes(`nonce="${nonce}"`) || /\bsrc=/.test(script), `script without the nonce: ${script}`);
    assert.equal(first.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(first.headers.get('x-frame-options'), 'DENY');
    assert.ok(first.headers.get('referrer-policy'));
    assert.equal(first.headers.get('x-powered-by'), null);
  });

  test('the feed shows published films only; a film page has OpenGraph and Twitter cards; anything else is 404', async () => {
    const visitor = new Visitor(server.base);
    const feed = await visitor.get('/');
    assert.ok(feed.text.includes(`/p/${visible.slug}`), 'published film in the feed');
    assert.ok(!feed.text.includes(hidden.slug), 'unpublished film not in the feed');
    const page = await visitor.get(`/p/${visible.slug}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<meta property="og:image" content="http:\/\/127\.0\.0\.1:\d+\/media\/fixtures\/[^"]+poster\.jpg"/);
    assert.match(page.text, /<meta name="twitter:card" content="summary_large_image"/);
    assert.match(page.text, /<meta property="og:title" content="静夜思 · 李白"/);
    assert.equal((await visitor.get(`/p/${hidden.slug}`)).status, 404);
    assert.equal((await visitor.get('/p/no-such-film')).status, 404);
    assert.equal((await visitor.get(`/p/${hidden.slug}/pinyin`)).status, 404);
    const pinyin = await visitor.get(`/p/${visible.slug}/pinyin`);
    assert.deepEqual((JSON.parse(pinyin.text) as { lines: string[][] }).lines[0], ['chuáng', 'qián', 'míng', 'yuè', 'guāng']);
    assert.equal((await visitor.get('/poets/%E6%9D%8E%E7%99%BD')).status, 200, '/poets/李白');
    assert.equal((await visitor.get(`/poets/${encodeURIComponent(HERMIT.author)}`)).status, 404, 'a poet whose only film is unpublished');
    assert.equal((await visitor.get('/no/such/page')).status, 404);
  });

  test('search finds published films in either script and never unpublished ones', async () => {
    const visitor = new Visitor(server.base);
    const traditional = await visitor.get(`/search?q=${encodeURIComponent('靜夜思')}`);
    assert.ok(traditional.text.includes(`/p/${visible.slug}`));
    const line = await visitor.get(`/search?q=${encodeURIComponent('舉頭望明月')}`);
    assert.ok(line.text.includes(`/p/${visible.slug}`));
    const hiddenSearch = await visitor.get(`/search?q=${encodeURIComponent(HERMIT.title)}`);
    assert.ok(!hiddenSearch.text.includes(hidden.slug));
    const wildcard = await visitor.get(`/search?q=${encodeURIComponent('%_')}`);
    assert.equal(wildcard.status, 200);
    assert.ok(!wildcard.text.includes('/p/'), 'LIKE wildcards are matched literally');
  });

  test('text from the database is escaped, never markup', async () => {
    const evil = { ...FIXTURE_POEMS[3]!, title: '<img src=x onerror=alert(1)>', author: '"><script>alert(2)</script>' };
    const { slug } = await insertPublishedFilm(sql, server.mediaRoot, evil);
    const page = await new Visitor(server.base).get(`/p/${slug}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('<img src=x onerror'), 'title rendered as markup');
    assert.ok(!page.text.includes('<script>alert(2)'), 'author rendered as markup');
    assert.ok(page.text.includes('&lt;img src=x onerror=alert(1)&gt;'));
    await sql`update publications set unpublished_at = now() where slug = ${slug}`;
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

  test('paths can never leave the media root, encoded or not', async () => {
    await writeFile(path.join(server.mediaRoot, 'fixtures', 'entry.json'), '{}');
    const attempts = [
      '/media/../package.json',
      '/media/%2e%2e/package.json',
      '/media/%2E%2E/%2E%2E/etc/passwd',
      '/media/fixtures/%2e%2e/%2e%2e/package.json',
      '/media/fixtures%2f..%2f..%2fpackage.json',
      '/media/..%5c..%5cpackage.json',
      '/media/%252e%252e/package.json',
      '/media/fixtures/%00.mp4',
      '/media//etc/passwd',
      '/media/fixtures/entry.json',
      '/media/.tmp/x.mp4',
      '/media/%E0%A4%A.mp4',
    ];
    for (const attempt of attempts) {
      const response = await fetch(`${server.base}${attempt}`);
      assert.ok([400, 404].includes(response.status), `${attempt} → ${response.status}`);
      const body = await response.text();
      assert.ok(!body.includes('"name": "shiying"') && !body.includes('root:'), `${attempt} leaked a file`);
    }
  });

  test('unpublished media is a 404 for visitors and served to signed-in staff', async () => {
    assert.equal((await fetch(`${server.base}/media/${hidden.film}`)).status, 404);
    const curator = await loggedIn(CURATOR);
    const response = await fetch(`${server.base}/media/${hidden.film}`, { headers: { Cookie: curator.cookieHeader(), Range: 'bytes=0-9' } });
    assert.equal(response.status, 206);
    assert.match(response.headers.get('cache-control') ?? '', /^private/);
  });
});

describe('roles', () => {
  test('anonymous visitors are sent to log in from every staff page, and come back after', async () => {
    const visitor = new Visitor(server.base);
    for (const page of ['/curate', '/curate/productions', '/review', `/review/${draftId}`, '/admin', '/curate/poems/x']) {
      const response = await visitor.get(page);
      assert.equal(response.status, 302, page);
      assert.equal(response.location, `/login?redirectTo=${encodeURIComponent(page)}`);
    }
    const post = await visitor.post(`/review/${draftId}`, { intent: 'publish' }, { csrfFrom: '/login' });
    assert.equal(post.status, 302, 'an anonymous action is sent to log in too');
    const back = await visitor.post(`/login`, { email: REVIEWER, password: PASSWORD, redirectTo: '/review' });
    assert.equal(back.location, '/review');
  });

  test('the role matrix holds in loaders and in actions', async () => {
    const curator = await loggedIn(CURATOR);
    const reviewer = await loggedIn(REVIEWER);
    const admin = await loggedIn(ADMIN);
    const expect = async (visitor: Visitor, page: string, status: number) => assert.equal((await visitor.get(page)).status, status, `${page}`);
    await expect(curator, '/curate', 200);
    await expect(curator, '/curate/productions', 200);
    await expect(curator, `/review/${draftId}`, 200); // may look at a draft …
    await expect(curator, '/review', 403);
    await expect(curator, '/admin', 403);
    await expect(reviewer, '/review', 200);
    await expect(reviewer, `/review/${draftId}`, 200);
    await expect(reviewer, '/curate', 403);
    await expect(reviewer, '/admin', 403);
    for (const page of ['/curate', '/curate/productions', '/review', `/review/${draftId}`, '/admin']) await expect(admin, page, 200);

    // … but a curator cannot approve, publish or regenerate, whatever the form says.
    for (const intent of ['approveShot', 'publish', 'regenerate', 'reject']) {
      const response = await curator.post(`/review/${draftId}`, { intent, shotIndex: '1', note: 'n', reason: 'r' }, { csrfFrom: '/curate' });
      assert.equal(response.status, 403, `curator ${intent}`);
    }
    // A reviewer cannot manage users or queue poems.
    const addUser = await reviewer.post('/admin', { intent: 'add', email: 'mallory@test.local', role: 'admin', password: 'long enough password' }, { csrfFrom: '/review' });
    assert.equal(addUser.status, 403);
    assert.equal((await sql`select 1 from users where email = 'mallory@test.local'`).length, 0);
    const queue = await reviewer.post('/curate', { intent: 'queue', poemId: 'x' }, { csrfFrom: '/review' });
    assert.equal(queue.status, 403);
    const role = await reviewer.post('/admin', { intent: 'role', userId: '1', role: 'admin' }, { csrfFrom: '/review' });
    assert.equal(role.status, 403);
  });

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

describe('sessions, CSRF and login limits', () => {
  test('forms without the right CSRF token, or from another origin, are refused', async () => {
    const visitor = new Visitor(server.base);
    await visitor.get('/login');
    assert.equal((await visitor.post('/login', { email: ADMIN, password: PASSWORD }, { csrfFrom: false })).status, 403, 'no token');
    assert.equal((await visitor.post('/login', { email: ADMIN, password: PASSWORD, _csrf: 'forged' }, { csrfFrom: false })).status, 403, 'forged token');
    const crossSite = await visitor.post('/login', { email: ADMIN, password: PASSWORD }, { headers: { Origin: 'https://evil.example' } });
    assert.equal(crossSite.status, 403, 'cross-site origin');
    // A token from one browser is useless in another (it is bound to that browser's cookie).
    const other = new Visitor(server.base);
    const stolen = await other.csrf('/login');
    assert.equal((await visitor.post('/login', { email: ADMIN, password: PASSWORD, _csrf: stolen }, { csrfFrom: false })).status, 403);
    // Logging in changes the token (it is bound to the session too): the page's pre-login token is refused.
    const admin = new Visitor(server.base);
    const beforeLogin = await admin.csrf('/login');
    assert.equal((await admin.login(ADMIN, PASSWORD)).status, 302);
    const response = await admin.post('/admin', { intent: 'add', email: `x${RUN}@test.local`, role: 'curator', password: 'long enough password', _csrf: beforeLogin }, { csrfFrom: false });
    assert.equal(response.status, 403);
    assert.equal((await admin.post('/admin', { intent: 'add', email: `x${RUN}@test.local`, role: 'curator', password: 'long enough password' })).status, 200);
  });

  test('session cookies are httpOnly, SameSite=Lax and signed; the database keeps only a hash; logout ends the session', async () => {
    const visitor = new Visitor(server.base);
    const csrf = await visitor.csrf('/login');
    const response = await fetch(`${server.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: visitor.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.base },
      body: new URLSearchParams({ email: CURATOR, password: PASSWORD, _csrf: csrf }),
    });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('shiying_session='))!;
    assert.ok(cookie, 'a session cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    const value = decodeURIComponent(cookie.split(';')[0]!.slice('shiying_session='.length));
    const [, signature] = value.split('.');
    assert.ok(signature, 'signed');
    const token = JSON.parse(Buffer.from(value.split('.')[0]!, 'base64').toString('utf8')) as string;
    const stored = await sql`select id from user_sessions where id = ${token}`;
    assert.equal(stored.length, 0, 'the raw token is not stored');
    // A tampered cookie is not a session.
    const tampered = new Visitor(server.base);
    tampered.cookies.set('shiying_session', encodeURIComponent(`${Buffer.from(JSON.stringify(token.replace(/^./, 'A'))).toString('base64')}.${signature}`));
    assert.equal((await tampered.get('/curate')).status, 302);

    const curator = await loggedIn(CURATOR);
    const sessionCookie = curator.cookies.get('shiying_session')!;
    assert.equal((await curator.get('/curate')).status, 200);
    const out = await curator.post('/logout', {}, { csrfFrom: '/curate' });
    assert.equal(out.status, 302);
    const replay = new Visitor(server.base);
    replay.cookies.set('shiying_session', sessionCookie);
    assert.equal((await replay.get('/curate')).status, 302, 'the old cookie no longer works');
  });

  test('changing a role or disabling an account ends its sessions', async () => {
    const email = `moving${RUN}@test.local`;
    await insertUser(sql, email, 'curator', PASSWORD);
    const user = await loggedIn(email);
    assert.equal((await user.get('/curate')).status, 200);
    const admin = await loggedIn(ADMIN);
    const [row] = await sql<{ id: string }[]>`select id from users where email = ${email}`;
    assert.equal((await admin.post('/admin', { intent: 'role', userId: row!.id, role: 'reviewer' })).status, 200);
    assert.equal((await user.get('/curate')).status, 302, 'logged out by the role change');
    const again = await loggedIn(email);
    assert.equal((await again.get('/review')).status, 200, 'now a reviewer');
    assert.equal((await admin.post('/admin', { intent: 'disable', userId: row!.id })).status, 200);
    assert.equal((await again.get('/review')).status, 302);
    assert.equal((await new Visitor(server.base).login(email, PASSWORD)).status, 401, 'a disabled account cannot log in');
  });

  test('five failures for an email lock it for the window (429 with Retry-After), even with the right password', async () => {
    const email = `locked${RUN}@test.local`;
    await insertUser(sql, email, 'curator', PASSWORD);
    const visitor = new Visitor(server.base, { 'X-Forwarded-For': '192.0.2.99' });
    for (let i = 0; i < 5; i++) assert.equal((await visitor.login(email, `wrong ${i}`)).status, 401);
    const limited = await visitor.login(email, PASSWORD);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.match(limited.text, /尝试次数过多|Too many attempts/);
    // Other accounts from the same address still work (the address limit is higher).
    assert.equal((await new Visitor(server.base).login(CURATOR, PASSWORD)).status, 302);
  });

  test('an address with 20 failures in the window is refused for every email; other addresses are not', async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    await sql`delete from login_attempts where ip = ${address}`;
    const visitor = new Visitor(server.base, { 'X-Forwarded-For': address });
    for (let i = 0; i < 20; i++) assert.equal((await visitor.login(`nobody${i}@test.local`, 'wrong password')).status, 401);
    assert.equal((await visitor.login(ADMIN, PASSWORD)).status, 429);
    assert.equal((await new Visitor(server.base, { 'X-Forwarded-For': '192.0.2.7' }).login(ADMIN, PASSWORD)).status, 302);
    const recorded = await sql`select 1 from login_attempts where ip = ${address}`;
    assert.equal(recorded.length, 20, 'counted against the forwarded client address (a refused attempt is not tried, nor counted)');
    await sql`delete from login_attempts where ip = ${address}`;
  });
});

describe('server limits and accounts', () => {
  test('a body over the limit is a 413; a body of unknown length a 411', async () => {
    const big = await fetch(`${server.base}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(300 * 1024, 'x') });
    assert.equal(big.status, 413);
    const chunked = await fetch(`${server.base}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode('a=b')), controller.close()) }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 411);
  });

  test('`shiying users add` makes an account that can log in; the development seed refuses in production', async () => {
    const env = { DATABASE_URL: testDatabaseUrl(), NODE_ENV: 'test' };
    const added = await runShiying(['users', 'add', '--email', `Cli${RUN}@Test.Local`, '--role', 'reviewer', '--password', 'a long cli password'], env);
    assert.equal(added.code, 0, added.stderr);
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
