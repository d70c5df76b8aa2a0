// The console under test: a real `shiying console` process on a free port, an HTTP visitor with
// a cookie jar (forms carry the CSRF token the page rendered), and Debian's Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { testDatabaseUrl } from './database.js';
import { exited, freePort, spawnShiying } from './processes.js';

export interface ConsoleProcess {
  base: string;
  port: number;
  mediaRoot: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `shiying console` with its own media root; extra env (TEMPORAL_ADDRESS, NODE_ENV …) as given. */
export async function startConsole(env: Record<string, string | undefined> = {}): Promise<ConsoleProcess> {
  const port = await freePort();
  const mediaRoot = env.SHIYING_MEDIA_ROOT ?? mkdtempSync(path.join(os.tmpdir(), 'shiying-console-media-'));
  const child = spawnShiying(['console'], {
    DATABASE_URL: testDatabaseUrl(),
    // Nothing listens here unless a test gives a real Temporal address.
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    ...env,
    SHIYING_MEDIA_ROOT: mediaRoot,
    PORT: String(port),
  });
  const base = `http://127.0.0.1:${port}`;
  // Ready when the login page answers; a console that exits (a failed build …) fails at once.
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the console exited (${child.exitCode ?? child.signalCode}):\n${child.output()}`);
    if (Date.now() - started > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`the console on ${port} did not answer within 180 s:\n${child.output()}`);
    }
    const ready = await fetch(`${base}/login`).then((response) => response.status === 200, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    base,
    port,
    mediaRoot,
    output: child.output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      if (!env.SHIYING_MEDIA_ROOT) rmSync(mediaRoot, { recursive: true, force: true });
    },
  };
}

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A visitor without a browser: keeps cookies, follows nothing, submits forms like a browser without JS. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  /** `headers` go with every request (an X-Forwarded-For, say). */
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(pathname: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    const response = await fetch(`${this.base}${pathname}`, { redirect: 'manual', headers: { ...this.headers, Cookie: this.cookieHeader(), ...headers } });
    this.remember(response);
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
  }

  /** The `_csrf` value the page at `pathname` renders into its forms. */
  async csrf(pathname: string): Promise<string> {
    const page = await this.get(pathname);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`no CSRF field on ${pathname} (status ${page.status})`);
    return match[1]!;
  }

  /** A form submission; `method` other than POST (PUT, DELETE …) for what a browser form cannot send. */
  async post(pathname: string, fields: Record<string, string | string[]>, options: { csrfFrom?: string | false; headers?: Record<string, string>; method?: string } = {}): Promise<PageResponse> {
    const body = new URLSearchParams();
    if (options.csrfFrom !== false) body.set('_csrf', await this.csrf(options.csrfFrom ?? pathname.split('?')[0]!));
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const response = await fetch(`${this.base}${pathname}`, {
      method: options.method ?? 'POST',
      redirect: 'manual',
      headers: { ...this.headers, Cookie: this.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', Origin: this.base, ...options.headers },
      body,
    });
    this.remember(response);
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get('location') };
  }

  async login(email: string, password: string): Promise<PageResponse> {
    return this.post('/login', { email, password });
  }
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export const ARTIFACTS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'artifacts');
