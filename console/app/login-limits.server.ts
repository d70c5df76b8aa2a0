// Login rate limiting: failures are counted per email and per client address over a window, in
// Postgres so every console process sees the same count. Past the limit, logins are refused with
// 429 and a Retry-After until the oldest failure in the window ages out. An attempt is claimed
// (checked and written down as a failure) under locks on its email and address before the password
// is checked, so a burst of parallel guesses is counted one by one instead of all slipping in
// before the first failure is recorded.
import type postgres from 'postgres';
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

export async function loginAllowance(sql: Sql | postgres.TransactionSql<Record<string, unknown>>, email: string, ip: string): Promise<LoginAllowance> {
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

export type LoginClaim = { allowed: true; attemptId: string } | { allowed: false; retryAfterSec: number };

/**
 * Checks the limits and, when allowed, records this attempt as a failure until
 * `settleLoginAttempt` says otherwise. Concurrent claims for the same email or address wait for
 * each other (transaction-scoped advisory locks, always the email's first, then the address's).
 */
export async function claimLoginAttempt(sql: Sql, email: string, ip: string): Promise<LoginClaim> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`login-email|${normaliseEmail(email)}`}, 0))`;
    await tx`select pg_advisory_xact_lock(hashtextextended(${`login-address|${ip}`}, 0))`;
    const allowance = await loginAllowance(tx, email, ip);
    if (!allowance.allowed) return { allowed: false as const, retryAfterSec: allowance.retryAfterSec };
    const [row] = await tx<{ id: string }[]>`
      insert into login_attempts (email, ip, succeeded) values (${normaliseEmail(email).slice(0, 254)}, ${ip}, false) returning id`;
    return { allowed: true as const, attemptId: row!.id };
  });
}

/** Marks a claimed attempt as succeeded (a failure stays as claimed). */
export async function settleLoginAttempt(sql: Sql, attemptId: string, succeeded: boolean): Promise<void> {
  if (succeeded) await sql`update login_attempts set succeeded = true where id = ${attemptId}`;
  if (Math.random() < 0.02) await sql`delete from login_attempts where attempted_at < now() - interval '1 day'`;
}
