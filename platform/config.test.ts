import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, databaseUrl, loadConfig, projectRoot, temporalAddress } from './config.js';

test('defaults start everything locally', () => {
  const config = loadConfig({});
  assert.equal(config.consolePort, 3000);
  assert.equal(config.postgres.port, 5433);
  assert.equal(config.postgres.externalUrl, undefined);
  assert.equal(databaseUrl(config), 'postgres://shiying@127.0.0.1:5433/shiying');
  assert.equal(temporalAddress(config), '127.0.0.1:7233');
  assert.equal(config.temporal.uiPort, 8233);
  assert.equal(config.dataDir, path.join(projectRoot, '.data'));
  assert.equal(config.temporal.sqliteFile, path.join(projectRoot, '.data', 'temporal.sqlite'));
  assert.equal(config.mediaRoot, path.join(projectRoot, '.data', 'media'));
});

test('external services replace the local ones', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x', TEMPORAL_ADDRESS: 'temporal:7233', PORT: '8080' });
  assert.equal(databaseUrl(config), 'postgres://u:p@db:5432/x');
  assert.equal(temporalAddress(config), 'temporal:7233');
  assert.equal(config.consolePort, 8080);
});

test('a bad port is a ConfigError naming the variable', () => {
  assert.throws(() => loadConfig({ SHIYING_PG_PORT: '70000' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /SHIYING_PG_PORT must be a port number/);
    return true;
  });
});

test('the media root can move', () => {
  assert.equal(loadConfig({ SHIYING_MEDIA_ROOT: '/srv/media' }).mediaRoot, '/srv/media');
});

test('the worker workflow cache is bounded by default and configurable within what the SDK accepts', () => {
  assert.equal(loadConfig({}).workflowCacheSize, 100);
  assert.equal(loadConfig({ SHIYING_WORKFLOW_CACHE: '30' }).workflowCacheSize, 30);
  for (const bad of ['1', '0', 'lots', '2.5']) {
    assert.throws(() => loadConfig({ SHIYING_WORKFLOW_CACHE: bad }), /SHIYING_WORKFLOW_CACHE must be a whole number from 2 to 100000/);
  }
});
