// Workflow histories recorded from real runs, replayed in CI so a non-deterministic change to
// workflow code fails the build. Record again with SHIYING_RECORD_HISTORIES=1 when a change is
// deliberate (and guard the old path with patched(): see docs in workflows/production.ts).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { projectRoot } from '../../platform/config.js';

export const historiesDir = path.join(projectRoot, 'tests', 'fixtures', 'histories');

/** Saves a workflow's history as a fixture when recording is switched on. */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.SHIYING_RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  await mkdir(historiesDir, { recursive: true });
  // Stored as the protobuf bytes (base64): exact, and independent of JSON mapping quirks.
  const bytes = proto.temporal.api.history.v1.History.encode(history).finish();
  await writeFile(path.join(historiesDir, `${name}.json`), `${JSON.stringify({ workflowId, encoding: 'protobuf-base64', data: Buffer.from(bytes).toString('base64') }, null, 2)}\n`);
}

export async function recordedHistories(): Promise<{ name: string; history: proto.temporal.api.history.v1.IHistory }[]> {
  const files = (await readdir(historiesDir).catch(() => [])).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const stored = JSON.parse(await readFile(path.join(historiesDir, file), 'utf8')) as { data: string };
      return { name: file.replace(/\.json$/, ''), history: proto.temporal.api.history.v1.History.decode(Buffer.from(stored.data, 'base64')) };
    }),
  );
}
