// Seeds a database and media root with published films, a draft and the three development
// accounts, for the console benchmark and for looking at the console by hand:
//   DATABASE_URL=… SHIYING_MEDIA_ROOT=… node --import tsx bench/console-seed.ts [films=12]
import { loadConfig } from '../platform/config.js';
import { connectDatabase } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';
import { FIXTURE_POEMS, insertDraft, insertPublishedFilm, insertUser } from '../tests/support/console-fixtures.js';

const TINTS = ['0x2f4f4f', '0x5b564d', '0x6b3a2e', '0x2f3f5f', '0x3f5f3f', '0x6b5b2e'];

export async function seedConsole(films: number): Promise<{ slugs: string[]; draft: string }> {
  const config = loadConfig();
  const sql = connectDatabase(config, { max: 4 });
  try {
    await migrate(sql);
    for (const role of ['curator', 'reviewer', 'admin'] as const) await insertUser(sql, `${role}@shiying.local`, role, 'shiying-dev');
    const slugs: string[] = [];
    const base = Date.now() - films * 60_000;
    for (let i = 0; i < films; i++) {
      const poem = FIXTURE_POEMS[i % 5]!;
      const { slug } = await insertPublishedFilm(sql, config.mediaRoot, poem, { publishedAt: new Date(base + i * 60_000), tint: TINTS[i % TINTS.length] });
      slugs.push(slug);
    }
    const draft = await insertDraft(sql, config.mediaRoot, FIXTURE_POEMS[1]!);
    return { slugs, draft: draft.productionId };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const films = Number(process.argv[2] ?? 12);
  const result = await seedConsole(films);
  console.log(JSON.stringify(result));
}
