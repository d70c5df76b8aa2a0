// No Docker engine runs here: check instead that the production compose file is complete and
// agrees with the app's configuration module, the Dockerfile and the Temporal setup script
// (services, ports, environment variable names, volumes, healthchecks, start-up order, scaling).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ENV_VARS, loadConfig, projectRoot } from '../../platform/config.js';
import { TASK_QUEUES } from '../../platform/task-queues.js';
import { compose, dependencies, interpolate, interpolations, type ComposeService } from '../support/compose-file.js';

const defaults = loadConfig({});
const known = new Set(ENV_VARS.map((v) => v.name));
const services = compose.services;
const service = (name: string): ComposeService => {
  const found = services[name];
  assert.ok(found, `docker-compose.yml has no service "${name}"`);
  return found;
};
const APP_SERVICES = ['worker', 'console', 'ops'];
/** Variables only docker-compose.yml reads (documented in .env.example, not in platform/config.ts). */
export const COMPOSE_ONLY = ['POSTGRES_PASSWORD', 'SHIYING_WORKERS'];
/** One-shot jobs that others wait for with service_completed_successfully. */
const JOBS = ['temporal-schema', 'temporal-namespace'];
const TEST_ENV = { POSTGRES_PASSWORD: 'pw', SHIYING_SESSION_SECRET: 's'.repeat(40) };

function seconds(duration: string): number {
  const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  assert.ok(match && duration !== '', `unreadable duration "${duration}"`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

test('the production services and volumes are all there', () => {
  assert.deepEqual(Object.keys(services).sort(), ['console', 'ops', 'postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
  const named = new Set<string>();
  for (const [name, svc] of Object.entries(services)) {
    for (const volume of svc.volumes ?? []) {
      const source = volume.split(':')[0]!;
      if (source.startsWith('.') || source.startsWith('/')) assert.ok(existsSync(path.join(projectRoot, source)) || source === './backups', `${name} mounts ${source}, which does not exist`);
      else named.add(source);
    }
  }
  assert.deepEqual([...named].sort(), Object.keys(compose.volumes).sort(), 'every named volume is declared, and every declared one is used');
  assert.ok(service('postgres').volumes!.includes('postgres-data:/var/lib/postgresql/data'), 'Postgres keeps its data in a volume');
});

test('ports agree with the configuration defaults; Postgres and Temporal are not published beyond this host', () => {
  assert.ok(service('console').ports!.includes(`${defaults.consolePort}:${defaults.consolePort}`));
  assert.equal(service('console').environment!.PORT, String(defaults.consolePort));
  assert.deepEqual(service('temporal-ui').ports, [`127.0.0.1:${defaults.temporal.uiPort}:8080`]);
  assert.deepEqual(service('temporal').ports, [`127.0.0.1:${defaults.temporal.port}:7233`]);
  for (const name of ['postgres', 'worker', 'ops', ...JOBS]) assert.equal(service(name).ports, undefined, `${name} publishes no port`);
});

test('app services use only documented variables, pointing at the compose services, with .env as their environment', () => {
  const postgres = service('postgres').environment!;
  for (const name of APP_SERVICES) {
    const svc = service(name);
    const env = svc.environment!;
    for (const key of Object.keys(env)) assert.ok(known.has(key), `${name} sets ${key}, which platform/config.ts does not document`);
    const url = new URL(interpolate(env.DATABASE_URL!, TEST_ENV));
    assert.equal(`${url.hostname}:${url.port}`, 'postgres:5432');
    assert.equal(url.username, postgres.POSTGRES_USER);
    assert.equal(url.password, TEST_ENV.POSTGRES_PASSWORD, 'DATABASE_URL carries POSTGRES_PASSWORD');
    assert.equal(url.pathname, `/${postgres.POSTGRES_DB}`);
    assert.equal(env.TEMPORAL_ADDRESS, 'temporal:7233');
    assert.equal(env.TEMPORAL_NAMESPACE, service('temporal-namespace').environment!.NAMESPACE, 'the namespace the job registers');
    assert.equal(env.SHIYING_TASK_QUEUE, TASK_QUEUES.production);
    assert.equal(env.NODE_ENV, 'production');
    assert.ok(svc.volumes!.includes(`media:${env.SHIYING_MEDIA_ROOT}`), `${name} mounts the media volume at SHIYING_MEDIA_ROOT`);
    assert.equal(svc.build, '.', `${name} is built from the Dockerfile`);
    assert.equal(svc.env_file, '.env');
    assert.equal(svc.init, true, `${name} runs under an init process that reaps ffmpeg children and forwards signals`);
  }
  const cli = (args: string[]) => {
    const command = args[0] === 'node' ? args.slice(2) : args;
    assert.ok(existsSync(path.join(projectRoot, 'bin', 'commands', `${command[0]}.ts`)), `no CLI command "${command[0]}"`);
    return command;
  };
  assert.deepEqual(cli(service('worker').command!), ['worker']);
  assert.deepEqual(cli(service('console').command!), ['console']);
  assert.deepEqual(service('ops').entrypoint, ['node', 'bin/shiying.js']);
  assert.equal(cli(service('ops').command!)[0], 'backup');
  assert.ok(service('ops').volumes!.some((volume) => volume.endsWith(':/backups')) && service('ops').command!.includes('/backups'), 'backups land outside the containers');
  assert.deepEqual(service('ops').profiles, ['ops'], 'ops runs only when asked for');
  const backup = service('ops').command!;
  const withDatabases = backup.flatMap((arg, index) => (arg === '--with-database' ? [backup[index + 1]] : []));
  const temporalEnv = service('temporal').environment!;
  assert.deepEqual(withDatabases, [temporalEnv.DBNAME, temporalEnv.VISIBILITY_DBNAME], 'the default backup holds Temporal’s databases too');
});

test('every ${…} is a documented variable; the secrets have no defaults and must be set', () => {
  const used = interpolations();
  assert.ok(used.length > 0);
  for (const { name } of used) assert.ok(known.has(name) || COMPOSE_ONLY.includes(name), `docker-compose.yml reads ${name}: add it to platform/config.ts or COMPOSE_ONLY (and .env.example)`);
  for (const secret of ['POSTGRES_PASSWORD', 'SHIYING_SESSION_SECRET']) {
    const uses = used.filter((use) => use.name === secret);
    assert.ok(uses.length > 0 && uses.every((use) => use.operator === ':?'), `${secret} is always required (\${${secret}:?…}), never defaulted`);
  }
  // `$$` is a literal dollar for the container's shell; any other `$` must be a well-formed ${…}.
  assert.doesNotMatch(interpolate(JSON.stringify(compose.services).replace(/\$\$/g, ''), TEST_ENV), /\$/, 'no bare or malformed $ reference');
  assert.throws(() => interpolate(service('console').environment!.SHIYING_SESSION_SECRET!, {}), /SHIYING_SESSION_SECRET: set SHIYING_SESSION_SECRET/);
});

test('healthchecks gate the start-up order: every dependency waits on a condition that can be met', () => {
  for (const name of ['postgres', 'temporal', 'console']) assert.ok(service(name).healthcheck?.test.length, `${name} has a healthcheck`);
  const consoleCheck = service('console').healthcheck!.test.join(' ');
  assert.match(consoleCheck, new RegExp(`127\\.0\\.0\\.1:${service('console').environment!.PORT}/healthz`));
  assert.match(consoleCheck, /status===200/, 'healthy only when /healthz says all is ok');
  assert.match(service('postgres').healthcheck!.test.join(' '), new RegExp(`pg_isready -U ${service('postgres').environment!.POSTGRES_USER} -d ${service('postgres').environment!.POSTGRES_DB}`));
  for (const [name, svc] of Object.entries(services)) {
    for (const [target, condition] of dependencies(svc)) {
      assert.ok(services[target], `${name} depends on unknown service ${target}`);
      assert.ok(condition, `${name} → ${target} states its condition`);
      if (condition === 'service_healthy') assert.ok(services[target]!.healthcheck, `${name} waits for ${target} to be healthy, but ${target} has no healthcheck`);
      else if (condition === 'service_completed_successfully') assert.ok(JOBS.includes(target), `${name} waits for ${target} to complete, but it is not a one-shot job`);
      else assert.equal(condition, 'service_started');
    }
  }
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    assert.ok(!path.includes(name), `dependency cycle: ${[...path, name].join(' → ')}`);
    if (order.includes(name)) return;
    for (const [target] of dependencies(services[name]!)) visit(target, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(services)) visit(name, []);
  const before = (a: string, b: string) => assert.ok(order.indexOf(a) < order.indexOf(b), `${a} starts before ${b}`);
  before('temporal-schema', 'temporal');
  before('temporal', 'temporal-namespace');
  before('temporal-namespace', 'worker');
  before('worker', 'console');
  for (const job of JOBS) assert.match(service(job).restart ?? '', /^on-failure/, `${job} runs once (retrying failures), not forever`);
  for (const name of ['postgres', 'temporal', 'temporal-ui', 'worker', 'console']) assert.equal(service(name).restart, 'unless-stopped');
});

test('workers scale: N replicas by default, no fixed names or ports, time to drain on stop', () => {
  for (const [name, svc] of Object.entries(services)) assert.equal(svc.container_name, undefined, `${name} has a fixed container name, which stops --scale`);
  const worker = service('worker');
  const replicas = Number(interpolate(String(worker.deploy?.replicas), {}));
  assert.ok(Number.isInteger(replicas) && replicas >= 2, `worker replicas default to N ≥ 2, got ${replicas}`);
  assert.equal(Number(interpolate(String(worker.deploy?.replicas), { SHIYING_WORKERS: '5' })), 5);
  assert.ok(seconds(worker.stop_grace_period!) >= 60, 'a stopping worker gets time to finish its activities');
});

test('Temporal runs on the shared Postgres, its schema set up first by admin-tools of the same version', () => {
  const temporal = service('temporal');
  const schema = service('temporal-schema');
  const [, serverVersion] = /^temporalio\/server:(\d+\.\d+\.\d+)$/.exec(temporal.image!) ?? [];
  assert.ok(serverVersion, `temporal runs temporalio/server, got ${temporal.image}`);
  for (const job of JOBS) assert.ok(service(job).image!.startsWith(`temporalio/admin-tools:${serverVersion}-`), `${job} uses admin-tools ${serverVersion}`);
  assert.match(service('temporal-ui').image!, /^temporalio\/ui:\d+\.\d+\.\d+$/);
  const postgres = service('postgres').environment!;
  const env = temporal.environment!;
  assert.equal(env.DB, 'postgres12');
  assert.equal(env.POSTGRES_SEEDS, 'postgres');
  assert.equal(env.POSTGRES_USER, postgres.POSTGRES_USER);
  assert.equal(interpolate(env.POSTGRES_PWD!, TEST_ENV), interpolate(postgres.POSTGRES_PASSWORD!, TEST_ENV));
  for (const key of ['DB', 'DB_PORT', 'POSTGRES_SEEDS', 'POSTGRES_USER', 'POSTGRES_PWD', 'DBNAME', 'VISIBILITY_DBNAME']) {
    assert.equal(schema.environment![key], env[key], `the schema job and the server agree on ${key}`);
  }
  assert.equal(interpolate(schema.environment!.SQL_PASSWORD!, TEST_ENV), TEST_ENV.POSTGRES_PASSWORD);
  assert.notEqual(env.DBNAME, postgres.POSTGRES_DB, 'Temporal keeps out of the Shiying database');

  const mount = schema.volumes!.find((volume) => volume.includes('temporal-schema.sh'))!;
  const [source, target] = mount.split(':');
  assert.deepEqual(schema.command, [target]);
  const script = readFileSync(path.join(projectRoot, source!), 'utf8');
  assert.match(script, /^set -eu$/m);
  for (const needle of ['"$DBNAME" "$SCHEMA_ROOT/temporal/versioned"', '"$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility/versioned"', 'SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12', 'setup-schema -v 0.0', 'update-schema -d']) {
    assert.ok(script.includes(needle), `deploy/temporal-schema.sh: ${needle}`);
  }
  assert.equal(service('temporal-namespace').environment!.TEMPORAL_ADDRESS, 'temporal:7233');
  assert.match(service('temporal-namespace').command!.join(' '), /namespace describe .*\|\| temporal operator namespace create/);
});

test('Temporal gets the poller refresh setting from its dynamic config file', () => {
  const temporal = service('temporal');
  const mount = temporal.volumes!.find((v) => v.includes('temporal-dynamic-config.yaml'))!;
  const [file, target] = mount.split(':');
  assert.equal(target, path.posix.join('/etc/temporal', temporal.environment!.DYNAMIC_CONFIG_FILE_PATH!), 'mounted where DYNAMIC_CONFIG_FILE_PATH points');
  assert.ok(existsSync(path.join(projectRoot, file!)));
  assert.match(readFileSync(path.join(projectRoot, file!), 'utf8'), /matching\.longPollExpirationInterval:\s*\n\s*- value: 10s/);
});

test('the Postgres server and the image’s pg_dump are the same major version', () => {
  const [, major] = /^postgres:(\d+)/.exec(service('postgres').image!) ?? [];
  assert.ok(major, 'Postgres image pinned to a major version');
  const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, new RegExp(`\\bpostgresql-client-${major}\\b`), `the runtime image installs postgresql-client-${major} for backup and restore`);
});
