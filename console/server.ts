// The console's HTTP server: security headers, the CSRF cookie, body-size limits, media with
// HTTP Range, static assets and the Remix request handler (production build).
import { randomBytes } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { UserFacingError } from '../bin/command.js';
import { loadConfig } from '../platform/config.js';
import { consoleDir, consoleServerBuild } from '../platform/console-build.js';
import { consoleSettings, type ConsoleSettings } from './app/settings.server.js';

export interface ConsoleServer {
  server: Server;
  close: () => Promise<void>;
}

type MediaAccess = 'public' | 'staff' | 'none';
interface ConsoleEntry {
  mediaAccess?: (relativePath: string, cookieHeader: string | undefined) => Promise<MediaAccess>;
  closeServices?: () => Promise<void>;
}

/** Largest request body accepted (a pasted poem is at most 10,000 characters). */
export const MAX_BODY_BYTES = 256 * 1024;
/** How much of a refused body is read (and thrown away) before the connection is cut. */
const MAX_DISCARDED_BYTES = 8 * 1024 * 1024;

export const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
};

/** The Content-Security-Policy of every page: scripts only from here or with this response's nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(settings: ConsoleSettings) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals.nonce = nonce;
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (settings.secureCookies) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/** Gives a browser without one the random cookie its CSRF tokens are derived from. */
function csrfCookie(settings: ConsoleSettings) {
  const name = `${settings.secureCookies ? '__Host-' : ''}shiying_csrf`;
  return (req: Request, res: Response, next: NextFunction) => {
    // Pages and their data (/login.data), not static files (/favicon.svg …), which never render forms.
    if ((req.method === 'GET' || req.method === 'HEAD') && !STATIC_FILE.test(req.path) && !hasCookie(req.headers.cookie, name)) {
      const value = randomBytes(24).toString('base64url');
      res.append('Set-Cookie', `${name}=${value}; Path=/; HttpOnly; SameSite=Lax${settings.secureCookies ? '; Secure' : ''}`);
      // This very request renders forms too: let it see the cookie it is being given.
      req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${name}=${value}` : `${name}=${value}`;
    }
    next();
  };
}

const STATIC_FILE = /\.(svg|ico|png|jpe?g|webp|txt|xml|webmanifest|css|js|map|woff2?)$/i;

function hasCookie(header: string | undefined, name: string): boolean {
  return header !== undefined && header.split(';').some((part) => part.trim().startsWith(`${name}=`));
}

/**
 * Writes (POST, PUT …) whose Origin names another site are refused with 403 before they reach an
 * action (browsers send Origin on cross-site form posts; the CSRF token check follows in the app).
 */
function sameOriginWrites(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const origin = req.headers.origin;
  if (origin === undefined) return next();
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === null || host !== req.headers.host) return void res.status(403).type('text/plain').send('Cross-site requests are not accepted.');
  next();
}

/**
 * The gallery's front page for anonymous visitors, cached for a second per language and script:
 * it is the hottest page and the same for everyone (no session, no per-visitor data; the CSRF
 * cookie is set before this). Each response still gets its own CSP nonce: the cached page's nonce
 * is replaced by the response's.
 */
export function frontPageCache(sessionCookieName: string, ttlMs = 1000) {
  const entries = new Map<string, { at: number; nonce: string; contentType: string; body: string }>();
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path !== '/' || req.url !== '/' || hasCookie(req.headers.cookie, sessionCookieName)) return next();
    const cookies = req.headers.cookie ?? '';
    const lang = /(?:^|;\s*)shiying_lang=(\w+)/.exec(cookies)?.[1] ?? '';
    const script = /(?:^|;\s*)shiying_script=(\w+)/.exec(cookies)?.[1] ?? (/zh-(hant|tw|hk|mo)/i.test(req.headers['accept-language'] ?? '') ? 'hant' : '');
    const key = `${lang}|${script}`;
    const nonce = res.locals.nonce as string;
    const hit = entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) {
      res.status(200).setHeader('Content-Type', hit.contentType);
      res.setHeader('Cache-Control', 'no-cache');
      res.end(hit.body.split(hit.nonce).join(nonce));
      return;
    }
    // Miss: let Remix render, keeping a copy of a complete 200 response without cookies of its own.
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      const contentType = String(res.getHeader('Content-Type') ?? '');
      const setCookie = [res.getHeader('Set-Cookie')].flat().filter(Boolean) as string[];
      const ownCookies = setCookie.filter((cookie) => !cookie.includes('shiying_csrf='));
      if (res.statusCode === 200 && contentType.startsWith('text/html') && ownCookies.length === 0) {
        entries.set(key, { at: Date.now(), nonce, contentType, body: Buffer.concat(chunks).toString('utf8') });
      }
      return end(...args);
    }) as typeof res.end;
    next();
  };
}

/**
 * A URL carrying a NUL (`%00`) is a 400 before anything reads it: no page, search or media path
 * holds one, and Postgres refuses NUL in text (a search for it would otherwise be a 500).
 */
function noNulInUrl(req: Request, res: Response, next: NextFunction) {
  if (req.url.includes('%00') || req.url.includes('\u0000')) return void res.status(400).type('text/plain').send('Bad Request: the URL holds a NUL character');
  next();
}

/** 413 past MAX_BODY_BYTES; 411 for a body of unknown length (browsers always send one). */
function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const length = req.headers['content-length'];
  if (length === undefined) {
    if (req.headers['transfer-encoding']) return void res.status(411).type('text/plain').send('Length Required');
    return next();
  }
  if (!/^\d+$/.test(length) || Number(length) > MAX_BODY_BYTES) {
    // What the client is still sending is read and thrown away, so it gets to read this answer
    // (closing at once resets the connection under a client still writing, which then sees no
    // 413 at all); past MAX_DISCARDED_BYTES the connection is cut.
    let discarded = 0;
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) req.socket.destroy();
    });
    return void res.status(413).type('text/plain').send(`Request body too large: at most ${MAX_BODY_BYTES} bytes`);
  }
  next();
}

/**
 * The media file a /media URL names, inside the media root, or a status to answer with: 400 for
 * malformed escapes, 404 for anything that could leave the root (`..`, encoded slashes or dots,
 * backslashes, NUL, hidden files, symlinks out), is not a media type or is too long to be a name.
 */
export function resolveMediaPath(mediaRoot: string, rawPath: string): { file: string; relative: string } | { status: 400 | 404 } {
  const segments = rawPath.replace(/^\/+/, '').split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return { status: 400 };
    }
    if (value === '' || value.startsWith('.') || /[/\\\0:]/.test(value) || value !== value.trim()) return { status: 404 };
    // Longer than any file name can be (the file system would refuse it with ENAMETOOLONG).
    if (Buffer.byteLength(value) > 255) return { status: 404 };
    decoded.push(value);
  }
  if (decoded.length === 0) return { status: 404 };
  const relative = decoded.join('/');
  if (!MEDIA_TYPES[path.extname(relative).toLowerCase()]) return { status: 404 };
  const root = path.resolve(mediaRoot);
  const file = path.resolve(root, ...decoded);
  if (!file.startsWith(root + path.sep)) return { status: 404 };
  return { file, relative };
}

function mediaHandler(mediaRoot: string, entry: ConsoleEntry) {
  return async (req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.status(405).set('Allow', 'GET, HEAD').end();
    const resolved = resolveMediaPath(mediaRoot, req.path);
    if ('status' in resolved) return void res.status(resolved.status).type('text/plain').send(resolved.status === 400 ? 'Bad Request' : 'Not Found');
    try {
      const [real, realRoot] = await Promise.all([realpath(resolved.file), realpath(mediaRoot)]);
      if (!real.startsWith(realRoot + path.sep)) return void res.status(404).type('text/plain').send('Not Found');
      const access = entry.mediaAccess ? await entry.mediaAccess(resolved.relative, req.headers.cookie) : 'none';
      if (access === 'none') return void res.status(404).type('text/plain').send('Not Found');
      res.setHeader('Content-Type', MEDIA_TYPES[path.extname(resolved.relative).toLowerCase()]!);
      // Paths are content-addressed (a changed film gets a new path), so they can be cached long;
      // published media for an hour publicly (unpublishing must take effect), drafts privately.
      res.setHeader('Cache-Control', access === 'public' ? 'public, max-age=3600' : 'private, max-age=3600');
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.sendFile(real, { acceptRanges: true, cacheControl: false, etag: true, lastModified: true, dotfiles: 'deny' }, (error) => {
        if (error && !res.headersSent) res.status((error as { status?: number }).status ?? 404).type('text/plain').send('Not Found');
      });
    } catch (error) {
      // No such file, or none that could be one: a path too long, a symlink loop, a folder.
      if (['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) {
        return void res.status(404).type('text/plain').send('Not Found');
      }
      console.error('[console] media', (error as Error).message);
      res.status(500).type('text/plain').send('Internal Server Error');
    }
  };
}

/**
 * Express's `trust proxy` from SHIYING_TRUST_PROXY: off unless set, so X-Forwarded-For (which any
 * client can send) never decides the address login limits count against.
 */
export function trustProxy(value: string | undefined): boolean | number | string {
  const setting = value?.trim() ?? '';
  if (setting === '' || setting === '0' || setting === 'false') return false;
  if (/^\d+$/.test(setting)) return Number(setting);
  return setting;
}

export async function startConsoleServer(port: number, host = '0.0.0.0'): Promise<ConsoleServer> {
  const config = loadConfig();
  let settings: ConsoleSettings;
  try {
    settings = consoleSettings(config);
  } catch (error) {
    throw new UserFacingError((error as Error).message);
  }
  const build = (await import(pathToFileURL(consoleServerBuild).href)) as ServerBuild;
  const entry = build.entry.module as unknown as ConsoleEntry;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(process.env.SHIYING_TRUST_PROXY));
  app.use(securityHeaders(settings));
  app.use(noNulInUrl);
  app.use(bodyLimit);
  app.use(sameOriginWrites);
  app.use('/assets', express.static(path.join(consoleDir, 'build', 'client', 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  app.use('/media', mediaHandler(config.mediaRoot, entry));
  app.use(csrfCookie(settings));
  // Before the static files, so the hottest page costs no file-system lookup.
  app.use(frontPageCache(`${settings.secureCookies ? '__Host-' : ''}shiying_session`));
  app.use(express.static(path.join(consoleDir, 'build', 'client'), { maxAge: '1h', index: false }));
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (req, res) => ({ nonce: res.locals.nonce as string, clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
    }),
  );

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host);
    listening.once('listening', () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserFacingError(`port ${port} is already in use: stop what holds it or set PORT`));
      else if (error.code === 'EACCES') reject(new UserFacingError(`no permission to listen on port ${port}: set PORT above 1023`));
      else reject(error);
    });
  });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await entry.closeServices?.().catch(() => {});
    },
  };
}
