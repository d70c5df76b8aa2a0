// README keeps its promises: the two commands, and a configuration table matching config.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENV_VARS, projectRoot } from '../../platform/config.js';

const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');

test('README names the two commands and .ci/run runs the test command', () => {
  assert.match(readme, /^npm start\b/m);
  assert.match(readme, /^npm test\b/m);
  const ci = readFileSync(path.join(projectRoot, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm test$/m);
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, 'node bin/shiying.js start');
  assert.equal(pkg.scripts.test, 'node bin/shiying.js test');
});

test('the configuration table lists exactly the variables platform/config.ts reads', () => {
  const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => m[1]);
  assert.deepEqual(rows, ENV_VARS.map((v) => v.name));
});
