// Console test data: poems in the corpus tables, published films and drafts in the productions
// tables, their media (small real MP4s, posters, WebVTT) in the media root, and accounts.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as OpenCC from 'opencc-js';
import type { Sql } from '../../platform/db.js';
import { searchKey } from '../../corpus/normalise.js';
import { interpretPoem } from '../../prompts/interpret.js';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import { hashPassword, type Role } from '../../console/app/users.server.js';

const run = promisify(execFile);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });

export interface FixturePoem {
  title: string;
  author: string;
  dynasty: string;
  form: string;
  lines: string[];
  fame: number;
  anthologised: boolean;
  collections: string[];
}

export const FIXTURE_POEMS: FixturePoem[] = [
  { title: '静夜思', author: '李白', dynasty: '唐', form: '五言绝句', lines: ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡'], fame: 0.91, anthologised: true, collections: ['全唐诗', '唐诗三百首'] },
  { title: '江雪', author: '柳宗元', dynasty: '唐', form: '五言绝句', lines: ['千山鸟飞绝', '万径人踪灭', '孤舟蓑笠翁', '独钓寒江雪'], fame: 0.88, anthologised: true, collections: ['全唐诗', '唐诗三百首'] },
  { title: '春晓', author: '孟浩然', dynasty: '唐', form: '五言绝句', lines: ['春眠不觉晓', '处处闻啼鸟', '夜来风雨声', '花落知多少'], fame: 0.9, anthologised: true, collections: ['全唐诗', '唐诗三百首'] },
  { title: '登鹳雀楼', author: '王之涣', dynasty: '唐', form: '五言绝句', lines: ['白日依山尽', '黄河入海流', '欲穷千里目', '更上一层楼'], fame: 0.89, anthologised: true, collections: ['全唐诗', '唐诗三百首'] },
  { title: '山居秋暝', author: '王维', dynasty: '唐', form: '五言律诗', lines: ['空山新雨后', '天气晚来秋', '明月松间照', '清泉石上流', '竹喧归浣女', '莲动下渔舟', '随意春芳歇', '王孙自可留'], fame: 0.85, anthologised: true, collections: ['全唐诗', '唐诗三百首'] },
  { title: '静夜思', author: '沈佺期', dynasty: '唐', form: '五言律诗', lines: ['静夜思君子', '孤灯照影长', '秋风吹木叶', '明月满空床'], fame: 0.2, anthologised: false, collections: ['全唐诗'] },
];

/** Puts a poem in corpus_poems and corpus_search (as the corpus import would); returns its id. */
export async function insertPoem(sql: Sql, poem: FixturePoem): Promise<string> {
  const id = uuidOf(`${poem.title}|${poem.author}|${poem.lines.join('')}`);
  const traditional = poem.lines.map((line) => toTraditional(line));
  await sql`
    insert into corpus_poems (id, source, script, title, title_traditional, author, author_traditional, dynasty, form, tune,
      lines, lines_traditional, strains, fame, anthologised, collections, content_hash)
    values (${id}, 'corpus', 'simplified', ${poem.title}, ${toTraditional(poem.title)}, ${poem.author}, ${toTraditional(poem.author)},
      ${poem.dynasty}, ${poem.form}, null, ${poem.lines}, ${traditional}, null, ${poem.fame}, ${poem.anthologised}, ${poem.collections},
      ${id})
    on conflict (id) do nothing`;
  await sql`
    insert into corpus_search (poem_id, title_key, alt_title_key, author_key, text_key, fame, anthologised, dynasty, form, tune, collections)
    values (${id}, ${searchKey(poem.title)}, null, ${searchKey(poem.author)}, ${poem.lines.map(searchKey).join('')}, ${poem.fame},
      ${poem.anthologised}, ${poem.dynasty}, ${poem.form}, null, ${poem.collections})
    on conflict (poem_id) do nothing`;
  return id;
}

function uuidOf(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface FilmMedia {
  film: string;
  poster: string;
  storyboard: string;
  vtt: string;
  clips: string[];
  durationSec: number;
}

function vttStamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))}.${pad(ms % 1000, 3)}`;
}

/**
 * Real media for a fixture film under `<mediaRoot>/fixtures/<key>/`: an H.264 MP4 (a slow ink-like
 * gradient), its poster, a storyboard, one clip per shot and a WebVTT cue per line.
 */
export async function makeFilmMedia(mediaRoot: string, key: string, lines: string[], options: { secondsPerLine?: number; aspect?: '9:16' | '16:9'; tint?: string } = {}): Promise<FilmMedia> {
  const perLine = options.secondsPerLine ?? 2;
  const duration = perLine * lines.length;
  const size = options.aspect === '16:9' ? '320x180' : '180x320';
  const dir = path.join(mediaRoot, 'fixtures', key);
  await mkdir(dir, { recursive: true });
  const rel = (name: string) => `fixtures/${key}/${name}`;
  const tint = options.tint ?? '0x5b564d';
  const source = `gradients=s=${size}:c0=0xf4efe4:c1=${tint}:x0=0:y0=0:x1=180:y1=320:d=${duration}:speed=0.02:rate=12`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', source, '-f', 'lavfi', '-i', `sine=frequency=262:duration=${duration}`,
    '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '32k', '-shortest', '-movflags', '+faststart',
    path.join(dir, 'film.mp4')]);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-ss', '0.5', '-i', path.join(dir, 'film.mp4'), '-frames:v', '1', path.join(dir, 'poster.jpg')]);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(dir, 'film.mp4'), '-vf', `fps=${1 / perLine},scale=90:-2,tile=${lines.length}x1`, '-frames:v', '1', path.join(dir, 'storyboard.png')]);
  const clips: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = `clip-${i}-${randomBytes(3).toString('hex')}.mp4`;
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-ss', String(i * perLine), '-t', String(perLine), '-i', path.join(dir, 'film.mp4'), '-c', 'copy', path.join(dir, name)]);
    clips.push(rel(name));
  }
  const cues = lines.map((line, i) => `${i + 1}\n${vttStamp(i * perLine)} --> ${vttStamp((i + 1) * perLine)}\n${line}`);
  await writeFile(path.join(dir, 'film.vtt'), `WEBVTT\n\n${cues.join('\n\n')}\n`);
  return { film: rel('film.mp4'), poster: rel('poster.jpg'), storyboard: rel('storyboard.png'), vtt: rel('film.vtt'), clips, durationSec: duration };
}

export function planOf(poem: FixturePoem, poemId: string, aspect: '9:16' | '16:9' = '9:16'): ShotPlan {
  return interpretPoem({ id: poemId, title: poem.title, author: poem.author, dynasty: poem.dynasty, form: poem.form, lines: poem.lines }, { aspect });
}

interface ProductionFixture {
  productionId: string;
  plan: ShotPlan;
  media: FilmMedia;
}

async function insertProductionRows(sql: Sql, mediaRoot: string, poemId: string, poem: FixturePoem, status: string, options: { aspect?: '9:16' | '16:9'; tint?: string; provider?: string }): Promise<ProductionFixture> {
  const productionId = `prod-fx${randomBytes(5).toString('hex')}`;
  const plan = planOf(poem, poemId, options.aspect);
  const media = await makeFilmMedia(mediaRoot, productionId, plan.poem.lines, { aspect: options.aspect, tint: options.tint });
  const productionOptions = { provider: options.provider ?? 'local', aspect: options.aspect ?? '9:16', look: 'ink-wash', priority: 3, budgetUsd: null };
  await sql`
    insert into productions (id, poem_id, poem_title, poem_author, options, dedupe_key, status, version, plan, requested_by, cost_usd)
    values (${productionId}, ${poemId}, ${poem.title}, ${poem.author}, ${sql.json(productionOptions)}, ${productionId}, ${status}, 1,
      ${sql.json(plan as never)}, 'curator@shiying.local', 0)`;
  for (const shot of plan.shots) {
    await sql`
      insert into production_shots (production_id, shot_index, status, version, line_text, clip, cost_usd, cached, not_drawn)
      values (${productionId}, ${shot.index}, ${status === 'published' ? 'approved' : 'ready'}, 1, ${shot.text}, ${media.clips[shot.index] ?? media.clips[0]!}, 0, false,
        ${shot.index === 1 ? ['霜'] : []})`;
  }
  const shots = plan.shots.map((shot) => ({ index: shot.index, clip: media.clips[shot.index] ?? media.clips[0]!, durationSec: 2, cached: false, notDrawn: [] }));
  await sql`
    insert into production_versions (production_id, version, plan, film, poster, storyboard, vtt, duration_sec, shots)
    values (${productionId}, 1, ${sql.json(plan as never)}, ${media.film}, ${media.poster}, ${media.storyboard}, ${media.vtt}, ${media.durationSec}, ${sql.json(shots as never)})`;
  await sql`insert into review_decisions (production_id, actor, action, version) values (${productionId}, 'curator@shiying.local', 'queue', 0)`;
  return { productionId, plan, media };
}

/** A published film of a fixture poem (visible in the gallery); returns its production id and slug. */
export async function insertPublishedFilm(
  sql: Sql,
  mediaRoot: string,
  poem: FixturePoem,
  options: { publishedAt?: Date; aspect?: '9:16' | '16:9'; tint?: string; unpublished?: boolean } = {},
): Promise<{ productionId: string; slug: string; media: FilmMedia }> {
  const poemId = await insertPoem(sql, poem);
  const { productionId, plan, media } = await insertProductionRows(sql, mediaRoot, poemId, poem, options.unpublished ? 'awaiting_review' : 'published', options);
  const slug = `${productionId.slice(5)}-${createHash('sha1').update(poem.title).digest('hex').slice(0, 4)}`;
  const translations = plan.shots.map((shot) => shot.narration.translation ?? '').filter((line) => line !== '');
  await sql`
    insert into publications (production_id, slug, version, poem_id, title, title_traditional, author, author_traditional, dynasty,
      lines, lines_traditional, translation, film, poster, vtt, duration_sec, credits, published_at, unpublished_at)
    values (${productionId}, ${slug}, 1, ${poemId}, ${poem.title}, ${toTraditional(poem.title)}, ${poem.author}, ${toTraditional(poem.author)},
      ${poem.dynasty}, ${plan.poem.lines}, ${plan.poem.linesTraditional}, ${translations.length > 0 ? translations : null}, ${media.film}, ${media.poster}, ${media.vtt},
      ${media.durationSec}, ${sql.json({ poet: poem.author, provider: 'local', reviewers: ['reviewer@shiying.local'] })}, ${options.publishedAt ?? new Date()},
      ${options.unpublished ? new Date() : null})`;
  return { productionId, slug, media };
}

/** A production with a first draft awaiting review. */
export async function insertDraft(sql: Sql, mediaRoot: string, poem: FixturePoem, options: { tint?: string } = {}): Promise<ProductionFixture> {
  const poemId = await insertPoem(sql, poem);
  return insertProductionRows(sql, mediaRoot, poemId, poem, 'awaiting_review', options);
}

export async function insertUser(sql: Sql, email: string, role: Role, password: string): Promise<void> {
  await sql`
    insert into users (email, password_hash, role) values (${email}, ${await hashPassword(password)}, ${role})
    on conflict (lower(email)) do update set password_hash = excluded.password_hash, role = excluded.role, disabled_at = null`;
}
