// Login rate limiting: failures are counted per email and per client address over a window, in
// Postgres so every console process sees the same count. Past the limit, logins are refused with
// 429 and a Retry-After until the oldest failure in the window ages out.
import type { Sql } from '../../platform/db.js';
import { normaliseEmail } from './users.server.js';

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface LoginAllowance {
  allowed: boolean;
  /** Seconds until another attempt is allowed (when not allowed). */
  retryAfterSec: number;
}

export async function loginAllowance(sql: Sql, email: string, ip: string): Promise<LoginAllowance> {
  const window = `${LOGIN_WINDOW_MINUTES} minutes`;
  const [row] = await sql<{ by_email: number; by_ip: number; email_oldest: Date | null; ip_oldest: Date | null }[]>`
    select
      (select count(*)::int from login_attempts where lower(email) = ${normaliseEmail(email)} and not succeeded and attempted_at > now() - ${window}::interval) as by_email,
      (select count(*)::int from login_attempts where ip = ${ip} and not succeeded and attempted_at > now() - ${window}::interval) as by_ip,
      (select min(attempted_at) from (select attempted_at from login_attempts where lower(email) = ${normaliseEmail(email)} and not succeeded
         and attempted_at > now() - ${window}::interval order by attempted_at desc limit ${MAX_FAILURES_PER_EMAIL}) recent) as email_oldest,
      (select min(attempted_at) from (select attempted_at from login_attempts where ip = ${ip} and not succeeded
         and attempted_at > now() - ${window}::interval order by attempted_at desc limit ${MAX_FAILURES_PER_ADDRESS}) recent) as ip_oldest`;
  const byEmail = row?.by_email ?? 0;
  const byIp = row?.by_ip ?? 0;
  if (byEmail < MAX_FAILURES_PER_EMAIL && byIp < MAX_FAILURES_PER_ADDRESS) return { allowed: true, retryAfterSec: 0 };
  const windowMs = LOGIN_WINDOW_MINUTES * 60_000;
  const until = [
    byEmail >= MAX_FAILURES_PER_EMAIL && row?.email_oldest ? row.email_oldest.getTime() + windowMs : 0,
    byIp >= MAX_FAILURES_PER_ADDRESS && row?.ip_oldest ? row.ip_oldest.getTime() + windowMs : 0,
  ];
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((Math.max(...until) - Date.now()) / 1000)) };
}

export async function recordLoginAttempt(sql: Sql, email: string, ip: string, succeeded: boolean): Promise<void> {
  await sql`insert into login_attempts (email, ip, succeeded) values (${normaliseEmail(email).slice(0, 254)}, ${ip}, ${succeeded})`;
  if (Math.random() < 0.02) await sql`delete from login_attempts where attempted_at < now() - interval '1 day'`;
}
