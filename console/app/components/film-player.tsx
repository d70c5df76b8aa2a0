// One film: poster first, the video once it is (nearly) on screen, and the poem beside it with
// the line being recited highlighted from the film's WebVTT cues. Used by the feed and film page.
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { parseWebVtt } from '../../../activities/subtitles/vtt.js';
import { useScript, useT } from '../i18n.js';

export interface FilmView {
  slug: string;
  title: string;
  titleTraditional: string;
  author: string;
  authorTraditional: string;
  dynasty: string;
  lines: string[];
  linesTraditional: string[];
  /** English translation by line: each shot's translation at the last line it covers ('' elsewhere). */
  translation: string[] | null;
  film: string;
  poster: string;
  vtt: string;
  durationSec: number;
  aspect: '9:16' | '16:9';
}

interface Cue {
  startSec: number;
  endSec: number;
  text: string;
}

const PUNCTUATION = /[\p{P}\p{S}\s]/gu;

/** For each cue, the poem line it recites: by text when it can tell, by position otherwise. */
export function linesOfCues(cues: Cue[], lines: string[], linesTraditional: string[]): number[] {
  const keys = lines.map((line) => line.replace(PUNCTUATION, ''));
  const keysTraditional = linesTraditional.map((line) => line.replace(PUNCTUATION, ''));
  let cursor = 0;
  return cues.map((cue, i) => {
    const text = cue.text.replace(PUNCTUATION, '');
    for (let line = cursor; line < keys.length; line++) {
      if (text !== '' && (text.includes(keys[line]!) || text.includes(keysTraditional[line] ?? '\u0000') || keys[line]!.includes(text))) {
        cursor = line;
        return line;
      }
    }
    if (cues.length === lines.length) return i;
    return Math.min(lines.length - 1, Math.floor((i * lines.length) / Math.max(1, cues.length)));
  });
}

export function useCurrentLine(video: React.RefObject<HTMLVideoElement>, vttUrl: string, load: boolean, lines: string[], linesTraditional: string[]) {
  const [cues, setCues] = useState<Cue[] | null>(null);
  const [current, setCurrent] = useState(-1);
  useEffect(() => {
    if (!load || cues) return;
    let cancelled = false;
    fetch(vttUrl)
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => {
        if (!cancelled) setCues(parseWebVtt(text));
      })
      .catch(() => {
        if (!cancelled) setCues([]);
      });
    return () => {
      cancelled = true;
    };
  }, [load, vttUrl, cues]);
  const cueLines = useMemo(() => (cues ? linesOfCues(cues, lines, linesTraditional) : []), [cues, lines, linesTraditional]);
  useEffect(() => {
    const element = video.current;
    if (!element || !cues) return;
    const update = () => {
      const t = element.currentTime;
      const index = cues.findIndex((cue) => t >= cue.startSec && t < cue.endSec);
      setCurrent(index < 0 ? -1 : (cueLines[index] ?? -1));
    };
    element.addEventListener('timeupdate', update);
    element.addEventListener('seeked', update);
    update();
    return () => {
      element.removeEventListener('timeupdate', update);
      element.removeEventListener('seeked', update);
    };
  }, [video, cues, cueLines]);
  return current;
}

export function PoemLines({
  lines,
  current,
  pinyin,
  translation,
}: {
  lines: string[];
  current: number;
  pinyin?: string[][] | null;
  translation?: string[] | null;
}) {
  return (
    <ol className="poem-lines" data-testid="poem-lines">
      {lines.map((line, i) => (
        <li key={i} className={i === current ? 'current' : undefined} data-testid="poem-line" data-current={i === current ? 'true' : 'false'} aria-current={i === current ? 'true' : undefined}>
          {pinyin?.[i] ? <RubyLine line={line} readings={pinyin[i]!} /> : line}
          {translation?.[i] ? (
            <span className="translation" lang="en">
              {translation[i]}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function RubyLine({ line, readings }: { line: string; readings: string[] }) {
  let next = 0;
  return (
    <>
      {[...line].map((char, i) =>
        /\p{Script=Han}/u.test(char) ? (
          <ruby key={i}>
            {char}
            <rt>{readings[next++] ?? ''}</rt>
          </ruby>
        ) : (
          <span key={i}>{char}</span>
        ),
      )}
    </>
  );
}

export function FilmPlayer({
  film,
  variant,
  active,
  load,
  muted,
  onToggleMute,
  priority = false,
}: {
  film: FilmView;
  variant: 'feed' | 'page';
  /** On screen: plays (muted until the visitor unmutes). */
  active: boolean;
  /** Near the screen: the video source and cues are fetched. */
  load: boolean;
  muted: boolean;
  onToggleMute: () => void;
  /** The first film on a page: its poster is the largest paint, so fetch it first. */
  priority?: boolean;
}) {
  const t = useT();
  const script = useScript();
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);
  const [showPinyin, setShowPinyin] = useState(false);
  const [showTranslation, setShowTranslation] = useState(false);
  const [copied, setCopied] = useState(false);
  const pinyin = useFetcher<{ lines: string[][] }>();
  const lines = script === 'hant' ? film.linesTraditional : film.lines;
  const title = script === 'hant' ? film.titleTraditional : film.title;
  const author = script === 'hant' ? film.authorTraditional : film.author;
  const current = useCurrentLine(video, film.vtt, load, film.lines, film.linesTraditional);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.muted = muted;
  }, [muted, load]);

  useEffect(() => {
    const element = video.current;
    if (!element || !load) return;
    if (active) {
      element.muted = muted;
      element.play().catch(() => {
        // Autoplay refused (unmuted without a gesture): fall back to muted playback.
        element.muted = true;
        element.play().catch(() => {});
      });
    } else {
      element.pause();
    }
    // `muted` is applied by the effect above: re-running this one on unmute would restart playback.
  }, [active, load]);

  const togglePinyin = () => {
    if (!showPinyin && !pinyin.data && pinyin.state === 'idle') pinyin.load(`/p/${encodeURIComponent(film.slug)}/pinyin`);
    setShowPinyin(!showPinyin);
  };

  const share = async () => {
    const url = `${window.location.origin}/p/${encodeURIComponent(film.slug)}`;
    try {
      if (navigator.share && variant === 'feed') await navigator.share({ title: `${title} · ${author}`, url });
      else await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // the visitor closed the share sheet
    }
  };

  const landscape = film.aspect === '16:9';
  const media = (
    <div className={landscape ? 'feed-media landscape' : 'feed-media'}>
      <img src={film.poster} alt={`${title} · ${author}`} {...(priority ? { fetchPriority: 'high' } : { loading: 'lazy' })} decoding="async" />
      <video
        ref={video}
        data-testid="film-video"
        className={ready ? 'ready' : undefined}
        src={load ? film.film : undefined}
        poster={film.poster}
        preload={load ? 'auto' : 'none'}
        muted
        playsInline
        loop={variant === 'feed'}
        controls={variant === 'page'}
        onPlaying={() => setReady(true)}
        onClick={variant === 'feed' ? onToggleMute : undefined}
        aria-label={`${title} · ${author}`}
      />
      {variant === 'feed' && active && muted ? (
        <button type="button" className="unmute-hint" onClick={onToggleMute} data-testid="unmute">
          {t('gallery.unmute')}
        </button>
      ) : null}
    </div>
  );

  const controls = (
    <>
      <button type="button" onClick={togglePinyin} aria-pressed={showPinyin} data-testid="pinyin-toggle">
        {t('gallery.pinyin')}
      </button>
      {film.translation && film.translation.length > 0 ? (
        <button type="button" onClick={() => setShowTranslation(!showTranslation)} aria-pressed={showTranslation}>
          {t('gallery.translation')}
        </button>
      ) : null}
      {variant === 'feed' ? (
        <button type="button" onClick={share}>
          {copied ? t('gallery.copied') : t('gallery.share')}
        </button>
      ) : null}
    </>
  );

  const poem = (
    <PoemLines
      lines={lines}
      current={current}
      pinyin={showPinyin ? (pinyin.data?.lines ?? null) : null}
      translation={showTranslation ? film.translation : null}
    />
  );

  if (variant === 'page') {
    return (
      <div className="film-page">
        {media}
        <div>
          <h1 className="film-title" lang={script === 'hant' ? 'zh-Hant' : 'zh-Hans'}>
            {title}
          </h1>
          <p className="muted">
            {t('gallery.by', { dynasty: film.dynasty, author: '' }).trim()}{' '}
            <Link to={`/poets/${encodeURIComponent(film.author)}`}>{author}</Link>
          </p>
          {poem}
          <div className="film-controls">{controls}</div>
        </div>
      </div>
    );
  }
  return (
    <>
      {media}
      <div className="feed-text">
        <h2 className="feed-title">
          <Link to={`/p/${encodeURIComponent(film.slug)}`}>{title}</Link>
        </h2>
        <p className="feed-byline">
          {film.dynasty} · <Link to={`/poets/${encodeURIComponent(film.author)}`}>{author}</Link>
        </p>
        {poem}
      </div>
      <div className="feed-actions">{controls}</div>
    </>
  );
}
