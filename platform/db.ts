// The one way to open Postgres: postgres.js with sane pool limits and quiet notices.
import postgres from 'postgres';
import { databaseUrl, type Config } from './config.js';

export type Sql = postgres.Sql<Record<string, unknown>>;

export function connectDatabase(urlOrConfig: string | Config, options: { max?: number } = {}): Sql {
  const url = typeof urlOrConfig === 'string' ? urlOrConfig : databaseUrl(urlOrConfig);
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 30,
  });
}

/** A short, single-line description of why a database cannot be reached. */
export async function probeDatabase(sql: Sql): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await sql`select 1`;
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Hides the password when a URL has to appear in a message or log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
