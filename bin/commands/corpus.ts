// `shiying corpus …`: import the classical canon, search it, show a poem, count it, paste a poem.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { databaseUrl, loadConfig } from '../../platform/config.js';
import { connectDatabase, probeDatabase, redactUrl, type Sql } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import {
  COLLECTIONS,
  corpusStats,
  findPoemByTitle,
  getPoem,
  getPoemDetails,
  importCorpus,
  PastedPoemError,
  SearchError,
  searchPoems,
  submitPastedPoem,
  type PoemDetails,
  type SearchHit,
} from '../../corpus/index.js';
import { isPoemId } from '../../corpus/ids.js';
import { importProgressReporter } from '../../corpus/import-progress.js';
import { searchKey } from '../../corpus/normalise.js';
import type { PoemJson } from '../../corpus/poem-json.js';

const HELP = `Usage:
  shiying corpus import [--collections a,b] [--limit N]
      import the chinese-poetry package (all collections by default; names or slugs:
      ${COLLECTIONS.map((c) => `${c.name} ${c.slug}`).join(', ')})
      --limit N reads the first N poems of each collection (for a quick trial)
  shiying corpus search <query> [--dynasty D] [--author A] [--form F] [--collection C]
                               [--limit N] [--offset N] [--json]
      titles, authors and lines in either script; with filters the query may be left out
      --form takes a form (五言绝句), a family (绝句, 律诗) or a 词牌/曲牌 (水调歌头)
  shiying corpus show <id | title> [--author A] [--json]
  shiying corpus stats [--json]
  shiying corpus paste [--title T] [--author A] [--dynasty D] [--text TEXT] [--json]
      add a poem that is not in the corpus (the text from --text or standard input)`;

const OPTIONS = {
  collections: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  dynasty: { type: 'string' },
  author: { type: 'string' },
  form: { type: 'string' },
  collection: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function wholeNumber(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min) throw new UserFacingError(`--${name} must be a whole number of at least ${min} (got "${value}")`);
  return number;
}

async function openDatabase(): Promise<Sql> {
  const config = loadConfig();
  const sql = connectDatabase(config, { max: 4 });
  const probe = await probeDatabase(sql);
  if (!probe.ok) {
    await sql.end({ timeout: 1 });
    throw new UserFacingError(`cannot reach Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason} (start it with \`npx shiying up\`)`);
  }
  await migrate(sql);
  return sql;
}

function fame(poem: PoemJson): string {
  return poem.fame === null ? 'fame ?' : `fame ${poem.fame.toFixed(2)}`;
}

function heading(poem: PoemJson): string {
  const form = poem.tune ? `${poem.form}·${poem.tune}` : poem.form;
  return `${poem.title} · ${poem.author}〔${poem.dynasty}〕 ${form}  ${fame(poem)}  [${poem.collections.join('、') || poem.source}]`;
}

/** The line that made a poem match (for line and fuzzy matches). */
function matchedLine(hit: SearchHit, query: string): string | undefined {
  if (hit.match !== 'line' && hit.match !== 'fuzzy') return undefined;
  const key = searchKey(query);
  const index = hit.lines.findIndex((line) => searchKey(line).includes(key));
  if (index >= 0) return hit.lines[index];
  const pairs = hit.lines.map((line, i) => `${line}${hit.lines[i + 1] ?? ''}`);
  const spanning = pairs.findIndex((pair) => searchKey(pair).includes(key));
  if (spanning >= 0) return pairs[spanning];
  const variant = hit.variants?.flatMap((v) => v.lines).find((line) => searchKey(line).includes(key));
  return variant ? `${variant}（异文）` : hit.lines[0];
}

function printPoem(poem: PoemDetails): void {
  console.log(heading(poem));
  console.log(`${poem.titleTraditional} · ${poem.authorTraditional}`);
  console.log(`id ${poem.id}`);
  console.log('');
  const width = Math.max(...poem.lines.map((line) => [...line].length));
  poem.lines.forEach((line, i) => {
    const strains = poem.strains?.[i] ? `   ${poem.strains[i]}` : '';
    console.log(`  ${line}${'　'.repeat(Math.max(0, width - [...line].length))}   ${poem.linesTraditional[i] ?? ''}${strains}`);
  });
  for (const variant of poem.variants ?? []) {
    console.log('');
    console.log(`${variant.collection}: ${variant.title}`);
    for (const line of variant.lines) console.log(`  ${line}`);
  }
  if (poem.notes?.length) {
    console.log('');
    console.log('notes:');
    for (const note of poem.notes.slice(0, 10)) console.log(`  ${note}`);
    if (poem.notes.length > 10) console.log(`  … ${poem.notes.length - 10} more`);
  }
  if (poem.authorBio) {
    console.log('');
    const bio = [...poem.authorBio];
    console.log(`${poem.author}: ${bio.slice(0, 160).join('')}${bio.length > 160 ? '…' : ''}`);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  return readFileSync(0, 'utf8');
}

export const command: Command = {
  name: 'corpus',
  summary: 'the classical canon: import the chinese-poetry package, search, show, stats, paste a poem',
  help: HELP,
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    } catch (error) {
      throw new UserFacingError(`${(error as Error).message}\n${HELP}`);
    }
    const { values, positionals } = parsed;
    const [action, ...rest] = positionals;
    if (!action) throw new UserFacingError(`what to do?\n${HELP}`);
    if (!['import', 'search', 'show', 'stats', 'paste'].includes(action)) throw new UserFacingError(`unknown corpus command "${action}"\n${HELP}`);
    const sql = await openDatabase();
    try {
      switch (action) {
        case 'import': {
          const limit = wholeNumber('limit', values.limit, 1);
          const collections = values.collections
            ?.split(/[,，]/)
            .map((name) => name.trim())
            .filter(Boolean);
          const progress = importProgressReporter();
          let summary;
          try {
            summary = await importCorpus(sql, { collections, limit, onProgress: (p) => progress.onProgress(p) });
          } catch (error) {
            if ((error as Error).message.startsWith('Unknown collection')) throw new UserFacingError((error as Error).message);
            throw error;
          } finally {
            progress.stop();
          }
          if (values.json) console.log(JSON.stringify(summary, null, 2));
          else {
            console.log(
              `${summary.mode === 'fresh' ? 'imported' : 're-imported'} ${summary.poems.toLocaleString('en')} poems in ${(summary.durationMs / 1000).toFixed(1)}s` +
                ` (${summary.inserted} new, ${summary.updated} changed, ${summary.deleted} removed; ${summary.anthologyLinks} anthology entries linked,` +
                ` ${summary.skipped} records without text skipped)`,
            );
            for (const [name, count] of Object.entries(summary.byCollection)) console.log(`  ${name.padEnd(8, '　')} ${count.toLocaleString('en')}`);
          }
          return 0;
        }
        case 'search': {
          const query = rest.join(' ');
          const limit = wholeNumber('limit', values.limit, 1) ?? 20;
          const offset = wholeNumber('offset', values.offset, 0) ?? 0;
          const filters = { dynasty: values.dynasty, author: values.author, form: values.form, collection: values.collection };
          let result;
          try {
            result = await searchPoems(sql, query, filters, { limit, offset });
          } catch (error) {
            if (error instanceof SearchError) throw new UserFacingError(error.message);
            throw error;
          }
          if (values.json) {
            console.log(JSON.stringify({ results: result.results, total: result.total }, null, 2));
            return 0;
          }
          if (result.total === 0) {
            console.log(`no poems match "${query}"`);
            return 0;
          }
          const last = offset + result.results.length;
          console.log(`${result.total.toLocaleString('en')} poems match${query ? ` "${query}"` : ''} (showing ${offset + 1}–${last})`);
          result.results.forEach((hit, i) => {
            console.log(`${String(offset + i + 1).padStart(3)}. ${heading(hit)}  (${hit.match})`);
            const line = matchedLine(hit, query) ?? hit.lines[0];
            console.log(`     ${line}   ${hit.id}`);
          });
          return 0;
        }
        case 'show': {
          const target = rest.join(' ').trim();
          if (!target) throw new UserFacingError('show what? give a poem id or a title');
          const poem = isPoemId(target) ? await getPoem(sql, target) : await findPoemByTitle(sql, target, values.author);
          if (!poem) {
            throw new UserFacingError(
              isPoemId(target) ? `no poem with id ${target}` : `no poem titled "${target}"${values.author ? ` by ${values.author}` : ''} (try \`shiying corpus search ${target}\`)`,
            );
          }
          if (values.json) console.log(JSON.stringify(poem, null, 2));
          else printPoem(await getPoemDetails(sql, poem));
          return 0;
        }
        case 'stats': {
          const stats = await corpusStats(sql);
          if (values.json) {
            console.log(JSON.stringify(stats, null, 2));
            return 0;
          }
          console.log(`${stats.poems.toLocaleString('en')} poems (${stats.pasted} pasted), ${stats.authors.toLocaleString('en')} author biographies`);
          for (const [name, count] of Object.entries(stats.byCollection)) console.log(`  ${name.padEnd(8, '　')} ${count.toLocaleString('en')}`);
          console.log(`dynasties: ${Object.entries(stats.byDynasty).map(([name, count]) => `${name} ${count.toLocaleString('en')}`).join(', ')}`);
          console.log(`forms: ${Object.entries(stats.byForm).slice(0, 12).map(([name, count]) => `${name} ${count.toLocaleString('en')}`).join(', ')}`);
          if (stats.lastImport) {
            console.log(
              `last import ${stats.lastImport.finishedAt} (chinese-poetry ${stats.lastImport.packageVersion}, ${(stats.lastImport.durationMs / 1000).toFixed(1)}s` +
                `${stats.lastImport.limit ? `, first ${stats.lastImport.limit} of each collection` : ''})`,
            );
          } else console.log('not imported yet: run `shiying corpus import`');
          return 0;
        }
        case 'paste': {
          const text = values.text ?? (await readStdin());
          try {
            const poem = await submitPastedPoem(sql, { text, title: values.title, author: values.author, dynasty: values.dynasty });
            if (values.json) console.log(JSON.stringify(poem, null, 2));
            else {
              console.log(poem.source === 'pasted' ? 'pasted poem stored:' : 'already in the corpus:');
              printPoem(poem);
            }
            return 0;
          } catch (error) {
            if (error instanceof PastedPoemError) {
              throw new UserFacingError(`the poem was not accepted: ${error.problems.map((p) => `${p.message} [${p.rule}]`).join('; ')}`);
            }
            throw error;
          }
        }
      }
      return 0;
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
};
