// No Docker engine runs here: check instead that the production compose file agrees with the
// app's configuration module (services, ports, environment variable names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_VARS, loadConfig, projectRoot } from '../../platform/config.js';
import { TASK_QUEUES } from '../../platform/task-queues.js';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const defaults = loadConfig({});
const known = new Set(ENV_VARS.map((v) => v.name));

test('the production services are all there', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['console', 'postgres', 'temporal', 'temporal-ui', 'worker']);
  assert.ok(compose.volumes['postgres-data'] !== undefined && compose.volumes.media !== undefined);
});

test('ports agree with the configuration defaults', () => {
  assert.ok(compose.services.console!.ports!.includes(`${defaults.consolePort}:${defaults.consolePort}`));
  assert.equal(compose.services.console!.environment!.PORT, String(defaults.consolePort));
  assert.ok(compose.services['temporal-ui']!.ports!.some((p) => p.startsWith(`${defaults.temporal.uiPort}:`)));
  assert.ok(compose.services.temporal!.ports!.includes(`${defaults.temporal.port}:7233`));
});

test('app services use only documented variables, pointing at the compose services', () => {
  for (const name of ['worker', 'console'] as const) {
    const service = compose.services[name]!;
    const env = service.environment!;
    for (const key of Object.keys(env)) assert.ok(known.has(key), `${name} sets ${key}, which platform/config.ts does not document`);
    assert.match(env.DATABASE_URL!, /@postgres:5432\//);
    assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
    assert.equal(env.SHIYING_TASK_QUEUE, TASK_QUEUES.production);
    assert.equal(env.NODE_ENV, 'production');
    assert.ok(service.volumes!.some((v) => v.endsWith(`:${env.SHIYING_MEDIA_ROOT}`)), 'media volume mounted at SHIYING_MEDIA_ROOT');
    assert.ok(service.build !== undefined, `${name} is built from the Dockerfile`);
  }
  assert.deepEqual(compose.services.worker!.command, ['node', 'bin/shiying.js', 'worker']);
  assert.deepEqual(compose.services.console!.command, ['node', 'bin/shiying.js', 'console']);
});

test('the console healthcheck asks /healthz and Temporal gets the poller refresh setting', () => {
  assert.match(compose.services.console!.healthcheck!.test.join(' '), /\/healthz/);
  const mount = compose.services.temporal!.volumes!.find((v) => v.includes('temporal-dynamic-config.yaml'))!;
  const file = mount.split(':')[0]!;
  assert.ok(existsSync(path.join(projectRoot, file)));
  assert.match(readFileSync(path.join(projectRoot, file), 'utf8'), /matching\.longPollExpirationInterval:\s*\n\s*- value: 10s/);
});

test('the Dockerfile builds the console and runs the CLI', () => {
  const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM node:20/m);
  assert.match(dockerfile, /vite:build --config console\/vite\.config\.ts/);
  assert.match(dockerfile, /AS runtime/);
});
