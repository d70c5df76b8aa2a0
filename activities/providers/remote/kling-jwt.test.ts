import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createKlingTokenSource, signKlingToken } from './kling-jwt.js';

const keys = { accessKey: 'ak-test', secretKey: 'sk-secret' };

function decode(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signature,
    signed: `${header}.${payload}`,
  };
}

test('the token is an HS256 JWT with iss = access key, exp = now + 1800, nbf = now - 5', () => {
  const token = signKlingToken(keys, 1_700_000_000);
  const { header, payload } = decode(token);
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(payload, { iss: 'ak-test', exp: 1_700_001_800, nbf: 1_699_999_995 });
});

test('the signature is HMAC-SHA256 of header.payload with the secret key, base64url without padding', () => {
  const { signature, signed } = decode(signKlingToken(keys, 1_700_000_000));
  assert.equal(signature, createHmac('sha256', 'sk-secret').update(signed).digest('base64url'));
  assert.doesNotMatch(signature, /[=+/]/);
  // A different secret gives a different signature.
  assert.notEqual(decode(signKlingToken({ ...keys, secretKey: 'other' }, 1_700_000_000)).signature, signature);
});

test('the token source reuses a token and renews it when less than five minutes remain', () => {
  let now = 1_700_000_000;
  const next = createKlingTokenSource(keys, () => now);
  const first = next();
  now += 1000;
  assert.equal(next(), first);
  now += 600; // 1600 s old: 200 s left
  const renewed = next();
  assert.notEqual(renewed, first);
  assert.equal(decode(renewed).payload.exp, now + 1800);
});
