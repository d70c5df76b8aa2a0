// The console's people: accounts with a role and an argon2id password hash. Plain functions over
// a Sql handle, so the console, the `shiying users` command and `npm start`'s development seed
// share them.
import { hash, verify } from '@node-rs/argon2';
import type { Sql } from '../../platform/db.js';

import { ROLES, type Role } from './constants.js';

export { ROLES, type Role };

export interface User {
  id: number;
  email: string;
  role: Role;
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,189}$/;

export class UserError extends Error {
  readonly userFacing = true;
  override name = 'UserError';
  constructor(
    message: string,
    readonly field: 'email' | 'password' | 'role' | 'user',
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | undefined {
  if (email === '') return 'email is required';
  if (email.length > 254 || !EMAIL.test(email)) return `"${email.slice(0, 80)}" is not an email address`;
  return undefined;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the email is unknown, so a miss costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

interface UserRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

function toUser(row: UserRow): User {
  return {
    id: Number(row.id),
    email: row.email,
    role: row.role,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The user with this email and password, or null (unknown email, wrong password, disabled). */
export async function verifyCredentials(sql: Sql, email: string, password: string): Promise<User | null> {
  const [row] = await sql<UserRow[]>`select * from users where lower(email) = ${normaliseEmail(email)}`;
  if (!row || password.length > MAX_PASSWORD_LENGTH) {
    await verify(await (decoyHash ??= hash('decoy password, never valid')), password.slice(0, MAX_PASSWORD_LENGTH)).catch(() => false);
    return null;
  }
  const ok = await verify(row.password_hash, password).catch(() => false);
  if (!ok || row.disabled_at) return null;
  return toUser(row);
}

export interface NewUser {
  email: string;
  role: Role;
  password: string;
}

export async function addUser(sql: Sql, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  const problem = emailProblem(email);
  if (problem) throw new UserError(problem, 'email');
  if (!isRole(input.role)) throw new UserError(`role must be one of ${ROLES.join(', ')}`, 'role');
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) throw new UserError(passwordIssue, 'password');
  const passwordHash = await hashPassword(input.password);
  const [row] = await sql<UserRow[]>`
    insert into users (email, password_hash, role) values (${email}, ${passwordHash}, ${input.role})
    on conflict (lower(email)) do nothing
    returning *`;
  if (!row) throw new UserError(`${email} already has an account`, 'email', 409);
  return toUser(row);
}

export async function listUsers(sql: Sql): Promise<User[]> {
  const rows = await sql<UserRow[]>`select * from users order by role, lower(email)`;
  return rows.map(toUser);
}

export async function getUser(sql: Sql, id: number): Promise<User | null> {
  const [row] = await sql<UserRow[]>`select * from users where id = ${id}`;
  return row ? toUser(row) : null;
}

/** Changing a role or disabling an account ends the account's sessions. */
export async function setRole(sql: Sql, id: number, role: Role): Promise<User> {
  if (!isRole(role)) throw new UserError(`role must be one of ${ROLES.join(', ')}`, 'role');
  return sql.begin(async (tx) => {
    const [row] = await tx<UserRow[]>`update users set role = ${role}, updated_at = now() where id = ${id} returning *`;
    if (!row) throw new UserError(`no user ${id}`, 'user', 404);
    await tx`delete from user_sessions where user_id = ${id}`;
    return toUser(row);
  });
}

export async function setDisabled(sql: Sql, id: number, disabled: boolean): Promise<User> {
  return sql.begin(async (tx) => {
    const [row] = await tx<UserRow[]>`
      update users set disabled_at = ${disabled ? sql`now()` : null}, updated_at = now() where id = ${id} returning *`;
    if (!row) throw new UserError(`no user ${id}`, 'user', 404);
    if (disabled) await tx`delete from user_sessions where user_id = ${id}`;
    return toUser(row);
  });
}

export async function setPassword(sql: Sql, id: number, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem, 'password');
  const passwordHash = await hashPassword(password);
  await sql.begin(async (tx) => {
    const [row] = await tx`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${id} returning id`;
    if (!row) throw new UserError(`no user ${id}`, 'user', 404);
    await tx`delete from user_sessions where user_id = ${id}`;
  });
}

/** How many enabled admins there are (the last one may not be demoted or disabled). */
export async function activeAdminCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from users where role = 'admin' and disabled_at is null`;
  return row?.count ?? 0;
}

export const DEVELOPMENT_USERS: { email: string; role: Role }[] = [
  { email: 'curator@shiying.local', role: 'curator' },
  { email: 'reviewer@shiying.local', role: 'reviewer' },
  { email: 'admin@shiying.local', role: 'admin' },
];

export const DEFAULT_DEV_PASSWORD = 'shiying-dev';

/**
 * Development only: makes sure the three development accounts exist with SHIYING_DEV_PASSWORD.
 * Refuses in production, where no account exists until `shiying users add` creates one.
 */
export async function seedDevelopmentUsers(
  sql: Sql,
  env: { nodeEnv: string; password?: string },
): Promise<{ email: string; role: Role; created: boolean }[]> {
  if (env.nodeEnv === 'production') {
    throw new UserError('the development users are never created in production (NODE_ENV=production): add users with `shiying users add`', 'user');
  }
  const password = env.password || DEFAULT_DEV_PASSWORD;
  const seeded: { email: string; role: Role; created: boolean }[] = [];
  for (const user of DEVELOPMENT_USERS) {
    const passwordHash = await hashPassword(password);
    const [row] = await sql<{ inserted: boolean }[]>`
      insert into users (email, password_hash, role) values (${user.email}, ${passwordHash}, ${user.role})
      on conflict (lower(email)) do update set password_hash = excluded.password_hash, role = excluded.role, disabled_at = null, updated_at = now()
      returning (xmax = 0) as inserted`;
    seeded.push({ ...user, created: row?.inserted ?? false });
  }
  return seeded;
}
