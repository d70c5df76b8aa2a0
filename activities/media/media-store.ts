// The content-addressed media store: every artifact (a shot's clip, a line's narration, a music
// bed, a film) lives in a folder named by the hash of everything that went into it, so an
// unchanged input is never produced twice and a retried activity never pays twice.
//
// Layout: <root>/<kind>/<key[0..2]>/<key>/ holding the artifact's files and `entry.json` (its
// metadata, written last). An entry is produced in <root>/.tmp/… and renamed into place only when
// complete, so a crash or a kill never leaves a half-made entry where readers look. A process
// killed mid-way cannot remove its temporary folder; each is named after the host and pid that
// made it, so the next worker on that host sweeps away those of processes that are gone.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { contentHash } from './content-hash.js';

export type MediaKind = 'narration' | 'shot' | 'transition' | 'music' | 'mix' | 'film';

export interface StoredEntry<T> {
  kind: MediaKind;
  key: string;
  /** Folder holding the entry's files. */
  dir: string;
  value: T;
  /** True when the entry already existed (nothing was produced). */
  cached: boolean;
}

const ENTRY_FILE = 'entry.json';

/** `<kind>-<key>-<host>.<pid>-<random>`: who made a temporary folder (several hosts may share the store). */
const TMP_NAME = /^[a-z]+-[0-9a-f]+-(.+)\.(\d+)-[0-9a-f]{8}$/;

/** The host part of temporary folder names: the hostname, without characters a folder name should not hold. */
function hostTag(): string {
  return os.hostname().replace(/[^A-Za-z0-9_.-]/g, '_') || 'localhost';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class MediaStore {
  constructor(readonly root: string) {}

  /** The address of an artifact of `kind` made from `inputs`. */
  key(kind: MediaKind, inputs: unknown): string {
    return contentHash({ kind, inputs });
  }

  dir(kind: MediaKind, key: string): string {
    return path.join(this.root, kind, key.slice(0, 2), key);
  }

  /** The stored entry, or undefined when it has not been produced (or is incomplete). */
  async get<T>(kind: MediaKind, key: string): Promise<StoredEntry<T> | undefined> {
    const dir = this.dir(kind, key);
    try {
      const value = JSON.parse(await readFile(path.join(dir, ENTRY_FILE), 'utf8')) as T;
      return { kind, key, dir, value, cached: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Returns the entry for `key`, producing it first when missing. `produce` writes its files into
   * the given temporary folder and returns the entry's metadata (JSON); file paths inside the
   * metadata should be relative names, resolved against `dir` by the caller.
   */
  async getOrProduce<T>(kind: MediaKind, key: string, produce: (tmpDir: string) => Promise<T>): Promise<StoredEntry<T>> {
    const existing = await this.get<T>(kind, key);
    if (existing) return existing;
    const tmpDir = path.join(this.root, '.tmp', `${kind}-${key}-${hostTag()}.${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(tmpDir, { recursive: true });
    try {
      const value = await produce(tmpDir);
      await writeFile(path.join(tmpDir, ENTRY_FILE), JSON.stringify(value, null, 2));
      const dir = this.dir(kind, key);
      await mkdir(path.dirname(dir), { recursive: true });
      try {
        await rename(tmpDir, dir);
      } catch (error) {
        // Another process finished the same entry first: theirs is as good as ours.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        const winner = await this.get<T>(kind, key);
        if (!winner) throw error;
        return { ...winner, cached: false };
      }
      return { kind, key, dir, value, cached: false };
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }

  /**
   * Removes temporary folders left by processes of this host that no longer run (a worker that
   * was killed while producing). Folders of live processes and of other hosts are left alone.
   * Returns the names removed.
   */
  async sweepOrphans(isAlive: (pid: number) => boolean = processAlive): Promise<string[]> {
    const host = hostTag();
    // In a container the restarted worker often has its predecessor's pid: folders with our pid
    // that are older than this process are that predecessor's.
    const startedAt = Date.now() - process.uptime() * 1000;
    const removed: string[] = [];
    for (const name of await readdir(path.join(this.root, '.tmp')).catch(() => [] as string[])) {
      const match = TMP_NAME.exec(name);
      if (!match || match[1] !== host) continue;
      const pid = Number(match[2]);
      const dir = path.join(this.root, '.tmp', name);
      if (pid === process.pid) {
        const modified = await stat(dir).then((s) => s.mtimeMs, () => Infinity);
        if (modified >= startedAt) continue;
      } else if (isAlive(pid)) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(name);
    }
    return removed;
  }

  /** Whether `file` (inside an entry) exists; used to treat a damaged entry as missing. */
  async hasFile(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  }

  /** Removes an entry (e.g. one whose files were deleted by hand) so it is produced again. */
  async evict(kind: MediaKind, key: string): Promise<void> {
    await rm(this.dir(kind, key), { recursive: true, force: true });
  }
}
