// Audio sync: from each line's measured narration, the film's timeline — every shot's final
// length in whole frames (its lines' narration plus breathing room), where each line's voice
// starts in the film, when each character of the subtitles appears, and the subtitle cues.
// Pure: the same measurements always give the same timeline.
import type { ShotPlan } from '../../prompts/shot-plan.js';

export interface SyncSettings {
  /** Silence before a shot's first line (must exceed half a cross-fade). */
  leadInSec: number;
  /** Pause between two lines in the same shot. */
  lineGapSec: number;
  /** Breathing room after a shot's last line. */
  tailSec: number;
  minShotSec: number;
  /** Length of the cross-fade between shots (rounded to an even number of frames). */
  crossfadeSec: number;
  /** How long one subtitle character takes to fade in. */
  charFadeSec: number;
}

export const DEFAULT_SYNC: SyncSettings = {
  leadInSec: 0.75,
  lineGapSec: 0.55,
  tailSec: 1.25,
  minShotSec: 3,
  crossfadeSec: 0.5,
  charFadeSec: 0.45,
};

export interface LineNarration {
  line: number;
  /** Spoken text of the line (the characters shown in the subtitles). */
  text: string;
  durationSec: number;
  /** Character offsets after which the reciter pauses (the caesura), for character timing. */
  pauses: number[];
}

export interface TimedLine {
  line: number;
  text: string;
  translation: string | undefined;
  /** Voice start, seconds from the shot's nominal start. */
  startSec: number;
  durationSec: number;
  /** Voice start, seconds from the film's start. */
  filmStartSec: number;
  /** When each character of the line appears (shot-local seconds). */
  charTimes: number[];
}

export interface ShotTiming {
  index: number;
  /** Nominal length in frames (cross-fades are centred on the boundaries). */
  frames: number;
  durationSec: number;
  /** Film frame where the shot's nominal start lies. */
  startFrame: number;
  startSec: number;
  lines: TimedLine[];
}

export interface Cue {
  startSec: number;
  endSec: number;
  text: string;
}

export interface FilmTimeline {
  fps: number;
  /** Frames in each cross-fade (even); half of it lies before each boundary, half after. */
  crossfadeFrames: number;
  totalFrames: number;
  durationSec: number;
  shots: ShotTiming[];
  cues: Cue[];
}

const PUNCTUATION = /[，。！？；、：,.!?;:｜|\s“”"'‘’（）()《》]/gu;

/** The characters of a line as shown and recited (punctuation and pause marks removed). */
export function lineChars(text: string): string[] {
  return [...text.replace(PUNCTUATION, '')];
}

/**
 * When each character appears, spread over the spoken span, with the caesura's pause taken out:
 * characters after a pause start a little later, as the voice does.
 */
export function characterTimes(startSec: number, durationSec: number, count: number, pauses: number[]): number[] {
  if (count === 0) return [];
  const pauseWeight = 0.8; // a pause lasts about as long as most of a syllable
  const slots = count + pauses.filter((p) => p > 0 && p < count).length * pauseWeight;
  const slot = durationSec / slots;
  const times: number[] = [];
  let at = startSec;
  for (let i = 0; i < count; i++) {
    if (pauses.includes(i) && i > 0) at += slot * pauseWeight;
    times.push(Math.round(at * 1000) / 1000);
    at += slot;
  }
  return times;
}

export function buildTimeline(plan: ShotPlan, narration: LineNarration[], settings: SyncSettings = DEFAULT_SYNC): FilmTimeline {
  const fps = plan.style.fps;
  const half = Math.max(1, Math.round((settings.crossfadeSec * fps) / 2));
  const crossfadeFrames = half * 2;
  if (settings.leadInSec * fps <= half) throw new Error('lead-in must be longer than half a cross-fade');
  const byLine = new Map(narration.map((n) => [n.line, n]));
  let startFrame = half; // the film opens with half a cross-fade from blank paper
  const shots: ShotTiming[] = [];
  const cues: Cue[] = [];
  for (const shot of plan.shots) {
    const lines: TimedLine[] = [];
    let t = settings.leadInSec;
    shot.lineIndexes.forEach((lineIndex, k) => {
      const voice = byLine.get(lineIndex);
      if (!voice) throw new Error(`no narration for line ${lineIndex} (shot ${shot.index})`);
      if (k > 0) t += settings.lineGapSec;
      const chars = lineChars(voice.text);
      lines.push({
        line: lineIndex,
        text: chars.join(''),
        translation: translationFor(shot.narration.translation, k, shot.lineIndexes.length),
        startSec: round3(t),
        durationSec: voice.durationSec,
        filmStartSec: 0, // set below, once the shot's start is known
        charTimes: characterTimes(t, voice.durationSec, chars.length, voice.pauses),
      });
      t += voice.durationSec;
    });
    const seconds = Math.max(settings.minShotSec, t + settings.tailSec);
    const frames = Math.ceil(seconds * fps - 1e-9);
    const startSec = startFrame / fps;
    for (const line of lines) {
      line.filmStartSec = round3(startSec + line.startSec);
      cues.push({
        startSec: line.filmStartSec,
        endSec: round3((startFrame + frames) / fps),
        text: line.translation ? `${line.text}\n${line.translation}` : line.text,
      });
    }
    shots.push({ index: shot.index, frames, durationSec: frames / fps, startFrame, startSec: round3(startSec), lines });
    startFrame += frames;
  }
  const totalFrames = startFrame + half;
  return { fps, crossfadeFrames, totalFrames, durationSec: totalFrames / fps, shots, cues };
}

/** A shot's translation, split across its lines when it covers several (at sentence breaks). */
export function translationFor(translation: string | undefined, k: number, lineCount: number): string | undefined {
  if (!translation) return undefined;
  if (lineCount === 1) return translation.trim();
  const parts = translation.split(/(?<=[,;.!?，；。！？])\s+/u).filter(Boolean);
  if (parts.length === lineCount) return parts[k]!.trim();
  return k === 0 ? translation.trim() : undefined;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
