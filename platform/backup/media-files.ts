// Files of the media store as a backup sees them: listing (without the store's `.tmp` work area),
// copying while hashing (one read per file), and hashing in place for verification.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** Folders of the media store that hold work in progress, never artifacts. */
const SKIPPED_TOP_LEVEL = new Set(['.tmp']);

/**
 * Every regular file under `root` as sorted relative POSIX paths. Symbolic links and other
 * special files are reported through `skipped` and left out.
 */
export async function listFiles(root: string, skipped: (relative: string) => void = () => {}): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (!prefix && SKIPPED_TOP_LEVEL.has(entry.name)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) found.push(relative);
      else skipped(relative);
    }
  }
  await walk(root, '');
  return found.sort();
}

function hashingStream(digest: { hash: ReturnType<typeof createHash>; bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      digest.hash.update(chunk);
      digest.bytes += chunk.length;
      callback(null, chunk);
    },
  });
}

export async function hashFile(file: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Copies `source` to `target` through a temporary file beside it, renamed into place only when
 * complete (so a crash never leaves half a file under the real name); returns the digest of the
 * bytes written.
 */
export async function copyWithDigest(source: string, target: string): Promise<FileDigest> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const digest = { hash: createHash('sha256'), bytes: 0 };
  try {
    await pipeline(createReadStream(source), hashingStream(digest), createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return { bytes: digest.bytes, sha256: digest.hash.digest('hex') };
}

/** 'file', 'missing' or 'other' (a folder or special file where a file should be). */
export async function fileKind(file: string): Promise<'file' | 'missing' | 'other'> {
  try {
    return (await lstat(file)).isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/** Runs `work` over `items` with at most `limit` at once, in order of start. */
export async function forEachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  });
  await Promise.all(workers);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
