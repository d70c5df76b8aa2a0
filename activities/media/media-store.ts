// The content-addressed media store: every artifact (a shot's clip, a line's narration, a music
// bed, a film) lives in a folder named by the hash of everything that went into it, so an
// unchanged input is never produced twice and a retried activity never pays twice.
//
// Layout: <root>/<kind>/<key[0..2]>/<key>/ holding the artifact's files and `entry.json` (its
// metadata, written last). An entry is produced in <root>/.tmp/… and renamed into place only when
// complete, so a crash or a kill never leaves a half-made entry where readers look.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
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
    const tmpDir = path.join(this.root, '.tmp', `${kind}-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
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
