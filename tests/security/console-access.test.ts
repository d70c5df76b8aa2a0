// Who may do what in the console, checked over HTTP against a real console and database: every
// route × every role against the table below (GET and every mutating method, pages and their
// data requests), CSRF, sessions (fixation, logout, role changes), login limits, security headers
// and cookie flags, and that no secret or password ever reaches the console's output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { projectRoot } from '../../platform/config.js';
import { FIXTURE_POEMS, insertDraft, insertPoem, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { startConsole, Visitor, type ConsoleProcess, type PageResponse } from '../support/console-stack.js';
import { secretsIn, startSecurityStack, WHO, type SecurityStack, type Who } from '../support/security-stack.js';

/**
 * What one cell expects: a status; `login` — a 302 to the login page that comes back to this path
 * afterwards; or `→/path` — a 302 to exactly that path.
 */
type Cell = number | 'login' | `→${string}`;
type Method = 'GET' | 'POST';
type Row = readonly [file: string, method: Method, path: string, anonymous: Cell, curator: Cell, reviewer: Cell, admin: Cell];

/**
 * THE TABLE. One row per route file of console/app/routes (more where a parameter matters) plus
 * what console/server.ts serves itself (`(server)` rows). A route file without a GET and a POST
 * row fails the first test, as does a POST row that disagrees with whether the file has an action.
 * Staff forms are chosen to pass the role check and fail validation (see FORMS), so a 400 means
 * "allowed in", and no cell changes anything. Admins may do everything.
 */
const TABLE: Row[] = [
  // file                         method  path                        anonymous  curator      reviewer     admin
  ['_index.tsx',                  'GET',  '/',                        200,       200,         200,         200],
  ['_index.tsx',                  'POST', '/',                        405,       405,         405,         405],
  ['admin.tsx',                   'GET',  '/admin',                   'login',   403,         403,         200],
  ['admin.tsx',                   'POST', '/admin',                   'login',   403,         403,         400],
  ['curate._index.tsx',           'GET',  '/curate',                  'login',   200,         403,         200],
  ['curate._index.tsx',           'GET',  '/curate?q=明月&page=2',     'login',   200,         403,         200],
  ['curate._index.tsx',           'POST', '/curate',                  'login',   400,         403,         400],
  ['curate.poems.$poemId.tsx',    'GET',  '/curate/poems/:poemId',    'login',   200,         403,         200],
  ['curate.poems.$poemId.tsx',    'GET',  '/curate/poems/:noPoem',    'login',   404,         403,         404],
  ['curate.poems.$poemId.tsx',    'POST', '/curate/poems/:poemId',    'login',   400,         403,         400],
  ['curate.productions.tsx',      'GET',  '/curate/productions',      'login',   200,         403,         200],
  ['curate.productions.tsx',      'POST', '/curate/productions',      'login',   400,         403,         400],
  // No Temporal server or worker here: /healthz answers everyone, and says they are down.
  ['healthz.ts',                  'GET',  '/healthz',                 503,       503,         503,         503],
  ['healthz.ts',                  'POST', '/healthz',                 405,       405,         405,         405],
  ['login.tsx',                   'GET',  '/login',                   200,       '→/curate',  '→/review',  '→/admin'],
  ['login.tsx',                   'POST', '/login',                   400,       '→/curate',  '→/review',  '→/admin'],
  ['logout.tsx',                  'GET',  '/logout',                  '→/',      '→/',        '→/',        '→/'],
  ['logout.tsx',                  'POST', '/logout',                  '→/',      '→/',        '→/',        '→/'],
  ['p.$slug.tsx',                 'GET',  '/p/:slug',                 200,       200,         200,         200],
  ['p.$slug.tsx',                 'GET',  '/p/:hiddenSlug',           404,       404,         404,         404],
  ['p.$slug.tsx',                 'POST', '/p/:slug',                 405,       405,         405,         405],
  ['p.$slug.pinyin.ts',           'GET',  '/p/:slug/pinyin',          200,       200,         200,         200],
  ['p.$slug.pinyin.ts',           'GET',  '/p/:hiddenSlug/pinyin',    404,       404,         404,         404],
  ['p.$slug.pinyin.ts',           'POST', '/p/:slug/pinyin',          405,       405,         405,         405],
  ['poets.$name.tsx',             'GET',  '/poets/:poet',             200,       200,         200,         200],
  ['poets.$name.tsx',             'GET',  '/poets/:hiddenPoet',       404,       404,         404,         404],
  ['poets.$name.tsx',             'POST', '/poets/:poet',             405,       405,         405,         405],
  ['review._index.tsx',           'GET',  '/review',                  'login',   403,         200,         200],
  ['review._index.tsx',           'POST', '/review',                  405,       405,         405,         405],
  ['review.$productionId.tsx',    'GET',  '/review/:productionId',    'login',   200,         200,         200],
  ['review.$productionId.tsx',    'GET',  '/review/:noProduction',    'login',   404,         404,         404],
  ['review.$productionId.tsx',    'POST', '/review/:productionId',    'login',   403,         400,         400],
  ['search.tsx',                  'GET',  '/search?q=静夜思',          200,       200,         200,         200],
  ['search.tsx',                  'POST', '/search',                  405,       405,         405,         405],
  ['(server) media',              'GET',  '/media/:film',             200,       200,         200,         200],
  ['(server) media',              'GET',  '/media/:hiddenFilm',       404,       200,         200,         200],
  ['(server) media',              'GET',  '/media/:draftClip',        404,       200,         200,         200],
  ['(server) media',              'POST', '/media/:film',             405,       405,         405,         405],
  ['(server) no route',           'GET',  '/no/such/page',            404,       404,         404,         404],
];

/** What each action is sent: past the role check it fails validation, so nothing changes. */
const FORMS: Record<string, Record<string, string>> = {
  '/admin': { intent: 'role', userId: '0' }, // which user? → 400
  '/curate': { intent: 'queue' }, // nothing selected → 400
  '/curate/poems/:poemId': { priority: '9' }, // priority out of range → 400
  '/curate/productions': { intent: 'inspect', productionId: 'prod-none' }, // no such action → 400
  '/review/:productionId': { intent: 'approveShot' }, // which shot? → 400
  '/login': { email: '', password: '' }, // both required → 400
};

const ROUTES_DIR = path.join(projectRoot, 'console', 'app', 'routes');
const MUTATING = ['PUT', 'PATCH', 'DELETE'] as const;

let stack: SecurityStack;
let server: ConsoleProcess;
/** Values of the table's `:placeholders`. */
const fixture: Record<string, string> = {};
/** Passwords this suite types anywhere; none may reach the console's output. */
const typedPasswords: string[] = [];
/** Session cookies handed out during the suite; none may reach the output either. */
const sessionCookies = new Set<string>();

function fill(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = fixture[name];
    if (value === undefined) throw new Error(`no fixture for :${name}`);
    return value;
  });
}

function cellLabel(cell: Cell): string {
  return typeof cell === 'number' ? String(cell) : cell === 'login' ? '302 to login' : `302 ${cell}`;
}

/** Where a cell's redirect goes; `login` comes back to the path as the browser sent it (escaped). */
function redirectOf(cell: Exclude<Cell, number>, target: string): string {
  if (cell !== 'login') return cell.slice(1);
  const sent = new URL(target, 'http://console.test');
  return `/login?redirectTo=${encodeURIComponent(`${sent.pathname}${sent.search}`)}`;
}

/** Why a response does not match its cell, or null when it does. */
function mismatch(cell: Cell, response: { status: number; location: string | null }, target: string): string | null {
  const got = `${response.status}${response.location ? ` → ${response.location}` : ''}`;
  if (typeof cell === 'number') return response.status === cell ? null : got;
  return response.status === 302 && response.location === redirectOf(cell, target) ? null : got;
}

const tokens = new WeakMap<Visitor, string>();
/** The CSRF token the visitor's pages carry (anonymous: the login page's; staff: the layout's). */
async function tokenOf(visitor: Visitor, who: Who): Promise<string> {
  let token = tokens.get(visitor);
  if (!token) {
    token = await visitor.csrf(who === 'anonymous' ? '/login' : '/search');
    tokens.set(visitor, token);
  }
  return token;
}

async function send(visitor: Visitor, who: Who, method: string, target: string, fields: Record<string, string>, options: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<PageResponse> {
  if (method === 'GET') return visitor.get(target, options.headers);
  const token = options.csrf === undefined ? await tokenOf(visitor, who) : options.csrf;
  return visitor.post(target, token === null ? fields : { _csrf: token, ...fields }, { csrfFrom: false, method, ...(options.headers ? { headers: options.headers } : {}) });
}

/** A visitor per role; replaced when a cell ends its session. */
const visitors = {} as Record<Who, Visitor>;
async function freshVisitors(): Promise<void> {
  for (const who of WHO) visitors[who] = await stack.visitor(who);
}

before(async () => {
  stack = await startSecurityStack('access');
  server = stack.server;
  typedPasswords.push(stack.password);
  const { sql, run } = stack;
  const shown = await insertPublishedFilm(sql, server.mediaRoot, FIXTURE_POEMS[0]!);
  const hermit = { ...FIXTURE_POEMS[2]!, author: `隐士${run}`, title: `春晓${run}` };
  const hidden = await insertPublishedFilm(sql, server.mediaRoot, hermit, { unpublished: true });
  const draft = await insertDraft(sql, server.mediaRoot, FIXTURE_POEMS[1]!);
  Object.assign(fixture, {
    slug: shown.slug,
    film: shown.media.film,
    hiddenSlug: hidden.slug,
    hiddenFilm: hidden.media.film,
    hiddenPoet: encodeURIComponent(hermit.author),
    poet: encodeURIComponent(FIXTURE_POEMS[0]!.author),
    productionId: draft.productionId,
    draftClip: draft.media.clips[1]!,
    poemId: await insertPoem(sql, FIXTURE_POEMS[3]!),
    noPoem: '00000000-0000-5000-a000-000000000000',
    noProduction: 'prod-nope',
  });
  await freshVisitors();
});

after(async () => {
  await stack?.stop();
});

describe('the allow/deny table', () => {
  test('every route file has a GET and a POST row, and its POST rows agree with whether it has an action', () => {
    const problems: string[] = [];
    const files = readdirSync(ROUTES_DIR).map((entry) => (statSync(path.join(ROUTES_DIR, entry)).isDirectory() ? `${entry}/route.tsx` : entry));
    for (const file of files) {
      const rows = TABLE.filter(([rowFile]) => rowFile === file);
      for (const method of ['GET', 'POST'] as const) if (!rows.some((row) => row[1] === method)) problems.push(`${file}: no ${method} row in the table`);
      let source = '';
      try {
        source = readFileSync(path.join(ROUTES_DIR, file), 'utf8');
      } catch {
        problems.push(`${file}: cannot read it`);
        continue;
      }
      const hasAction = /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/.test(source);
      for (const row of rows.filter((r) => r[1] === 'POST')) {
        const all405 = row.slice(3).every((cell) => cell === 405);
        if (hasAction && all405) problems.push(`${file}: has an action, but the table expects POST ${row[2]} to be 405 for everyone`);
        if (!hasAction && !all405) problems.push(`${file}: has no action, but the table expects POST ${row[2]} to be answered`);
      }
    }
    for (const [file] of TABLE) if (!file.startsWith('(') && !files.includes(file)) problems.push(`${file}: in the table but not in console/app/routes`);
    assert.deepEqual(problems, []);
  });

  test(`GET and POST: all ${TABLE.length} rows × ${WHO.length} roles hold`, async () => {
    const wrong: string[] = [];
    for (const [, method, pattern, ...cells] of TABLE) {
      const target = fill(pattern);
      // The roles of a row at once (each is its own browser).
      await Promise.all(
        WHO.map(async (who, i) => {
          const response = await send(visitors[who], who, method, target, FORMS[pattern.split('?')[0]!] ?? {});
          const problem = mismatch(cells[i]!, response, target);
          if (problem) wrong.push(`${method} ${pattern} as ${who}: expected ${cellLabel(cells[i]!)}, got ${problem}`);
          if (method === 'POST' && pattern === '/logout') visitors[who] = await stack.visitor(who);
        }),
      );
    }
    assert.deepEqual(wrong, []);
  });

  test('PUT, PATCH and DELETE get exactly what POST gets', async () => {
    const wrong: string[] = [];
    for (const [, method, pattern, ...cells] of TABLE.filter((row) => row[1] === 'POST')) {
      const target = fill(pattern);
      for (const verb of MUTATING) {
        await Promise.all(
          WHO.map(async (who, i) => {
            const response = await send(visitors[who], who, verb, target, FORMS[pattern] ?? {});
            const problem = mismatch(cells[i]!, response, target);
            if (problem) wrong.push(`${verb} ${pattern} as ${who}: expected ${cellLabel(cells[i]!)} (as ${method}), got ${problem}`);
            if (pattern === '/logout') visitors[who] = await stack.visitor(who);
          }),
        );
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('data requests (Single Fetch `.data`) obey the same table and carry no data where the page is refused', async () => {
    const wrong: string[] = [];
    const pages = TABLE.filter(([file, method]) => method === 'GET' && file.endsWith('.tsx'));
    for (const [, , pattern, ...cells] of pages) {
      const target = fill(pattern);
      const [pathname, search] = target.split('?') as [string, string | undefined];
      const dataUrl = `${pathname === '/' ? '/_root' : pathname}.data${search ? `?${search}` : ''}`;
      for (const [i, who] of WHO.entries()) {
        const cell = cells[i]!;
        const response = await visitors[who].get(dataUrl);
        // Single Fetch answers a redirect with 202 and the target in its body (turbo-stream).
        if (typeof cell === 'number') {
          if (response.status !== cell) wrong.push(`GET ${dataUrl} as ${who}: expected ${cell}, got ${response.status}`);
        } else {
          const location = redirectOf(cell, target);
          if (response.status !== 202 || !response.text.includes(JSON.stringify(location))) {
            wrong.push(`GET ${dataUrl} as ${who}: expected a redirect to ${location}, got ${response.status} ${response.text.slice(0, 120)}`);
          }
        }
        // Refused: nothing of the route's own data (accounts, plans, shots, audit, search results).
        if (cell === 403 || cell === 'login') {
          for (const secret of [stack.email.admin, '"users"', '"plan"', '"shots"', '"audit"', '"results"', '"productions"']) {
            if (response.text.includes(secret)) wrong.push(`GET ${dataUrl} as ${who} leaked ${secret}`);
          }
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('visitors see published films only: not in the feed, search, poet pages or media', async () => {
    const visitor = await stack.visitor('anonymous');
    const feed = await visitor.get('/');
    assert.ok(feed.text.includes(`/p/${fixture.slug}`), 'the published film is in the feed');
    assert.ok(!feed.text.includes(fixture.hiddenSlug!), 'the unpublished film is not');
    const search = await visitor.get(`/search?q=${encodeURIComponent(`春晓${stack.run}`)}`);
    assert.equal(search.status, 200);
    assert.ok(!search.text.includes(fixture.hiddenSlug!), 'search never finds an unpublished film');
    const media = await fetch(`${server.base}/media/${fixture.hiddenFilm}`, { headers: { Range: 'bytes=0-9' } });
    assert.equal(media.status, 404);
    const staff = await fetch(`${server.base}/media/${fixture.hiddenFilm}`, { headers: { Cookie: visitors.curator.cookieHeader(), Range: 'bytes=0-9' } });
    assert.equal(staff.status, 206);
    assert.match(staff.headers.get('cache-control') ?? '', /^private/, 'staff-only media is never cached publicly');
  });
});

describe('CSRF', () => {
  /** Every action of the table, and who may use it. */
  const actions = () =>
    TABLE.filter(([file, method, , ...cells]) => method === 'POST' && !file.startsWith('(') && cells.some((cell) => cell !== 405)).map(([, , pattern]) => ({
      pattern,
      who: (pattern === '/login' ? 'anonymous' : 'admin') as Who,
    }));

  test('every action refuses a form without the token, with a forged one, with another browser’s, without the cookie, or from another site', async () => {
    const wrong: string[] = [];
    const other = await stack.visitor('admin');
    const otherAnonymous = await stack.visitor('anonymous');
    for (const { pattern, who } of actions()) {
      const target = fill(pattern);
      const fields = FORMS[pattern] ?? {};
      const visitor = await stack.visitor(who);
      const right = await tokenOf(visitor, who);
      const stolen = await tokenOf(who === 'admin' ? other : otherAnonymous, who);
      const withoutCookie = new Visitor(server.base, visitor.headers);
      for (const [name, value] of visitor.cookies) if (!name.endsWith('shiying_csrf')) withoutCookie.cookies.set(name, value);
      const attempts: [string, Promise<PageResponse>][] = [
        ['no token', send(visitor, who, 'POST', target, fields, { csrf: null })],
        ['a forged token', send(visitor, who, 'POST', target, fields, { csrf: 'forged' })],
        ['an empty token', send(visitor, who, 'POST', target, fields, { csrf: '' })],
        ['another browser’s token', send(visitor, who, 'POST', target, fields, { csrf: stolen })],
        ['no CSRF cookie', send(withoutCookie, who, 'POST', target, fields, { csrf: right })],
        ['Origin of another site', send(visitor, who, 'POST', target, fields, { csrf: right, headers: { Origin: 'https://evil.example' } })],
        ['Origin null', send(visitor, who, 'POST', target, fields, { csrf: right, headers: { Origin: 'null' } })],
        ['DELETE without a token', send(visitor, who, 'DELETE', target, fields, { csrf: null })],
      ];
      for (const [label, attempt] of attempts) {
        const response = await attempt;
        if (response.status !== 403) wrong.push(`POST ${pattern} as ${who} with ${label}: ${response.status}`);
      }
      // The control: the right token from the right browser gets past the check (to validation).
      const control = await send(visitor, who, 'POST', target, fields, { csrf: right });
      if (control.status === 403) wrong.push(`POST ${pattern} as ${who} with the right token: 403`);
    }
    assert.deepEqual(wrong, []);
    // Nothing happened: the admin visitors are still signed in (logout refused), nobody was added.
    assert.equal((await other.get('/admin')).status, 200);
  });

  test('a write refused for its token changes nothing; the token from before login is refused after it', async () => {
    const admin = await stack.visitor('admin');
    const email = `mallory-${stack.run}@test.local`;
    const password = 'mallory password 1';
    typedPasswords.push(password);
    const forged = await send(admin, 'admin', 'POST', '/admin', { intent: 'add', email, role: 'admin', password }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await stack.sql`select 1 from users where email = ${email}`).length, 0);
    const browser = await stack.visitor('anonymous');
    const beforeLogin = await tokenOf(browser, 'anonymous');
    assert.equal((await browser.login(stack.email.admin, stack.password)).status, 302);
    const stale = await send(browser, 'admin', 'POST', '/admin', { intent: 'add', email, role: 'curator', password }, { csrf: beforeLogin });
    assert.equal(stale.status, 403, 'the token is bound to the session: logging in changes it');
    assert.equal((await stack.sql`select 1 from users where email = ${email}`).length, 0);
  });
});

function sessionCookieOf(response: Response | PageResponse): string | undefined {
  const line = response.headers.getSetCookie().find((cookie) => /^(__Host-)?shiying_session=./.test(cookie));
  return line?.split(';')[0]!.split('=').slice(1).join('=');
}

/** The raw token inside a signed session cookie value (Remix: base64(JSON) "." signature). */
function tokenInCookie(value: string): string {
  return JSON.parse(Buffer.from(decodeURIComponent(value).split('.')[0]!, 'base64').toString('utf8')) as string;
}

describe('sessions', () => {
  test('session fixation: a session cookie planted before login is never the one after it, and never gains its rights', async () => {
    // A made-up cookie in the victim's browser.
    const victim = await stack.visitor('anonymous');
    victim.cookies.set('shiying_session', 'planted-by-an-attacker');
    const login = await victim.login(stack.email.admin, stack.password);
    assert.equal(login.status, 302);
    const issued = victim.cookies.get('shiying_session');
    assert.ok(issued && issued !== 'planted-by-an-attacker', 'a new session cookie is issued');
    sessionCookies.add(issued);
    const planted = new Visitor(server.base);
    planted.cookies.set('shiying_session', 'planted-by-an-attacker');
    assert.equal((await planted.get('/admin')).status, 302, 'the planted value is no session');

    // A real session of the attacker's own (cookies and all) in the browser the admin then logs in
    // with — planted, or a shared computer. The login form there is the signed-in layout's token.
    const attacker = await stack.visitor('curator');
    const attackerCookie = attacker.cookies.get('shiying_session')!;
    const browser = new Visitor(server.base, { 'X-Forwarded-For': stack.address() });
    for (const [name, value] of attacker.cookies) browser.cookies.set(name, value);
    const token = await browser.csrf('/search');
    assert.equal((await browser.post('/login', { _csrf: token, email: stack.email.admin, password: stack.password }, { csrfFrom: false })).status, 302);
    const after = browser.cookies.get('shiying_session')!;
    assert.notEqual(after, attackerCookie, 'logging in issues a new session id');
    assert.equal((await browser.get('/admin')).status, 200);
    const replay = new Visitor(server.base);
    replay.cookies.set('shiying_session', attackerCookie);
    const replayed = await replay.get('/admin');
    assert.notEqual(replayed.status, 200, 'the planted session never becomes the admin’s');
    assert.equal(replayed.status, 302, 'the session the browser came with ends at login');
  });

  test('logout invalidation: the old cookie opens no page, data request, action or media afterwards', async () => {
    const curator = await stack.visitor('curator');
    const cookie = curator.cookies.get('shiying_session')!;
    const token = await tokenOf(curator, 'curator');
    assert.equal((await curator.get('/curate')).status, 200);
    assert.equal((await fetch(`${server.base}/media/${fixture.draftClip}`, { headers: { Cookie: curator.cookieHeader() } })).status, 200);
    const out = await send(curator, 'curator', 'POST', '/logout', {});
    assert.equal(out.status, 302);
    assert.match(out.headers.getSetCookie().find((line) => line.startsWith('shiying_session=')) ?? '', /Max-Age=0|Expires=Thu, 01 Jan 1970/i, 'the cookie is cleared');

    const replay = new Visitor(server.base, curator.headers);
    replay.cookies.set('shiying_session', cookie);
    replay.cookies.set('shiying_csrf', curator.cookies.get('shiying_csrf')!);
    assert.equal((await replay.get('/curate')).status, 302, 'page');
    assert.equal((await replay.get('/curate.data')).status, 202, 'data request: a redirect to log in');
    const action = await send(replay, 'curator', 'POST', '/curate', { intent: 'queue' }, { csrf: token });
    assert.ok([302, 403].includes(action.status), `action: ${action.status}`);
    assert.equal((await fetch(`${server.base}/media/${fixture.draftClip}`, { headers: { Cookie: replay.cookieHeader() } })).status, 404, 'staff media');
    const hash = createHash('sha256').update(tokenInCookie(cookie)).digest('hex');
    assert.equal((await stack.sql`select 1 from user_sessions where id = ${hash}`).length, 0, 'the session row is gone');
  });

  test('session cookies are httpOnly, SameSite=Lax and signed; the database keeps only a hash; a tampered cookie is no session', async () => {
    const visitor = await stack.visitor('anonymous');
    const token = await tokenOf(visitor, 'anonymous');
    const response = await fetch(`${server.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...visitor.headers, Cookie: visitor.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.base },
      body: new URLSearchParams({ email: stack.email.curator, password: stack.password, _csrf: token }),
    });
    const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith('shiying_session='))!;
    assert.ok(line, 'a session cookie');
    assert.match(line, /; HttpOnly/i);
    assert.match(line, /; SameSite=Lax/i);
    assert.match(line, /; Path=\//);
    assert.doesNotMatch(line, /; Domain=/i, 'host-only');
    const value = sessionCookieOf(response)!;
    sessionCookies.add(value);
    assert.ok(decodeURIComponent(value).split('.')[1], 'signed');
    const raw = tokenInCookie(value);
    assert.equal((await stack.sql`select 1 from user_sessions where id = ${raw}`).length, 0, 'the raw token is not stored');
    const hash = createHash('sha256').update(raw).digest('hex');
    assert.equal((await stack.sql`select 1 from user_sessions where id = ${hash}`).length, 1, 'its hash is');
    const tampered = new Visitor(server.base);
    const signature = decodeURIComponent(value).split('.')[1]!;
    tampered.cookies.set('shiying_session', encodeURIComponent(`${Buffer.from(JSON.stringify(raw.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toString('base64')}.${signature}`));
    assert.equal((await tampered.get('/curate')).status, 302);
  });

  test('changing a role or disabling an account ends its sessions at once', async () => {
    const email = `moving-${stack.run}@test.local`;
    await insertUser(stack.sql, email, 'curator', stack.password);
    const login = async () => {
      const visitor = new Visitor(server.base, { 'X-Forwarded-For': stack.address() });
      assert.equal((await visitor.login(email, stack.password)).status, 302);
      return visitor;
    };
    const user = await login();
    assert.equal((await user.get('/curate')).status, 200);
    const admin = await stack.visitor('admin');
    const [row] = await stack.sql<{ id: string }[]>`select id from users where email = ${email}`;
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'role', userId: row!.id, role: 'reviewer' })).status, 200);
    assert.equal((await user.get('/curate')).status, 302, 'logged out by the role change');
    const again = await login();
    assert.equal((await again.get('/review')).status, 200, 'now a reviewer');
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'disable', userId: row!.id })).status, 200);
    assert.equal((await again.get('/review')).status, 302);
    assert.equal((await new Visitor(server.base, { 'X-Forwarded-For': stack.address() }).login(email, stack.password)).status, 401, 'a disabled account cannot log in');
  });

  test('after login a visitor goes back where they were, but never to another site', async () => {
    const back = await stack.visitor('anonymous');
    const response = await send(back, 'anonymous', 'POST', '/login', { email: stack.email.reviewer, password: stack.password, redirectTo: `/review/${fixture.productionId}?compare=1,2` });
    assert.equal(response.location, `/review/${fixture.productionId}?compare=1,2`);
    const targets = ['//evil.example', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\nSet-Cookie: x=1', '/./login', 'javascript:alert(1)', '/%0a/evil.example'];
    const wrong: string[] = [];
    for (const target of targets) {
      const visitor = await stack.visitor('anonymous');
      const posted = await send(visitor, 'anonymous', 'POST', '/login', { email: stack.email.curator, password: stack.password, redirectTo: target });
      const landing = posted.location ? new URL(posted.location, server.base) : null;
      if (posted.status !== 302 || landing?.origin !== server.base || landing.pathname.startsWith('/login')) wrong.push(`POST redirectTo=${JSON.stringify(target)}: ${posted.status} ${posted.location}`);
      const signedIn = await visitor.get(`/login?redirectTo=${encodeURIComponent(target)}`);
      const again = signedIn.location ? new URL(signedIn.location, server.base) : null;
      if (signedIn.status !== 302 || again?.origin !== server.base) wrong.push(`GET redirectTo=${JSON.stringify(target)}: ${signedIn.status} ${signedIn.location}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('login limits', () => {
  test('five failures for an email lock it for the window (429 with Retry-After), even with the right password', async () => {
    const email = `locked-${stack.run}@test.local`;
    await insertUser(stack.sql, email, 'curator', stack.password);
    const visitor = await stack.visitor('anonymous');
    for (let i = 0; i < 5; i++) {
      typedPasswords.push(`wrong password ${stack.run} ${i}`);
      assert.equal((await visitor.login(email, `wrong password ${stack.run} ${i}`)).status, 401);
    }
    const limited = await visitor.login(email, stack.password);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.match(limited.text, /尝试次数过多|Too many attempts/);
    assert.equal((await stack.visitor('curator')).cookies.has('shiying_session'), true, 'other accounts from other addresses still log in');
  });

  test('an address with 20 failures in the window is refused for every email; other addresses are not', async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    await stack.sql`delete from login_attempts where ip = ${address}`;
    const visitor = new Visitor(server.base, { 'X-Forwarded-For': address });
    for (let i = 0; i < 20; i++) assert.equal((await visitor.login(`nobody${i}-${stack.run}@test.local`, 'wrong password')).status, 401);
    assert.equal((await visitor.login(stack.email.admin, stack.password)).status, 429);
    assert.equal((await new Visitor(server.base, { 'X-Forwarded-For': stack.address() }).login(stack.email.admin, stack.password)).status, 302);
    const recorded = await stack.sql`select 1 from login_attempts where ip = ${address}`;
    assert.equal(recorded.length, 20, 'counted against the forwarded client address (a refused attempt is neither tried nor counted)');
    await stack.sql`delete from login_attempts where ip = ${address}`;
  });

  test('a burst of 30 parallel guesses at one account gets 5 tries, not 30', async () => {
    const email = `burst-${stack.run}@test.local`;
    await insertUser(stack.sql, email, 'curator', stack.password);
    const browsers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const visitor = await stack.visitor('anonymous');
        return { visitor, token: await tokenOf(visitor, 'anonymous') };
      }),
    );
    const answers = await Promise.all(browsers.map(({ visitor, token }, i) => send(visitor, 'anonymous', 'POST', '/login', { email, password: `guess ${i}` }, { csrf: token })));
    const count = (status: number) => answers.filter((answer) => answer.status === status).length;
    assert.deepEqual({ tried: count(401), refused: count(429), other: answers.length - count(401) - count(429) }, { tried: 5, refused: 25, other: 0 });
  });
});

describe('security headers and cookie flags', () => {
  test('pages carry a CSP with a per-response nonce that every inline script uses', async () => {
    const visitor = await stack.visitor('anonymous');
    const first = await visitor.get('/');
    const second = await visitor.get('/');
    const csp = first.headers.get('content-security-policy') ?? '';
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.notEqual(nonce, /'nonce-([^']+)'/.exec(second.headers.get('content-security-policy') ?? '')?.[1], 'a new nonce per response');
    const scripts = [...first.text.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.ok(scripts.length > 0);
    for (const script of scripts) assert.ok(script.includes(`nonce="${nonce}"`) || /\bsrc=/.test(script), `script without the nonce: ${script}`);
  });

  test('every kind of response carries the headers: pages, redirects, refusals, errors, data, media, assets, health', async () => {
    const page = await visitors.admin.get('/admin');
    const asset = /\/assets\/[^"]+\.js/.exec(page.text)?.[0];
    assert.ok(asset, 'an asset URL on the page');
    const kinds: [string, Promise<Response>][] = [
      ['page', fetch(`${server.base}/`)],
      ['redirect to login', fetch(`${server.base}/admin`, { redirect: 'manual' })],
      ['403', fetch(`${server.base}/admin`, { headers: { Cookie: visitors.curator.cookieHeader() } })],
      ['404', fetch(`${server.base}/no/such/page`)],
      ['405', fetch(`${server.base}/search`, { method: 'POST' })],
      ['400 (NUL in the URL)', fetch(`${server.base}/search?q=%00`)],
      ['413', fetch(`${server.base}/login`, { method: 'POST', body: 'a='.padEnd(300 * 1024, 'x'), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })],
      ['403 (CSRF)', fetch(`${server.base}/login`, { method: 'POST', body: 'email=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })],
      ['data request', fetch(`${server.base}/search.data?q=x`)],
      ['media', fetch(`${server.base}/media/${fixture.film}`, { headers: { Range: 'bytes=0-1' } })],
      ['media 404', fetch(`${server.base}/media/${fixture.hiddenFilm}`)],
      ['asset', fetch(`${server.base}${asset}`)],
      ['static file', fetch(`${server.base}/favicon.svg`)],
      ['health', fetch(`${server.base}/healthz`)],
      ['pinyin JSON', fetch(`${server.base}/p/${fixture.slug}/pinyin`)],
    ];
    const wrong: string[] = [];
    for (const [kind, pending] of kinds) {
      const response = await pending;
      await response.arrayBuffer();
      const headers = response.headers;
      if (headers.get('x-content-type-options') !== 'nosniff') wrong.push(`${kind}: X-Content-Type-Options ${headers.get('x-content-type-options')}`);
      if (headers.get('x-frame-options') !== 'DENY') wrong.push(`${kind}: X-Frame-Options ${headers.get('x-frame-options')}`);
      if (!/frame-ancestors 'none'/.test(headers.get('content-security-policy') ?? '')) wrong.push(`${kind}: CSP ${headers.get('content-security-policy')}`);
      if (headers.get('referrer-policy') !== 'strict-origin-when-cross-origin') wrong.push(`${kind}: Referrer-Policy ${headers.get('referrer-policy')}`);
      if (headers.get('x-powered-by') !== null) wrong.push(`${kind}: X-Powered-By ${headers.get('x-powered-by')}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('the CSRF cookie is httpOnly and SameSite=Lax; staff pages are never cached publicly', async () => {
    const response = await fetch(`${server.base}/login`);
    const csrf = response.headers.getSetCookie().find((cookie) => cookie.startsWith('shiying_csrf='));
    assert.ok(csrf, 'a CSRF cookie for a new browser');
    assert.match(csrf, /; HttpOnly/i);
    assert.match(csrf, /; SameSite=Lax/i);
    assert.match(csrf, /; Path=\//);
    for (const page of ['/admin', '/curate', '/review']) {
      const cache = (await visitors.admin.get(page)).headers.get('cache-control') ?? '';
      assert.doesNotMatch(cache, /public/, `${page}: ${cache}`);
    }
  });

  test('in production, cookies are Secure and __Host- (this host only), with HSTS', async () => {
    let production: ConsoleProcess | undefined;
    try {
      production = await startConsole({ NODE_ENV: 'production', SHIYING_SESSION_SECRET: stack.secrets.sessionSecret, SHIYING_TRUST_PROXY: 'loopback', ...stack.secrets.providerKeys });
      const visitor = new Visitor(production.base, { 'X-Forwarded-For': stack.address() });
      const page = await fetch(`${production.base}/login`);
      assert.match(page.headers.get('strict-transport-security') ?? '', /max-age=\d{7,}/);
      const csrf = page.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-shiying_csrf='));
      assert.ok(csrf, page.headers.getSetCookie().join(' | '));
      assert.match(csrf, /; Secure/i);
      assert.match(csrf, /; HttpOnly/i);
      assert.doesNotMatch(csrf, /; Domain=/i);
      const token = await visitor.csrf('/login');
      const login = await fetch(`${production.base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...visitor.headers, Cookie: visitor.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', Origin: production.base },
        body: new URLSearchParams({ email: stack.email.admin, password: stack.password, _csrf: token }),
      });
      assert.equal(login.status, 302);
      const session = login.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-shiying_session='));
      assert.ok(session, login.headers.getSetCookie().join(' | '));
      for (const flag of [/; Secure/i, /; HttpOnly/i, /; SameSite=Lax/i, /; Path=\/(;|$)/]) assert.match(session, flag);
      assert.doesNotMatch(session, /; Domain=/i);
      sessionCookies.add(sessionCookieOf(login)!);
      // A session cookie without the prefix is not read.
      const unprefixed = await fetch(`${production.base}/admin`, { redirect: 'manual', headers: { Cookie: `shiying_session=${sessionCookieOf(login)}` } });
      assert.equal(unprefixed.status, 302);
    } finally {
      await production?.stop();
      const output = production?.output() ?? '';
      assert.deepEqual(secretsIn(output, stack.secrets, [stack.password]), [], 'the production console’s output');
    }
  });
});

describe('secrets and passwords never reach the log', () => {
  test('logins, account changes and the provider overview leave no password, key, secret or session in the output', async () => {
    const admin = await stack.visitor('admin');
    // Provider keys are configured (environment) and shown only as "configured".
    const overview = await admin.get('/admin');
    assert.equal(overview.status, 200);
    assert.match(overview.text, /data-testid="providers"/);
    for (const [name, key] of Object.entries(stack.secrets.providerKeys)) assert.ok(!overview.text.includes(key), `/admin shows ${name}`);
    assert.ok(!overview.text.includes(stack.secrets.sessionSecret));

    // Account changes with passwords in them: added, reset, refused.
    const added = `added-${stack.run}@test.local`;
    const passwords = [`first password ${stack.run}`, `reset password ${stack.run}`, `short${stack.run.slice(0, 3)}`, `wrong password ${stack.run}`, `nul\u0000password ${stack.run}`];
    typedPasswords.push(...passwords);
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'add', email: added, role: 'curator', password: passwords[0]! })).status, 200);
    const [row] = await stack.sql<{ id: string }[]>`select id from users where email = ${added}`;
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'password', userId: row!.id, password: passwords[1]! })).status, 200);
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'password', userId: row!.id, password: passwords[2]! })).status, 400);
    assert.equal((await send(admin, 'admin', 'POST', '/admin', { intent: 'add', email: `not an email ${stack.run}`, role: 'curator', password: passwords[0]! })).status, 400);
    // Logins: failed, refused (NUL), successful with the new password.
    assert.equal((await (await stack.visitor('anonymous')).login(added, passwords[3]!)).status, 401);
    assert.equal((await (await stack.visitor('anonymous')).login(added, passwords[4]!)).status, 400);
    const newcomer = await stack.visitor('anonymous');
    assert.equal((await newcomer.login(added, passwords[1]!)).status, 302);
    for (const visitor of [admin, newcomer, ...Object.values(visitors)]) {
      const cookie = visitor.cookies.get('shiying_session');
      if (cookie) sessionCookies.add(cookie);
    }

    const output = server.output();
    const tokens = [...sessionCookies].flatMap((cookie) => [cookie, decodeURIComponent(cookie), tokenInCookie(cookie)]);
    const leaked = secretsIn(output, stack.secrets, [...typedPasswords, ...tokens]);
    assert.deepEqual(leaked, [], `the console printed secrets:\n${output.slice(-2000)}`);
  });
});
