// Showing a shot plan: the poem with every image's words marked (so each visual traces back to
// the characters that asked for it), imagery chips that link to those characters, and a shot's
// camera, setting, prompt and narration.
import { Fragment } from 'react';
import { useT } from '../i18n.js';

export interface ImageryMark {
  term: string;
  visual: string;
  symbolism?: string;
  line: number;
  start: number;
  end: number;
}

export interface PlanShot {
  index: number;
  lineIndexes: number[];
  text: string;
  imagery: ImageryMark[];
  setting: { timeOfDay: string; season: string; weather: string; place: string; placeName?: string };
  camera: { move: string; shotSize: string };
  mood: string;
  prompt: string;
  promptZh?: string;
  narration: { recite: string; paraphrase?: string; translation?: string };
  durationSec: number;
}

export function markId(scope: string, item: { line: number; start: number }): string {
  return `${scope}-mark-${item.line}-${item.start}`;
}

/** The poem's lines with imagery terms marked; `display` lines may be Traditional (same offsets). */
export function PoemWithImagery({ lines, imagery, scope }: { lines: string[]; imagery: ImageryMark[]; scope: string }) {
  return (
    <div className="poem-text" data-testid="poem-text">
      {lines.map((line, lineIndex) => {
        const chars = [...line];
        const marks = imagery
          .filter((item) => item.line === lineIndex && item.start < item.end && item.end <= chars.length)
          .sort((a, b) => a.start - b.start || b.end - a.end);
        const parts: JSX.Element[] = [];
        let at = 0;
        for (const mark of marks) {
          if (mark.start < at) continue; // overlapping image: the longer, earlier one is shown
          if (mark.start > at) parts.push(<Fragment key={`t${at}`}>{chars.slice(at, mark.start).join('')}</Fragment>);
          parts.push(
            <mark key={`m${mark.start}`} id={markId(scope, mark)} className="imagery" title={`${mark.term}: ${mark.visual}${mark.symbolism ? ` — ${mark.symbolism}` : ''}`} data-testid="imagery-mark">
              {chars.slice(mark.start, mark.end).join('')}
            </mark>,
          );
          at = mark.end;
        }
        if (at < chars.length) parts.push(<Fragment key={`t${at}`}>{chars.slice(at).join('')}</Fragment>);
        return (
          <span className="line" key={lineIndex}>
            {parts}
          </span>
        );
      })}
    </div>
  );
}

export function ImageryChips({ items, scope, notDrawn = [] }: { items: ImageryMark[]; scope: string; notDrawn?: string[] }) {
  return (
    <ul className="chips" data-testid="imagery-chips">
      {items.map((item) => (
        <li key={`${item.line}-${item.start}`}>
          <a href={`#${markId(scope, item)}`} className={notDrawn.includes(item.term) ? 'chip not-drawn' : 'chip'} title={item.visual} data-testid="imagery-chip">
            {item.term} <small>{item.visual}</small>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function ShotDetails({ shot }: { shot: PlanShot }) {
  const t = useT();
  const setting = [shot.setting.timeOfDay, shot.setting.season, shot.setting.weather, shot.setting.place, shot.setting.placeName]
    .filter((part) => part && part !== 'unspecified')
    .join(' · ');
  return (
    <dl>
      <dt>{t('poem.camera')}</dt>
      <dd>
        {shot.camera.move} · {shot.camera.shotSize} · {shot.durationSec.toFixed(1)}s
      </dd>
      {setting ? (
        <>
          <dt>{t('poem.setting')}</dt>
          <dd>{setting}</dd>
        </>
      ) : null}
      <dt>{t('poem.mood')}</dt>
      <dd>{shot.mood}</dd>
      <dt>{t('poem.narration')}</dt>
      <dd>
        {shot.narration.recite}
        {shot.narration.translation ? (
          <>
            <br />
            <span className="muted small" lang="en">
              {shot.narration.translation}
            </span>
          </>
        ) : null}
      </dd>
      <dt>{t('poem.prompt')}</dt>
      <dd className="prompt" lang="en" data-testid="shot-prompt">
        {shot.prompt}
      </dd>
    </dl>
  );
}
