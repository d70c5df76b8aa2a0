import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, isSafeRelativePath, manifestChecksum, parseManifest, sealManifest, type BackupManifest } from './manifest.js';

const body: Omit<BackupManifest, 'checksum'> = {
  format: 'shiying-backup',
  formatVersion: 1,
  createdAt: '2025-01-02T03:04:05.000Z',
  appVersion: '0.1.0',
  database: {
    name: 'shiying',
    serverVersion: '15.18',
    pgDumpVersion: '15.18',
    file: { path: 'database.dump', bytes: 10, sha256: 'a'.repeat(64) },
    schemaVersion: 400,
    migrations: [1, 100, 400],
    tables: { publications: 1 },
    productionsByStatus: { published: 1 },
  },
  otherDatabases: [{ name: 'temporal', file: { path: 'database-temporal.dump', bytes: 5, sha256: 'd'.repeat(64) }, tables: { executions: 2 } }],
  media: { sourceRoot: 'host:/media', bytes: 3, files: [{ path: 'film/ab/abc/film.mp4', bytes: 3, sha256: 'b'.repeat(64) }] },
  publications: [{ productionId: 'p1', slug: 's', visible: true, film: 'film/ab/abc/film.mp4', poster: 'x.jpg', vtt: 'x.vtt', missingAtBackup: ['x.jpg', 'x.vtt'] }],
};

test('canonical JSON sorts keys at every level, so key order never changes the checksum', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  const reordered = Object.fromEntries(Object.entries(body).reverse()) as typeof body;
  assert.notEqual(JSON.stringify(reordered), JSON.stringify(body));
  assert.equal(manifestChecksum(reordered), manifestChecksum(body));
});

test('a sealed manifest parses back; any change to it is refused', () => {
  const sealed = sealManifest(body);
  assert.deepEqual(parseManifest(JSON.stringify(sealed, null, 2), 'manifest.json'), sealed);
  const edited = { ...sealed, database: { ...sealed.database, tables: { publications: 2 } } };
  assert.throws(() => parseManifest(JSON.stringify(edited), 'manifest.json'), /manifest\.json is corrupt: its checksum does not match/);
  assert.throws(() => parseManifest('{"format":', 'manifest.json'), /manifest\.json is corrupt: not valid JSON/);
  assert.throws(() => parseManifest(JSON.stringify({ ...sealed, formatVersion: 2 }), 'manifest.json'), /manifest\.json is corrupt: formatVersion/);
});

test('file paths must stay inside the backup', () => {
  for (const good of ['film.mp4', 'film/ab/abc/film.mp4', 'fixtures/prod-1/clip-0.mp4']) assert.ok(isSafeRelativePath(good), good);
  for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a/.', 'a\\b', 'a\0b']) assert.ok(!isSafeRelativePath(bad), JSON.stringify(bad));
  const escaping = sealManifest({ ...body, media: { ...body.media, files: [{ path: '../../etc/cron.d/x', bytes: 1, sha256: 'c'.repeat(64) }] } });
  assert.throws(() => parseManifest(JSON.stringify(escaping), 'manifest.json'), /media\.files\.0\.path must be a relative path inside the backup/);
});
