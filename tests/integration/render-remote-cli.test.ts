// `shiying render --provider kling` works as with `local`: the real CLI against a local server
// speaking Kling's API; rendering again pays for nothing (every shot from the store).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { FAST_PROVIDER_ENV, TEST_KEYS } from '../support/remote-provider-harness.js';
import { testDatabaseUrl } from '../support/database.js';
import { runShiying } from '../support/processes.js';

let server: FakeKlingServer;
let mediaRoot: string;
let env: Record<string, string | undefined>;

before(async () => {
  server = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 100 } }).start();
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-render-kling-'));
  env = {
    ...FAST_PROVIDER_ENV,
    DATABASE_URL: testDatabaseUrl(),
    SHIYING_MEDIA_ROOT: mediaRoot,
    KLING_BASE_URL: server.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
  };
});

after(async () => {
  await server?.stop();
  if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
});

/** A quatrain of its own, so its shots (and their provider jobs) are new to the shared test database. */
function freshQuatrain(): string {
  const pool = '山水云月风花雪江舟鸟松竹柳烟霜雁楼亭桥钟泉石草春秋夜寒孤远青白';
  const line = () => Array.from({ length: 5 }, () => pool[randomInt(pool.length)]).join('');
  return `${line()}，${line()}。${line()}，${line()}。`;
}

test('render --provider kling makes a film with one Kling job per shot, and none on a second render', async () => {
  const args = ['render', '--provider', 'kling', '--text', freshQuatrain(), '--title', '江雪', '--author', '柳宗元', '--size', '144x256', '--json'];
  const first = await runShiying(args, env, 240_000);
  assert.equal(first.code, 0, first.stderr);
  const film = JSON.parse(first.stdout) as { film: string; vtt: string; shots: { cached: boolean }[] };
  assert.ok((await stat(film.film)).size > 1000);
  assert.ok((await stat(film.vtt)).size > 10);
  assert.equal(server.submissions, film.shots.length, 'one submission per shot');

  const second = await runShiying(args, env, 240_000);
  assert.equal(second.code, 0, second.stderr);
  assert.ok((JSON.parse(second.stdout) as { shots: { cached: boolean }[] }).shots.every((shot) => shot.cached));
  assert.equal(server.submissions, film.shots.length, 'nothing submitted again');
});

test('render --provider kling without keys names the missing variables', async () => {
  const result = await runShiying(['render', '--provider', 'kling', '--text', '床前明月光，疑是地上霜。'], { ...env, KLING_ACCESS_KEY: '', KLING_SECRET_KEY: '' });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /KLING_ACCESS_KEY/);
});
