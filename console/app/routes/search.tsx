// Search of published films by title, poet or line, in either script.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '../components/chrome.js';
import { FilmTiles } from '../components/film-tiles.js';
import { searchFilms } from '../gallery.server.js';
import { useT } from '../i18n.js';
import { db } from '../services.server.js';

export const meta: MetaFunction = () => [{ title: '搜索 Search | 诗影 Shiying' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  return { q, films: q ? await searchFilms(db(), q) : null };
}

export default function Search() {
  const { q, films } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main>
      <h1>{t('search.title')}</h1>
      <Form method="get" className="search-form" role="search">
        <input type="search" name="q" defaultValue={q} placeholder={t('search.placeholder')} aria-label={t('search.placeholder')} maxLength={100} />
        <button type="submit" className="primary">
          {t('search.submit')}
        </button>
      </Form>
      {films === null ? null : films.length === 0 ? (
        <p className="muted">{t('search.none')}</p>
      ) : (
        <>
          <p className="muted small">{t('search.results', { count: films.length })}</p>
          <FilmTiles films={films} />
        </>
      )}
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
