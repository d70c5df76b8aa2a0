// A grid of published films (poster, title, poet), for poet pages, search and "more by".
import { Link } from '@remix-run/react';
import { useScript } from '../i18n.js';

export function FilmTiles({ films }: { films: { slug: string; title: string; titleTraditional: string; author: string; authorTraditional: string; dynasty: string; poster: string; aspect: string }[] }) {
  const script = useScript();
  return (
    <div className="tiles">
      {films.map((film) => (
        <Link key={film.slug} to={`/p/${encodeURIComponent(film.slug)}`} className={film.aspect === '16:9' ? 'tile landscape' : 'tile'} data-testid="film-tile">
          <img src={film.poster} alt="" loading="lazy" />
          <p className="tile-title">{script === 'hant' ? film.titleTraditional : film.title}</p>
          <p className="tile-sub">
            {film.dynasty} · {script === 'hant' ? film.authorTraditional : film.author}
          </p>
        </Link>
      ))}
    </div>
  );
}
