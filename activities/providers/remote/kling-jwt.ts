// Kling's API token: a JWT signed HS256 with the secret key, `{iss: accessKey, exp, nbf}`,
// sent as `Authorization: Bearer <token>`. Tokens are cached and renewed well before expiry.
import { createHmac } from 'node:crypto';

export interface KlingKeys {
  accessKey: string;
  secretKey: string;
}

/** Kling's documented lifetime: valid from 5 s ago for 30 minutes. */
export const TOKEN_LIFETIME_SEC = 1800;
export const NOT_BEFORE_SKEW_SEC = 5;

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** A signed token for `nowSec` (Unix seconds). */
export function signKlingToken(keys: KlingKeys, nowSec: number = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: keys.accessKey, exp: nowSec + TOKEN_LIFETIME_SEC, nbf: nowSec - NOT_BEFORE_SKEW_SEC }));
  const signature = createHmac('sha256', keys.secretKey).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Hands out a token, signing a new one when the cached one has less than five minutes left. */
export function createKlingTokenSource(keys: KlingKeys, clock: () => number = () => Math.floor(Date.now() / 1000)) {
  let cached: { token: string; expiresAt: number } | undefined;
  return (): string => {
    const now = clock();
    if (!cached || cached.expiresAt - now < 300) {
      cached = { token: signKlingToken(keys, now), expiresAt: now + TOKEN_LIFETIME_SEC };
    }
    return cached.token;
  };
}
