// The Dockerfile cannot be built here (no Docker engine), so check what can be checked without
// building it: the stages, that they run the package.json scripts the project really has, that
// the runtime holds production dependencies only, every system package the app needs, every
// source folder and the console build, and runs as an unprivileged user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../platform/config.js';
import { consoleServerBuild } from '../../platform/console-build.js';
import { MIGRATION_FOLDERS } from '../../platform/migrate.js';
import { SYSTEM_PACKAGES } from '../../platform/system-packages.js';
import { compose } from '../support/compose-file.js';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string }; devDependencies: Record<string, string> };

interface Stage {
  name: string;
  from: string;
  /** Instructions with line continuations joined, comments dropped. */
  lines: string[];
}

function stages(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const found: Stage[] = [];
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) {
      found.push({ name: from[2] ?? `stage${found.length}`, from: from[1]!.replace(/^\$\{(\w+)\}$/, (_m, name: string) => args[name] ?? name), lines: [] });
      continue;
    }
    const arg = /^ARG\s+(\w+)=(\S+)$/.exec(line);
    if (arg && found.length === 0) args[arg[1]!] = arg[2]!;
    else found.at(-1)?.lines.push(line);
  }
  return { args, stages: found };
}

const dockerfile = stages(read('Dockerfile'));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  assert.ok(found, `the Dockerfile has no "${name}" stage`);
  return found;
};
const runs = (s: Stage) => s.lines.filter((line) => line.startsWith('RUN ')).join('\n');
const copies = (s: Stage) => s.lines.filter((line) => line.startsWith('COPY '));
const runtime = stage('runtime');

test('multi-stage: production dependencies, a build, and the runtime last, all on the Node the project needs', () => {
  assert.deepEqual(dockerfile.stages.map((s) => s.name), ['toolchain', 'prod-deps', 'build', 'runtime']);
  assert.equal(dockerfile.stages.at(-1), runtime, 'the runtime is the final stage (what `docker build` produces)');
  const [, engineMajor] = /(\d+)/.exec(pkg.engines.node) ?? [];
  for (const s of dockerfile.stages.filter((candidate) => !['prod-deps', 'build'].includes(candidate.name))) {
    const [, major] = /^node:(\d+)-bookworm-slim$/.exec(s.from) ?? [];
    assert.ok(major && Number(major) >= Number(engineMajor), `${s.name} starts from node:${engineMajor}+ on Debian bookworm, got ${s.from}`);
  }
});

test('the build stage installs every dependency and runs the package.json console build', () => {
  const build = stage('build');
  assert.equal(build.from, 'toolchain');
  assert.match(runs(build), /\bnpm ci\b(?![^\n]*--omit)/, 'dev dependencies are installed to build');
  const [, script] = /\bnpm run ([\w:-]+)/.exec(runs(build)) ?? [];
  assert.equal(script, 'build:console');
  assert.match(pkg.scripts[script]!, /vite:build --config console\/vite\.config\.ts$/, 'the script builds the console');
  assert.equal(path.relative(projectRoot, consoleServerBuild), path.join('console', 'build', 'server', 'index.js'), 'where `shiying console` looks for the build');
  assert.match(read('console/vite.config.ts'), /buildDirectory: `\$\{consoleDir\}build`/);
});

test('the runtime holds production dependencies only, with the stamp that stops bin/shiying.js reinstalling', () => {
  const deps = stage('prod-deps');
  assert.match(runs(deps), /\bnpm ci --omit=dev\b/);
  assert.doesNotMatch(runs(runtime), /\bnpm (ci|install|i)\b/, 'nothing is installed with npm in the runtime');
  assert.ok(copies(runtime).some((line) => /^COPY --from=prod-deps \/app\/node_modules \.\/node_modules$/.test(line)), 'node_modules come from prod-deps');
  assert.ok(!copies(runtime).some((line) => /--from=build \S*node_modules/.test(line)), 'no dev dependencies from the build stage');
  assert.ok(copies(runtime).some((line) => /^COPY package\.json package-lock\.json /.test(line)), 'package.json (version, project root) and the lock (the stamp) are in the image');

  // The stamp written in prod-deps must be what bin/shiying.js compares, or every start runs npm ci.
  const bootstrap = read('bin/shiying.js');
  const [, stampName] = /node_modules', '(\.[\w-]+)'/.exec(bootstrap) ?? [];
  assert.ok(stampName);
  const [, script] = /node -e "([^"]+)"/.exec(runs(deps)) ?? [];
  assert.ok(script?.includes(stampName), `prod-deps writes node_modules/${stampName}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shiying-stamp-'));
  try {
    mkdirSync(path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'package-lock.json'), read('package-lock.json'));
    const result = spawnSync(process.execPath, ['-e', script!], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const expected = createHash('sha256').update(readFileSync(path.join(projectRoot, 'package-lock.json'))).digest('hex');
    assert.equal(readFileSync(path.join(dir, 'node_modules', stampName), 'utf8'), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('code the runtime runs imports no dev dependency (the image leaves them out)', () => {
  const runtimeFolders = ['bin', 'platform', 'corpus', 'prompts', 'workflows', 'activities', 'productions', 'console/app', 'console/server.ts'];
  const files: string[] = [];
  const walk = (target: string) => {
    if (statSync(target).isDirectory()) {
      for (const entry of readdirSync(target)) if (entry !== 'build' && entry !== 'node_modules') walk(path.join(target, entry));
    } else if (/\.(ts|tsx|js)$/.test(target) && !/\.test\.tsx?$/.test(target)) files.push(target);
  };
  for (const folder of runtimeFolders) walk(path.join(projectRoot, folder));
  assert.ok(files.length > 50);
  const dev = Object.keys(pkg.devDependencies);
  const offenders: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const statements = [...text.matchAll(/\b(?:import|export)\s+(type\s+)?[^;'"]*?\bfrom\s*'([^']+)'/g)].filter((m) => !m[1]).map((m) => m[2]!);
    const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
    for (const specifier of [...statements, ...dynamic].filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'))) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      if (dev.includes(name)) offenders.push(`${path.relative(projectRoot, file)} imports ${name}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('the runtime installs every system package the app runs with, and no compilers', () => {
  const apt = runs(runtime);
  const devOnly = new Set(['postgresql', 'chromium']); // the local cluster and the browser tests
  for (const pkgName of SYSTEM_PACKAGES.map((p) => p.apt).filter((name) => !devOnly.has(name))) {
    assert.match(apt, new RegExp(`apt-get install[^\\n]*\\s${pkgName}(\\s|$)`), `runtime installs ${pkgName}`);
  }
  assert.match(apt, /\spostgresql-client-\d+\b/, 'pg_dump and pg_restore for `shiying backup` / `restore`');
  for (const tool of ['g++', 'make', 'python3']) assert.ok(!apt.split(/\s+/).includes(tool), `${tool} stays in the build stages`);
  assert.match(apt, /rm -rf \/var\/lib\/apt\/lists/);
});

test('the runtime copies every source folder and the console build', () => {
  const tsconfig = JSON.parse(read('tsconfig.json')) as { include: string[] };
  const needed = new Set([...tsconfig.include.filter((folder) => !['tests', 'bench'].includes(folder)), ...MIGRATION_FOLDERS.map((folder) => path.relative(projectRoot, path.dirname(folder))), 'deploy']);
  const copied = new Set(copies(runtime).map((line) => /^COPY --from=build \/app\/(\S+) \.\/(\S+)$/.exec(line)).filter((m) => m && m[1] === m[2]).map((m) => m![1]!));
  for (const folder of needed) {
    assert.ok(existsSync(path.join(projectRoot, folder)), `${folder} exists`);
    assert.ok(copied.has(folder), `the runtime copies ${folder}/ from the build stage`);
  }
  assert.ok(copied.has('console'), 'console/ from the build stage carries console/build');
  assert.match(runs(runtime), /find console\/build -exec touch \{\} \+/, 'the build stays newer than its sources, so the console never rebuilds at start');
});

test('the runtime runs as an unprivileged user who owns the media and backup folders, and starts the console', () => {
  const users = runtime.lines.filter((line) => line.startsWith('USER '));
  assert.deepEqual(users, ['USER node']);
  const userAt = runtime.lines.indexOf('USER node');
  assert.ok(runtime.lines.findIndex((line) => line.startsWith('RUN ')) < userAt && runtime.lines.findLastIndex((line) => line.startsWith('RUN ')) < userAt, 'nothing runs as root after USER');
  const cmd = runtime.lines.find((line) => line.startsWith('CMD '))!;
  assert.ok(runtime.lines.indexOf(cmd) > userAt);
  assert.deepEqual(JSON.parse(cmd.slice(4)), compose.services.console!.command, 'the image’s default command is the console, as compose runs it');
  assert.ok(existsSync(path.join(projectRoot, 'bin', 'shiying.js')));
  const env = runtime.lines.filter((line) => line.startsWith('ENV ')).join(' ');
  assert.match(env, /\bNODE_ENV=production\b/);
  const mediaRoot = /\bSHIYING_MEDIA_ROOT=(\S+)/.exec(env)?.[1];
  assert.equal(mediaRoot, compose.services.worker!.environment!.SHIYING_MEDIA_ROOT, 'the image and compose agree on the media root');
  assert.match(runs(runtime), new RegExp(`chown node:node ${mediaRoot} /backups`), 'the named media volume starts owned by node');
  assert.ok(runtime.lines.includes(`EXPOSE ${compose.services.console!.environment!.PORT}`));
});

test('.dockerignore keeps secrets, local state and installed packages out of the build context', () => {
  const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
  for (const entry of ['.env', '.data', 'node_modules', '.git', 'backups', 'console/build']) assert.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
  assert.ok(ignored.includes('!.env.example'));
});
