// Showing an import's progress: a progress bar on a terminal (cli-progress), otherwise a line at
// each phase and every 10% (logs, CI, `npm start` beside other services' output).
import cliProgress from 'cli-progress';
import type { ImportProgress } from './import.js';

export interface ProgressReporter {
  onProgress(progress: ImportProgress): void;
  stop(): void;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

/** A progress bar when `stream` is a terminal, else lines through `log`. */
export function importProgressReporter(
  options: { stream?: NodeJS.WriteStream; log?: (line: string) => void; tty?: boolean } = {},
): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const log = options.log ?? ((line: string) => stream.write(`${line}\n`));
  const tty = options.tty ?? Boolean(stream.isTTY);
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'corpus import [{bar}] {percentage}% | {poems} poems | {message}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(progress) {
        const payload = { poems: progress.poems.toLocaleString('en'), message: progress.message };
        if (!started) {
          bar.start(progress.bytesTotal, 0, payload);
          started = true;
        }
        bar.update(progress.bytesDone, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastPhase = '';
  let lastDecile = -1;
  return {
    onProgress(progress) {
      const decile = progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 10) : 0;
      if (progress.phase !== lastPhase || (progress.phase === 'read' && decile !== lastDecile)) {
        const share = progress.bytesTotal > 0 ? `${Math.round((progress.bytesDone / progress.bytesTotal) * 100)}%` : '';
        log(
          progress.phase === 'read'
            ? `corpus import: ${share} of ${megabytes(progress.bytesTotal)} read, ${progress.poems.toLocaleString('en')} poems (${progress.collection ?? ''})`
            : `corpus import: ${progress.message}`,
        );
        lastPhase = progress.phase;
        lastDecile = decile;
      }
    },
    stop() {},
  };
}
