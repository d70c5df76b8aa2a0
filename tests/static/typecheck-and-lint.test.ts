// The whole project type-checks and lints; the workflow determinism rules actually bite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { projectRoot } from '../../platform/config.js';

const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);

test('tsc --noEmit passes (strict)', () => {
  const result = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('eslint passes on the whole project', async () => {
  const eslint = new ESLint({ cwd: projectRoot });
  const results = await eslint.lintFiles(['.']);
  const errors = results.filter((r) => r.errorCount > 0);
  const formatter = await eslint.loadFormatter('stylish');
  assert.equal(errors.length, 0, await formatter.format(errors));
});

test('workflow code may not use Node built-ins, clocks, randomness, timers or activity implementations', async () => {
  const eslint = new ESLint({ cwd: projectRoot });
  const source = [
    "import fs from 'node:fs';",
    "import path from 'path';",
    "import { createActivities } from '../activities/index.js';",
    "import type { Activities } from '../activities/index.js';",
    'export function bad(a: Activities) {',
    '  setTimeout(() => {}, 1);',
    '  return [Date.now(), Math.random(), new Date(), fs, path, createActivities, a, process.env];',
    '}',
  ].join('\n');
  const [result] = await eslint.lintText(source, { filePath: path.join(projectRoot, 'workflows', 'bad-example.ts') });
  const lines = result!.messages.map((m) => `${m.line}:${m.ruleId}`).sort();
  assert.deepEqual(lines, [
    '1:@typescript-eslint/no-restricted-imports',
    '2:@typescript-eslint/no-restricted-imports',
    '3:@typescript-eslint/no-restricted-imports',
    '6:no-restricted-globals',
    '7:no-restricted-globals',
    '7:no-restricted-properties',
    '7:no-restricted-properties',
    '7:no-restricted-syntax',
  ]);
});
