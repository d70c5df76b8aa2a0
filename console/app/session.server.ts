// Cookie sessions backed by Postgres, CSRF tokens and the role checks every loader and action
// starts with (`requireUser(request, role)`).
//
// - The session cookie holds a random 256-bit token, signed with SHIYING_SESSION_SECRET
//   (httpOnly, SameSite=Lax, Secure in production). The database keeps only its SHA-256, so
//   sessions end on logout, on a role change and when an account is disabled.
// - CSRF: console/server.ts gives every browser a random `csrf` cookie; forms carry
//   HMAC(secret, csrf cookie | session token) in `_csrf`, which `readForm` checks along with the
//   Origin header. An attacker's page can neither read the cookie nor compute the HMAC.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createCookie, redirect } from '@remix-run/node';
import { consoleConfig, db } from './services.server.js';
import { consoleSettings, type ConsoleSettings } from './settings.server.js';
import type { Role } from './users.server.js';

export const SESSION_DAYS = 7;
const ABSOLUTE_SESSION_DAYS = 30;

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

let settings: ConsoleSettings | undefined;
export function securitySettings(): ConsoleSettings {
  return (settings ??= consoleSettings(consoleConfig()));
}

/** Cookie names: `__Host-` (HTTPS only, this host only, path /) whenever cookies are Secure. */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}shiying_session`, csrf: `${prefix}shiying_csrf` };
}

let sessionCookie: ReturnType<typeof createCookie> | undefined;
function theSessionCookie() {
  const { sessionSecret, secureCookies } = securitySettings();
  return (sessionCookie ??= createCookie(cookieNames(secureCookies).session, {
    secrets: [sessionSecret],
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies,
    path: '/',
    maxAge: SESSION_DAYS * 24 * 3600,
  }));
}

function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('Cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

async function sessionToken(request: Request): Promise<string | undefined> {
  if (!readCookie(request, cookieNames(securitySettings().secureCookies).session)) return undefined;
  const value: unknown = await theSessionCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

/** The logged-in user of this request, or null. One database read per request at most. */
export function getUser(request: Request): Promise<SessionUser | null> {
  let user = resolved.get(request);
  if (!user) {
    user = lookUpUser(request);
    resolved.set(request, user);
  }
  return user;
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const token = await sessionToken(request);
  if (!token) return null;
  return userOfSessionToken(token);
}

/** The user a session token belongs to (also used by media access); extends an idle session. */
export async function userOfSessionToken(token: string): Promise<SessionUser | null> {
  const sql = db();
  const id = sessionId(token);
  const [row] = await sql<{ user_id: string; email: string; role: Role; stale: boolean }[]>`
    select u.id as user_id, u.email, u.role, s.last_seen_at < now() - interval '1 hour' as stale
    from user_sessions s join users u on u.id = s.user_id
    where s.id = ${id} and s.expires_at > now() and u.disabled_at is null`;
  if (!row) return null;
  if (row.stale) {
    await sql`
      update user_sessions set last_seen_at = now(),
        expires_at = least(created_at + ${`${ABSOLUTE_SESSION_DAYS} days`}::interval, now() + ${`${SESSION_DAYS} days`}::interval)
      where id = ${id}`;
  }
  return { id: Number(row.user_id), email: row.email, role: row.role };
}

/** The session token in a raw Cookie header (for /media, which express serves). */
export async function sessionTokenFromCookieHeader(cookieHeader: string | undefined): Promise<string | undefined> {
  if (!cookieHeader) return undefined;
  const value: unknown = await theSessionCookie().parse(cookieHeader);
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Starts a session for a user who has just proved who they are; returns its Set-Cookie. */
export async function createSession(userId: number, meta: { ip: string; userAgent: string }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const sql = db();
  await sql`
    insert into user_sessions (id, user_id, expires_at, ip, user_agent)
    values (${sessionId(token)}, ${userId}, now() + ${`${SESSION_DAYS} days`}::interval, ${meta.ip}, ${meta.userAgent.slice(0, 300)})`;
  await sql`update users set last_login_at = now() where id = ${userId}`;
  // Now and then, forget long-expired sessions.
  if (Math.random() < 0.05) await sql`delete from user_sessions where expires_at < now() - interval '1 day'`;
  return theSessionCookie().serialize(token);
}

/** Ends this request's session; returns the Set-Cookie that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await db()`delete from user_sessions where id = ${sessionId(token)}`;
  return theSessionCookie().serialize('', { maxAge: 0, expires: new Date(0) });
}

// ---- roles ------------------------------------------------------------------------------------

/** Where each role starts after logging in. */
export function homeOf(role: Role): string {
  return role === 'reviewer' ? '/review' : role === 'admin' ? '/admin' : '/curate';
}

export function hasRole(user: SessionUser, role: Role | Role[]): boolean {
  const allowed = Array.isArray(role) ? role : [role];
  return user.role === 'admin' || allowed.includes(user.role);
}

/**
 * The logged-in user with one of the roles (admins may do everything). Anonymous requests are
 * redirected to the login page (and back afterwards); a user without the role gets a 403.
 */
export async function requireUser(request: Request, role: Role | Role[]): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    // Data requests (?_data / .data) return to the page they were made from.
    const back = `${url.pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')}${url.search.replace(/([?&])_data=[^&]*&?/, '$1').replace(/[?&]$/, '')}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back || '/')}`);
  }
  if (!hasRole(user, role)) {
    const needed = (Array.isArray(role) ? role : [role]).join(' or ');
    throw new Response(`This needs the ${needed} role; you are signed in as ${user.role}.`, { status: 403, statusText: 'Forbidden' });
  }
  return user;
}

const REDIRECT_BASE = 'http://shiying.invalid';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * A redirect target that stays on this site: a path, never `//evil`, `https://…`, backslashes or
 * control characters (browsers drop tabs and new lines from URLs, so `/<TAB>/evil` would be
 * `//evil`, and a new line cannot go in a Location header at all).
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.includes('\\') || hasControlCharacter(target)) return fallback;
  const url = new URL(target, REDIRECT_BASE);
  if (url.origin !== REDIRECT_BASE || /^\/(login|logout)\b/.test(url.pathname)) return fallback;
  // As the URL parser writes it: characters a Location header cannot carry are percent-encoded.
  return `${url.pathname}${url.search}${url.hash}`;
}

// ---- CSRF -------------------------------------------------------------------------------------

export async function csrfToken(request: Request): Promise<string> {
  const seed = readCookie(request, cookieNames(securitySettings().secureCookies).csrf) ?? '';
  const token = (await sessionToken(request)) ?? '';
  return createHmac('sha256', securitySettings().sessionSecret).update(`csrf|${seed}|${token}`).digest('base64url');
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (!origin || origin === 'null') return origin === null;
  try {
    return new URL(origin).host === new URL(request.url).host;
  } catch {
    return false;
  }
}

/**
 * The submitted form, after checking it came from one of our pages: same Origin (when the browser
 * says) and a valid `_csrf` field. Anything else is a 403; a field holding a NUL is a 400.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (!sameOrigin(request)) throw new Response('Cross-site form submissions are not accepted.', { status: 403, statusText: 'Forbidden' });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response('The form could not be read.', { status: 400, statusText: 'Bad Request' });
  }
  const sent = form.get('_csrf');
  const expected = await csrfToken(request);
  const seed = readCookie(request, cookieNames(securitySettings().secureCookies).csrf);
  if (!seed || typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    throw new Response('This form has expired or did not come from this site: reload the page and try again.', { status: 403, statusText: 'Forbidden' });
  }
  // No field of any form may hold a NUL: Postgres refuses it in text, and no person types one.
  for (const [, value] of form) {
    if (typeof value === 'string' && value.includes('\u0000')) throw new Response('The form holds a NUL character, which no field accepts.', { status: 400, statusText: 'Bad Request' });
  }
  return form;
}
