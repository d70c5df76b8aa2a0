// A poet's published films (and a short biography where the corpus has one).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '../components/chrome.js';
import { FilmTiles } from '../components/film-tiles.js';
import { filmsByPoet, poetBio } from '../gallery.server.js';
import { useScript, useT } from '../i18n.js';
import { db } from '../services.server.js';

export async function loader({ params }: LoaderFunctionArgs) {
  const name = (params.name ?? '').trim().slice(0, 100);
  const films = name ? await filmsByPoet(db(), name) : [];
  if (films.length === 0) throw new Response('这位诗人还没有已发布的影片 / This poet has no published films.', { status: 404, statusText: 'Not Found' });
  const first = films[0]!;
  const bio = await poetBio(db(), first.author, first.dynasty);
  return { name: first.author, nameTraditional: first.authorTraditional, dynasty: first.dynasty, films, bio };
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.name}（${data.dynasty}） | 诗影 Shiying` }, { name: 'description', content: `${data.dynasty} · ${data.name}` }] : [{ title: '诗影 Shiying' }];

export default function Poet() {
  const { name, nameTraditional, dynasty, films, bio } = useLoaderData<typeof loader>();
  const t = useT();
  const script = useScript();
  return (
    <main>
      <h1>
        {script === 'hant' ? nameTraditional : name} <span className="muted small">{dynasty}</span>
      </h1>
      {bio ? <p className="muted">{(script === 'hant' ? bio.bioTraditional : bio.bio).slice(0, 600)}</p> : null}
      <p className="muted small">{t('poet.films', { count: films.length })}</p>
      <FilmTiles films={films} />
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
