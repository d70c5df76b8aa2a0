// Publishing records what the public gallery shows: the poem in both scripts, the film and its
// poster and subtitles, and the credits (poet, provider, reviewers). Unpublishing hides it.
import type { Sql } from '../../platform/db.js';
import { publicationSlug, uniqueSlug } from './publication-slug.js';

interface PublishInput {
  productionId: string;
  version: number;
  provider: string;
}

export async function publish(sql: Sql, input: PublishInput): Promise<{ slug: string }> {
  return sql.begin(async (tx) => {
    const [draft] = await tx<{ film: string; poster: string; vtt: string; duration_sec: number; plan: { shots: { narration: { translation?: string } }[] } }[]>`
      select film, poster, vtt, duration_sec, plan from production_versions
      where production_id = ${input.productionId} and version = ${input.version}`;
    if (!draft) throw new Error(`production ${input.productionId} has no draft version ${input.version}`);
    const [poem] = await tx<{ id: string; title: string; title_traditional: string; author: string; author_traditional: string; dynasty: string; lines: string[]; lines_traditional: string[] }[]>`
      select p.id, p.title, p.title_traditional, p.author, p.author_traditional, p.dynasty, p.lines, p.lines_traditional
      from productions pr join corpus_poems p on p.id::text = pr.poem_id where pr.id = ${input.productionId}`;
    if (!poem) throw new Error(`production ${input.productionId} has no poem`);
    const reviewers = await tx<{ actor: string }[]>`
      select distinct actor from review_decisions
      where production_id = ${input.productionId} and action in ('approve_shot', 'regenerate_shot', 'approve_draft', 'publish')
      order by actor`;
    const [current] = await tx<{ slug: string }[]>`select slug from publications where production_id = ${input.productionId}`;
    let slug = current?.slug;
    if (!slug) {
      const base = publicationSlug(poem.title, poem.author);
      const taken = await tx<{ slug: string }[]>`select slug from publications where slug = ${base} or slug like ${`${base}-%`}`;
      slug = uniqueSlug(base, new Set(taken.map((row) => row.slug)));
    }
    const translations = draft.plan.shots.map((shot) => shot.narration.translation ?? '').filter((line) => line !== '');
    const credits = { poet: poem.author, provider: input.provider, reviewers: reviewers.map((row) => row.actor) };
    await tx`
      insert into publications (production_id, slug, version, poem_id, title, title_traditional, author, author_traditional, dynasty,
        lines, lines_traditional, translation, film, poster, vtt, duration_sec, credits, published_at, unpublished_at)
      values (${input.productionId}, ${slug}, ${input.version}, ${poem.id}, ${poem.title}, ${poem.title_traditional}, ${poem.author},
        ${poem.author_traditional}, ${poem.dynasty}, ${poem.lines}, ${poem.lines_traditional},
        ${translations.length > 0 ? translations : null}, ${draft.film}, ${draft.poster}, ${draft.vtt}, ${draft.duration_sec},
        ${tx.json(credits)}, now(), null)
      on conflict (production_id) do update set
        version = excluded.version, film = excluded.film, poster = excluded.poster, vtt = excluded.vtt,
        duration_sec = excluded.duration_sec, translation = excluded.translation, credits = excluded.credits,
        published_at = now(), unpublished_at = null`;
    return { slug };
  });
}

export async function unpublish(sql: Sql, productionId: string): Promise<void> {
  await sql`update publications set unpublished_at = now() where production_id = ${productionId} and unpublished_at is null`;
}
