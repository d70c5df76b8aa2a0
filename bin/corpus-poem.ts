// A corpus poem chosen on the command line (--id, or --title with --author), ready to interpret.
// Shared by `interpret` and `render`; each failure is one line that says what to do instead.
import { UserFacingError } from './command.js';
import { databaseUrl, loadConfig } from '../platform/config.js';
import { connectDatabase, probeDatabase, redactUrl } from '../platform/db.js';
import type { PoemToInterpret } from '../prompts/interpret.js';

export async function poemFromCorpus(by: { id?: string; title?: string; author?: string }): Promise<PoemToInterpret> {
  const { getPoem, findPoemByTitle } = await import('../corpus/poems.js');
  const config = loadConfig();
  const sql = connectDatabase(config, { max: 2 });
  try {
    const probe = await probeDatabase(sql);
    if (!probe.ok) {
      throw new UserFacingError(`cannot reach the corpus database at ${redactUrl(databaseUrl(config))}: ${probe.reason} (start it with \`npx shiying up\`, or paste the poem with --text)`);
    }
    let poem;
    try {
      poem = by.id !== undefined ? await getPoem(sql, by.id) : await findPoemByTitle(sql, by.title ?? '', by.author);
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') throw new UserFacingError('the corpus has not been imported into this database yet (paste the poem with --text)');
      throw error;
    }
    if (!poem) {
      throw new UserFacingError(
        by.id !== undefined ? `no poem with id ${by.id} in the corpus` : `no poem titled ${by.title}${by.author ? ` by ${by.author}` : ''} in the corpus (paste it with --text)`,
      );
    }
    return {
      id: poem.id,
      title: poem.title,
      author: poem.author,
      dynasty: poem.dynasty,
      // 词 and 曲 carry their tune (词·念奴娇), which names the form and sets the phrasing.
      form: poem.tune ? `${poem.form}·${poem.tune}` : poem.form,
      lines: poem.lines,
      linesTraditional: poem.linesTraditional,
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}
