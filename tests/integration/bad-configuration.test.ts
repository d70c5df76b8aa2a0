// Bad configuration gets one clear line on stderr and a non-zero exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { runShiying, freePort } from '../support/processes.js';
import { testDatabaseUrl } from '../support/database.js';

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((line) => line.trim() !== '');
  assert.equal(lines.length, 1, `expected one line, got:\n${stderr}`);
  return lines[0]!;
}

test('an unreachable DATABASE_URL is one clear line', async () => {
  const port = await freePort(); // nothing listens there
  const result = await runShiying(['worker'], { DATABASE_URL: `postgres://shiying:secret@127.0.0.1:${port}/nowhere` });
  assert.notEqual(result.code, 0);
  const line = oneLine(result.stderr);
  assert.match(line, /cannot reach Postgres at postgres:\/\/shiying:\*\*\*@127\.0\.0\.1:\d+\/nowhere/);
  assert.doesNotMatch(line, /secret/, 'the password is never printed');
});

test('a console port already in use is one clear line', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const result = await runShiying(['console'], { PORT: String(port), DATABASE_URL: testDatabaseUrl() });
    assert.notEqual(result.code, 0);
    assert.equal(oneLine(result.stderr), `shiying: port ${port} is already in use: stop what holds it or set PORT`);
  } finally {
    blocker.close();
  }
});

test('a missing ffmpeg is one clear line', async () => {
  const result = await runShiying(['worker'], { FFMPEG_PATH: '/nonexistent/ffmpeg', DATABASE_URL: testDatabaseUrl() });
  assert.notEqual(result.code, 0);
  assert.match(oneLine(result.stderr), /ffmpeg not found at "\/nonexistent\/ffmpeg": install it \(apt-get install ffmpeg\) or set FFMPEG_PATH/);
});

test('an invalid port number is one clear line', async () => {
  const result = await runShiying(['console'], { PORT: 'eighty' });
  assert.notEqual(result.code, 0);
  assert.equal(oneLine(result.stderr), 'shiying: PORT must be a port number between 1 and 65535, got "eighty"');
});

test('an unknown command lists the commands', async () => {
  const result = await runShiying(['fly'], {});
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Unknown command "fly"/);
  assert.match(result.stderr, /worker/);
});
