// A temporary file that COPY rows are spilled to while the package is read, so the first import
// holds its poem and membership rows on disk rather than in memory until it can copy them.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export class SpillFile {
  private pending: string[] = [];
  private size = 0;

  private constructor(
    private readonly dir: string,
    readonly file: string,
    private readonly stream: WriteStream,
  ) {}

  static async create(name: string): Promise<SpillFile> {
    const dir = await mkdtemp(path.join(tmpdir(), 'shiying-corpus-'));
    const file = path.join(dir, name);
    return new SpillFile(dir, file, createWriteStream(file));
  }

  async write(line: string): Promise<void> {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Finishes writing and returns a stream of everything written. */
  async read(): Promise<Readable> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    return createReadStream(this.file, { highWaterMark: 1024 * 1024 });
  }

  async remove(): Promise<void> {
    this.stream.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}
