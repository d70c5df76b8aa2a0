// The public gallery: a vertical feed of published films, one a screen (scroll-snap). The film
// on screen plays muted (tap to unmute); the next one is fetched ahead; ↑/↓ (or j/k) move.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FilmPlayer, type FilmView } from '../components/film-player.js';
import { galleryFeed, galleryFrontPage, type FeedPage } from '../gallery.server.js';
import { useT } from '../i18n.js';
import { ErrorView, type RouteHandle } from '../components/chrome.js';
import { db } from '../services.server.js';

export const handle: RouteHandle = { immersive: true };

export const meta: MetaFunction = () => [
  { title: '诗影 Shiying · 画廊' },
  { name: 'description', content: '古典诗词，水墨成影，吟诵成声。Classical Chinese poems as short narrated films.' },
  { property: 'og:title', content: '诗影 Shiying' },
  { property: 'og:type', content: 'website' },
];

export async function loader({ request }: LoaderFunctionArgs): Promise<FeedPage> {
  const after = new URL(request.url).searchParams.get('after');
  return after ? galleryFeed(db(), after) : galleryFrontPage(db());
}

export default function Gallery() {
  const first = useLoaderData<typeof loader>();
  const t = useT();
  const [films, setFilms] = useState<FilmView[]>(first.films);
  const [next, setNext] = useState<string | null>(first.next);
  const [active, setActive] = useState(0);
  const [muted, setMuted] = useState(true);
  const feed = useRef<HTMLDivElement>(null);
  const more = useFetcher<typeof loader>();

  // A fresh first page (revalidation after a toggle) replaces the list.
  useEffect(() => {
    setFilms(first.films);
    setNext(first.next);
  }, [first]);

  useEffect(() => {
    if (more.data) {
      const page = more.data;
      setFilms((shown) => [...shown, ...page.films.filter((film) => !shown.some((s) => s.slug === film.slug))]);
      setNext(page.next);
    }
  }, [more.data]);

  // The film most on screen is the active one.
  useEffect(() => {
    const root = feed.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting && entry.intersectionRatio >= 0.6) setActive(Number((entry.target as HTMLElement).dataset.index));
        }
      },
      { root, threshold: [0.6] },
    );
    root.querySelectorAll('[data-index]').forEach((item) => observer.observe(item));
    return () => observer.disconnect();
  }, [films.length]);

  // Fetch the next page when the visitor nears the end (once per cursor).
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (next && active >= films.length - 2 && requested.current !== next) {
      requested.current = next;
      more.load(`/?index&after=${encodeURIComponent(next)}`);
    }
  });

  const go = useCallback(
    (delta: number) => {
      const target = Math.max(0, Math.min(films.length - 1, active + delta));
      feed.current?.querySelector(`[data-index="${target}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
    [active, films.length],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.metaKey || event.ctrlKey) return;
      if (event.key === 'ArrowDown' || event.key === 'j' || event.key === 'PageDown') {
        event.preventDefault();
        go(1);
      } else if (event.key === 'ArrowUp' || event.key === 'k' || event.key === 'PageUp') {
        event.preventDefault();
        go(-1);
      } else if (event.key === 'm') {
        setMuted((value) => !value);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  if (films.length === 0) {
    return (
      <main className="feed-empty">
        <div>
          <h1>诗影</h1>
          <p>{t('site.tagline')}</p>
          <p>{t('gallery.empty')}</p>
        </div>
      </main>
    );
  }

  return (
    <main className="feed" ref={feed} aria-label={t('gallery.feed')} data-testid="feed">
      {films.map((film, index) => (
        <section key={film.slug} className="feed-item" data-index={index} data-testid="feed-item" data-slug={film.slug} aria-roledescription="film">
          <FilmPlayer
            film={film}
            variant="feed"
            active={index === active}
            load={Math.abs(index - active) <= 1}
            muted={muted}
            onToggleMute={() => setMuted((value) => !value)}
            priority={index === 0}
          />
        </section>
      ))}
      <p className="feed-hint">{t('gallery.keys')}</p>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorView />;
}
