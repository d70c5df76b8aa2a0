// `npm start`'s console step: in development, make sure curator@, reviewer@ and admin@shiying.local
// exist with SHIYING_DEV_PASSWORD (default `shiying-dev`) and say so. In production it refuses:
// no account exists until `shiying users add` makes one.
import type { Config } from '../platform/config.js';
import { connectDatabase } from '../platform/db.js';
import { DEFAULT_DEV_PASSWORD, seedDevelopmentUsers } from './app/users.server.js';

export async function seedConsoleUsersOnStart(config: Config, log: (line: string) => void, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (config.env === 'production') {
    log('production: no development users are created; add accounts with `shiying users add --email … --role admin`');
    return;
  }
  const sql = connectDatabase(config, { max: 1 });
  try {
    const password = env.SHIYING_DEV_PASSWORD || DEFAULT_DEV_PASSWORD;
    const seeded = await seedDevelopmentUsers(sql, { nodeEnv: config.env, password });
    const shown = password === DEFAULT_DEV_PASSWORD ? `password ${DEFAULT_DEV_PASSWORD}` : 'password from SHIYING_DEV_PASSWORD';
    log(`development users (${shown}): ${seeded.map((user) => `${user.email} (${user.role})`).join(', ')}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}
