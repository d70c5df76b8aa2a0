// GET /p/:slug/pinyin: pinyin of a published film's lines, fetched when a visitor asks for it.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { filmBySlug, pinyinOfLines } from '../gallery.server.js';
import { db } from '../services.server.js';

export async function loader({ params }: LoaderFunctionArgs) {
  const film = await filmBySlug(db(), params.slug ?? '');
  if (!film) throw new Response('Not Found', { status: 404 });
  return Response.json({ lines: pinyinOfLines(film.lines) }, { headers: { 'Cache-Control': 'public, max-age=3600' } });
}
