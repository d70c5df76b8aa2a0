import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { canonicalJson, contentHash } from './content-hash.js';
import { MediaStore } from './media-store.js';

const roots: string[] = [];
after(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

async function store(): Promise<MediaStore> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'shiying-store-'));
  roots.push(root);
  return new MediaStore(root);
}

describe('media store', () => {
  it('addresses by content, whatever the key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } }), '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
    assert.equal(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }));
    assert.notEqual(contentHash({ a: 1 }), contentHash({ a: 2 }));
  });

  it('produces an entry once and then serves it from the store', async () => {
    const s = await store();
    const key = s.key('shot', { shot: 1 });
    let produced = 0;
    const produce = async (dir: string) => {
      produced++;
      await writeFile(path.join(dir, 'clip.mp4'), 'x');
      return { file: 'clip.mp4' };
    };
    const first = await s.getOrProduce('shot', key, produce);
    const second = await s.getOrProduce('shot', key, produce);
    assert.equal(produced, 1);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.dir, first.dir);
    assert.deepEqual(second.value, { file: 'clip.mp4' });
  });

  it('leaves nothing behind when producing fails', async () => {
    const s = await store();
    const key = s.key('shot', { shot: 2 });
    await assert.rejects(
      s.getOrProduce('shot', key, async (dir) => {
        await writeFile(path.join(dir, 'half.mp4'), 'half');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await s.get('shot', key), undefined);
    assert.deepEqual(await readdir(path.join(s.root, '.tmp')), []);
  });

  it('sweeps the temporary folders of dead processes of this host, and only those', async () => {
    const s = await store();
    const key = s.key('shot', { shot: 3 });
    // A live producer's folder, named the way getOrProduce names it.
    let liveName = '';
    let release: () => void = () => {};
    const producing = s.getOrProduce('shot', key, async (dir) => {
      liveName = path.basename(dir);
      await new Promise<void>((resolve) => (release = resolve));
      await writeFile(path.join(dir, 'clip.mp4'), 'x');
      return { file: 'clip.mp4' };
    });
    while (!liveName) await new Promise((resolve) => setTimeout(resolve, 5));
    const host = os.hostname().replace(/[^A-Za-z0-9_.-]/g, '_');
    const dead = `shot-${key}-${host}.999999-0badf00d`;
    // A predecessor that had our pid (containers): its folder is older than this process.
    const predecessor = `shot-${key}-${host}.${process.pid}-0badf00d`;
    const otherHost = `shot-${key}-another-host.999999-0badf00d`;
    const unknown = 'notes';
    for (const name of [dead, predecessor, otherHost, unknown]) await mkdir(path.join(s.root, '.tmp', name), { recursive: true });
    await writeFile(path.join(s.root, '.tmp', dead, 'clip.mp4.partial'), 'half');
    const beforeUs = (Date.now() - process.uptime() * 1000 - 60_000) / 1000;
    await utimes(path.join(s.root, '.tmp', predecessor), beforeUs, beforeUs);

    const removed = await s.sweepOrphans((pid) => pid === process.pid);
    assert.deepEqual(removed.sort(), [dead, predecessor].sort());
    assert.deepEqual((await readdir(path.join(s.root, '.tmp'))).sort(), [liveName, otherHost, unknown].sort());
    release();
    await producing;
    assert.ok(await s.get('shot', key), 'the live producer finished its entry');
  });
});
