// `npm start`'s corpus step: import the corpus when the database has none yet (the first run),
// with progress in the start log. SHIYING_SKIP_CORPUS_IMPORT=1 skips it.
import type { Config } from '../platform/config.js';
import { connectDatabase } from '../platform/db.js';
import { corpusIsEmpty, importCorpus } from './import.js';
import { importProgressReporter } from './import-progress.js';

export async function importCorpusOnStart(
  config: Config,
  log: (line: string) => void,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  if (env.SHIYING_SKIP_CORPUS_IMPORT === '1') {
    log('corpus import skipped (SHIYING_SKIP_CORPUS_IMPORT=1)');
    return;
  }
  const sql = connectDatabase(config, { max: 4 });
  try {
    if (!(await corpusIsEmpty(sql))) return;
    log('the corpus is empty: importing the chinese-poetry package (about a minute, once)');
    const progress = importProgressReporter({ log, tty: false });
    const summary = await importCorpus(sql, { onProgress: (p) => progress.onProgress(p) });
    progress.stop();
    log(`corpus imported: ${summary.poems.toLocaleString('en')} poems in ${(summary.durationMs / 1000).toFixed(1)}s`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
