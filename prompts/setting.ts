// Setting of each line — time of day, season, weather, kind of place, named place — from the
// hints of its images (月 → night, 柳 → spring, 舟 → river) and from cue words that are not images
// (暮, 秋, 晴). A line that says nothing inherits the scene before it (continuity), then the scene
// after it, so 朝辞白帝彩云间 keeps its morning for the three lines that follow.
import { readFileSync } from 'node:fs';
import type { ExtractedImage } from './imagery.js';

export type TimeOfDayValue = 'dawn' | 'morning' | 'noon' | 'afternoon' | 'dusk' | 'night' | 'unspecified';
export type SeasonValue = 'spring' | 'summer' | 'autumn' | 'winter' | 'unspecified';

export interface Setting {
  timeOfDay: TimeOfDayValue;
  season: SeasonValue;
  weather: string;
  place: string;
  placeName?: string;
}

interface CueData {
  season: Record<string, string[]>;
  timeOfDay: Record<string, string[]>;
  weather: Record<string, string[]>;
}

const cueData = JSON.parse(readFileSync(new URL('./data/setting-cues.json', import.meta.url), 'utf8')) as CueData;

type Dimension = 'season' | 'timeOfDay' | 'weather';

function cueList(table: Record<string, string[]>): [string, string][] {
  return Object.entries(table)
    .flatMap(([value, words]) => words.map((word): [string, string] => [word, value]))
    .sort((a, b) => b[0].length - a[0].length);
}

const CUES: Record<Dimension, [string, string][]> = {
  season: cueList(cueData.season),
  timeOfDay: cueList(cueData.timeOfDay),
  weather: cueList(cueData.weather),
};

interface Vote {
  value: string;
  weight: number;
  position: number;
}

/** Cue words in a line for one dimension (longest first, characters used once). */
function cueVotes(line: string, dimension: Dimension): Vote[] {
  const votes: Vote[] = [];
  const used = new Array<boolean>(line.length).fill(false);
  for (const [word, value] of CUES[dimension]) {
    let from = line.indexOf(word);
    while (from !== -1) {
      if (!used.slice(from, from + word.length).some(Boolean)) {
        for (let k = from; k < from + word.length; k++) used[k] = true;
        votes.push({ value, weight: 2, position: from });
      }
      from = line.indexOf(word, from + word.length);
    }
  }
  return votes;
}

/** The winning vote: highest weight, then the latest in the line (the verse ends on its focus). */
function winner(votes: Vote[]): string | undefined {
  let best: Vote | undefined;
  for (const vote of votes) {
    if (!best || vote.weight > best.weight || (vote.weight === best.weight && vote.position >= best.position)) best = vote;
  }
  return best?.value;
}

/** What one line says about its setting, before continuity fills the gaps. */
export function settingOfLine(line: string, images: readonly ExtractedImage[]): Partial<Setting> {
  const imageVotes = (pick: (image: ExtractedImage) => string | undefined, weight: (image: ExtractedImage) => number): Vote[] =>
    images.flatMap((image) => {
      const value = pick(image);
      return value ? [{ value, weight: weight(image), position: image.start }] : [];
    });
  // The sky tells the hour better than a creature does (月落乌啼: the moon's night, not the crows' dusk).
  const timeOfDay = winner([...cueVotes(line, 'timeOfDay'), ...imageVotes((image) => image.entry?.time, (image) => (image.category === 'sky' ? 1.2 : 0.8))]);
  const season = winner([...cueVotes(line, 'season'), ...imageVotes((image) => image.entry?.season, () => 1)]);
  const weather = winner([...imageVotes((image) => image.entry?.weather, () => 1.5), ...cueVotes(line, 'weather').map((vote) => ({ ...vote, weight: 1 }))]);
  const place = winner(imageVotes((image) => image.entry?.place, (image) => (image.category === 'place' ? 2 : image.scale === 'vast' || image.scale === 'flowing' ? 1.5 : 1)));
  const named = images.find((image) => image.category === 'place' || (image.source === 'fallback' && image.motif === 'mountain' && image.scale === 'vast'));
  const result: Partial<Setting> = {};
  if (timeOfDay) result.timeOfDay = timeOfDay as TimeOfDayValue;
  if (season) result.season = season as SeasonValue;
  if (weather) result.weather = weather;
  if (place) result.place = place;
  if (named) result.placeName = named.term;
  return result;
}

/** How far ahead a line that says nothing may look for its setting. */
const LOOK_AHEAD_LINES = 2;

/**
 * Settings of all lines with continuity: a line that does not say inherits from the nearest line
 * before it that does, else from one of the next LOOK_AHEAD_LINES lines; `unspecified` otherwise.
 */
export function settingsOfPoem(partials: readonly Partial<Setting>[]): Setting[] {
  const fill = <K extends keyof Setting>(key: K, fallback: Setting[K]): Setting[K][] => {
    const own = partials.map((partial) => partial[key]);
    return own.map((value, i) => {
      if (value !== undefined) return value;
      for (let k = i - 1; k >= 0; k--) {
        const before = own[k];
        if (before !== undefined) return before;
      }
      // Borrow from the lines just after (the opening of a poem often names its hour a line later).
      for (let k = i + 1; k < Math.min(own.length, i + 1 + LOOK_AHEAD_LINES); k++) {
        const after = own[k];
        if (after !== undefined) return after;
      }
      return fallback;
    }) as Setting[K][];
  };
  const timeOfDay = fill('timeOfDay', 'unspecified');
  const season = fill('season', 'unspecified');
  const weather = fill('weather', 'unspecified');
  const place = fill('place', 'unspecified');
  return partials.map((partial, i) => ({
    timeOfDay: timeOfDay[i] ?? 'unspecified',
    season: season[i] ?? 'unspecified',
    weather: weather[i] ?? 'unspecified',
    place: place[i] ?? 'unspecified',
    ...(partial.placeName ? { placeName: partial.placeName } : {}),
  }));
}
