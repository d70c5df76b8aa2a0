// The console as the security suite attacks it: a real `shiying console` process configured with
// secrets a careless log line would show (a session secret, provider keys, a database password),
// one account per role, visitors signed in as each, and raw HTTP for paths `fetch` would tidy up.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from './database.js';
import { insertUser } from './console-fixtures.js';
import { startConsole, Visitor, type ConsoleProcess } from './console-stack.js';

export const WHO = ['anonymous', 'curator', 'reviewer', 'admin'] as const;
export type Who = (typeof WHO)[number];
export type Staff = Exclude<Who, 'anonymous'>;

/** Secrets the console is given; none may ever appear in its output. */
export interface ConsoleSecrets {
  sessionSecret: string;
  providerKeys: Record<string, string>;
  /** The password in DATABASE_URL (the local cluster trusts loopback, so any password works). */
  databasePassword: string | null;
}

export interface SecurityStack {
  sql: Sql;
  server: ConsoleProcess;
  /** Unique per run: keeps names and addresses of one run from meeting another's. */
  run: string;
  password: string;
  email: Record<Staff, string>;
  secrets: ConsoleSecrets;
  /** A client address of its own (X-Forwarded-For; the console trusts its loopback proxy). */
  address: () => string;
  /** A new browser, signed in as `who` (anonymous: no session). */
  visitor: (who: Who) => Promise<Visitor>;
  stop: () => Promise<void>;
}

function withPassword(url: string, password: string): { url: string; password: string | null } {
  const parsed = new URL(url);
  if (parsed.password) return { url, password: null };
  parsed.password = password;
  return { url: parsed.toString(), password };
}

/** Starts a console for the suite `name`, with an account per role. */
export async function startSecurityStack(name: string, env: Record<string, string> = {}): Promise<SecurityStack> {
  const run = `${name}${Date.now().toString(36)}`;
  const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
  const providerKeys = {
    KLING_ACCESS_KEY: secret('kling-access'),
    KLING_SECRET_KEY: secret('kling-secret'),
    DASHSCOPE_API_KEY: secret('sk-dashscope'),
    OPENAI_API_KEY: secret('sk-openai'),
    SHIYING_LLM_API_KEY: secret('sk-llm'),
  };
  const database = withPassword(testDatabaseUrl(), secret('pg'));
  const secrets: ConsoleSecrets = { sessionSecret: secret('session-secret-of-at-least-32-characters'), providerKeys, databasePassword: database.password };
  const sql = await openTestDatabase({ max: 4 });
  const password = secret('pw');
  const email: Record<Staff, string> = { curator: `curator-${run}@test.local`, reviewer: `reviewer-${run}@test.local`, admin: `admin-${run}@test.local` };
  for (const role of ['curator', 'reviewer', 'admin'] as const) await insertUser(sql, email[role], role, password);
  const server = await startConsole({
    SHIYING_TRUST_PROXY: 'loopback',
    SHIYING_SESSION_SECRET: secrets.sessionSecret,
    DATABASE_URL: database.url,
    ...providerKeys,
    ...env,
  });
  // Each visitor comes from an address of its own in a block of this suite's, so the per-address
  // login limit of one test never locks out another's logins (nor an earlier run's this one's).
  const block = `10.${[...name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 250}.`;
  await sql`delete from login_attempts where ip like ${`${block}%`}`;
  let next = 0;
  const address = () => `${block}${Math.floor(next / 250)}.${(next++ % 250) + 1}`;
  const visitor = async (who: Who) => {
    const browser = new Visitor(server.base, { 'X-Forwarded-For': address() });
    if (who === 'anonymous') return browser;
    const response = await browser.login(email[who], password);
    if (response.status !== 302) throw new Error(`login of ${who}: ${response.status} ${response.text.slice(0, 300)}`);
    return browser;
  };
  return {
    sql,
    server,
    run,
    password,
    email,
    secrets,
    address,
    visitor,
    stop: async () => {
      await server.stop();
      await sql.end({ timeout: 2 });
    },
  };
}

/** Every secret string of the stack, and any others given, that the output must not contain. */
export function secretsIn(output: string, secrets: ConsoleSecrets, others: string[] = []): string[] {
  const all = [secrets.sessionSecret, ...Object.values(secrets.providerKeys), ...(secrets.databasePassword ? [secrets.databasePassword] : []), ...others];
  return all.filter((value) => value !== '' && output.includes(value));
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request with the path exactly as given: `fetch` (the WHATWG URL parser) would resolve
 * `..` and normalise escapes before anything reached the server.
 */
export function rawRequest(base: string, method: string, rawPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, method, path: rawPath, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('latin1') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
