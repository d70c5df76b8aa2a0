// .env.example is the operator's list of settings for docker-compose.yml: it must name every
// variable platform/config.ts documents plus the ones only compose reads, each with a comment,
// leave the secrets empty for the operator to fill in, and not pretend to set what compose decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENV_VARS, projectRoot } from '../../platform/config.js';
import { compose, interpolations } from '../support/compose-file.js';

interface Entry {
  name: string;
  value: string;
  commentedOut: boolean;
  comment: string;
}

const lines = readFileSync(path.join(projectRoot, '.env.example'), 'utf8').split('\n');
const VARIABLE = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/;

function entries(): Entry[] {
  const found: Entry[] = [];
  lines.forEach((line, index) => {
    const match = VARIABLE.exec(line);
    if (!match) return;
    const previous = lines[index - 1] ?? '';
    const comment = previous.startsWith('#') && !VARIABLE.test(previous) ? previous : '';
    found.push({ name: match[2]!, value: match[3]!, commentedOut: match[1] !== undefined, comment });
  });
  return found;
}

const known = ENV_VARS.map((v) => v.name);
const composeOnly = [...new Set(interpolations().map((use) => use.name))].filter((name) => !known.includes(name)).sort();

test('.env.example lists every variable of platform/config.ts and of docker-compose.yml, once each, with a comment', () => {
  const listed = entries();
  assert.deepEqual(listed.map((entry) => entry.name).sort(), [...known, ...composeOnly].sort());
  for (const entry of listed) assert.notEqual(entry.comment, '', `${entry.name} has a comment line above it saying what it is`);
  assert.deepEqual(composeOnly, ['POSTGRES_PASSWORD', 'SHIYING_WORKERS']);
});

test('what compose requires is left empty for the operator; nothing else is set by default', () => {
  const required = new Set(interpolations().filter((use) => use.operator === ':?').map((use) => use.name));
  assert.deepEqual([...required].sort(), ['POSTGRES_PASSWORD', 'SHIYING_SESSION_SECRET']);
  for (const entry of entries()) {
    if (required.has(entry.name)) {
      assert.ok(!entry.commentedOut && entry.value === '', `${entry.name} is an uncommented, empty line to fill in (no shipped secret)`);
    } else {
      assert.ok(entry.commentedOut, `${entry.name} is commented out: an empty value would still reach the containers`);
    }
  }
});

test('variables docker-compose.yml sets for the app containers are marked as such', () => {
  const setByCompose = new Set(['worker', 'console', 'ops'].flatMap((name) => Object.keys(compose.services[name]!.environment ?? {})));
  setByCompose.delete('SHIYING_SESSION_SECRET'); // compose passes the operator's value through
  for (const entry of entries().filter((candidate) => setByCompose.has(candidate.name))) {
    assert.match(entry.comment, /Set by docker-compose\.yml/, `${entry.name}: the comment says compose decides it`);
  }
});
