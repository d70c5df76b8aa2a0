// The console's security settings from the environment: the secret that signs cookies and
// whether cookies are `Secure`. Read once per process; a production console without a secret
// refuses to start (see console/server.ts) rather than sign sessions with something guessable.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../platform/config.js';

export interface ConsoleSettings {
  sessionSecret: string;
  secureCookies: boolean;
  production: boolean;
}

export const MIN_SECRET_LENGTH = 32;

export class ConsoleSettingsError extends Error {
  readonly userFacing = true;
  override name = 'ConsoleSettingsError';
}

/**
 * In development and tests an unset secret is generated once into the data folder (mode 0600),
 * so sessions survive a console restart; in production it must be set.
 */
export function consoleSettings(config: Pick<Config, 'env' | 'dataDir'>, env: Record<string, string | undefined> = process.env): ConsoleSettings {
  const production = config.env === 'production';
  let secret = env.SHIYING_SESSION_SECRET ?? '';
  if (secret === '') {
    if (production) {
      throw new ConsoleSettingsError(
        `SHIYING_SESSION_SECRET is required when NODE_ENV=production: set it to ${MIN_SECRET_LENGTH}+ random characters (e.g. \`openssl rand -base64 48\`)`,
      );
    }
    secret = developmentSecret(config.dataDir);
  } else if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConsoleSettingsError(`SHIYING_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters long (it is ${secret.length})`);
  }
  const flag = env.SHIYING_SECURE_COOKIES;
  const secureCookies = flag === '1' ? true : flag === '0' ? false : production;
  return { sessionSecret: secret, secureCookies, production };
}

function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'console-session-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= MIN_SECRET_LENGTH) return existing;
  } catch {
    // not made yet
  }
  const secret = randomBytes(48).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true });
    // `wx`: when two processes race, the loser reads the winner's secret.
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    try {
      const written = readFileSync(file, 'utf8').trim();
      if (written.length >= MIN_SECRET_LENGTH) return written;
    } catch {
      // unwritable data folder: fall through to a per-process secret
    }
    return secret;
  }
}
