// A film page: the film with its poem, share link, credits and OpenGraph/Twitter cards.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { joinLines } from '../constants.js';
import { FilmPlayer } from '../components/film-player.js';
import { FilmTiles } from '../components/film-tiles.js';
import { filmBySlug, filmsByPoet } from '../gallery.server.js';
import { useScript, useT } from '../i18n.js';
import { ErrorView } from '../components/chrome.js';
import { db } from '../services.server.js';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const slug = params.slug ?? '';
  const film = await filmBySlug(db(), slug);
  if (!film) throw new Response('没有这部影片 / There is no such film.', { status: 404, statusText: 'Not Found' });
  const more = (await filmsByPoet(db(), film.author)).filter((other) => other.slug !== film.slug).slice(0, 6);
  const origin = new URL(request.url).origin;
  return { film, more, origin, url: `${origin}/p/${encodeURIComponent(film.slug)}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: '诗影 Shiying' }];
  const { film, origin, url } = data;
  const title = `${film.title} · ${film.author} | 诗影 Shiying`;
  const description = `${film.dynasty} · ${film.author}：${joinLines(film.lines.slice(0, 2)).replace(/[\p{P}]$/u, '')}……`;
  const image = `${origin}${film.poster}`;
  return [
    { title },
    { name: 'description', content: description },
    { tagName: 'link', rel: 'canonical', href: url },
    { property: 'og:type', content: 'video.other' },
    { property: 'og:site_name', content: '诗影 Shiying' },
    { property: 'og:title', content: `${film.title} · ${film.author}` },
    { property: 'og:description', content: description },
    { property: 'og:url', content: url },
    { property: 'og:image', content: image },
    { property: 'og:video', content: `${origin}${film.film}` },
    { property: 'og:video:type', content: 'video/mp4' },
    { name: 'twitter:card', content: 'summary_large_image' },
    { name: 'twitter:title', content: `${film.title} · ${film.author}` },
    { name: 'twitter:description', content: description },
    { name: 'twitter:image', content: image },
  ];
};

export default function FilmPage() {
  const { film, more, url } = useLoaderData<typeof loader>();
  const t = useT();
  const script = useScript();
  const [muted, setMuted] = useState(true);
  const [copied, setCopied] = useState(false);
  const author = script === 'hant' ? film.authorTraditional : film.author;
  return (
    <main>
      <FilmPlayer film={film} variant="page" active load muted={muted} onToggleMute={() => setMuted(!muted)} priority />
      <section className="share-link">
        <label htmlFor="share-url" className="small">
          {t('gallery.share')}
        </label>
        <input id="share-url" type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} data-testid="share-url" />
        <button
          type="button"
          className="secondary"
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('gallery.copied') : t('gallery.share')}
        </button>
      </section>
      <h2>{t('film.credits')}</h2>
      <dl className="credits">
        <dt>{t('film.poet')}</dt>
        <dd>
          <Link to={`/poets/${encodeURIComponent(film.author)}`}>{author}</Link>（{film.dynasty}）
        </dd>
        <dt>{t('film.provider')}</dt>
        <dd>{film.credits.provider || t('common.unknown')}</dd>
        {film.credits.reviewers.length > 0 ? (
          <>
            <dt>{t('film.reviewers')}</dt>
            <dd>{film.credits.reviewers.join('、')}</dd>
          </>
        ) : null}
        <dt />
        <dd className="muted small">{t('film.published', { date: film.publishedAt.slice(0, 10) })}</dd>
      </dl>
      {more.length > 0 ? (
        <>
          <h2>{t('film.moreBy', { author })}</h2>
          <FilmTiles films={more} />
        </>
      ) : null}
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
