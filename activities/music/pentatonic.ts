// The music bed as a score: sparse notes of a Chinese pentatonic mode (宫 商 角 徵 羽), on a
// plucked guqin-like string or a breathy xiao-like flute, chosen by the poem's mood; slow and
// quiet, to sit under the voice. Pure and seeded: the same mood, length and seed, the same score.
import { createRng } from '../render/random.js';

export type Instrument = 'guqin' | 'xiao';
export type Mode = 'gong' | 'shang' | 'jue' | 'zhi' | 'yu';

export interface Note {
  atSec: number;
  durationSec: number;
  /** Hz */
  frequency: number;
  gain: number;
}

export interface Score {
  instrument: Instrument;
  mode: Mode;
  /** How long every note sounds (a plucked string decays within it; a flute note fades out). */
  noteSec: number;
  notes: Note[];
  durationSec: number;
}

/** Semitone offsets of each mode's five degrees above its tonic. */
export const MODES: Record<Mode, number[]> = {
  gong: [0, 2, 4, 7, 9],
  shang: [0, 2, 5, 7, 10],
  jue: [0, 3, 5, 8, 10],
  zhi: [0, 2, 5, 7, 9],
  yu: [0, 3, 5, 7, 10],
};

interface MoodMusic {
  mode: Mode;
  instrument: Instrument;
  /** Seconds between notes (min, max). */
  spacing: [number, number];
  tonic: number;
  /** Low tonic notes under the melody now and then (a ground for the sadder moods). */
  ground: boolean;
}

const BY_MOOD: Record<string, MoodMusic> = {
  lonely: { mode: 'yu', instrument: 'xiao', spacing: [1.6, 2.6], tonic: 220, ground: true },
  desolate: { mode: 'yu', instrument: 'xiao', spacing: [1.8, 3], tonic: 196, ground: true },
  melancholy: { mode: 'yu', instrument: 'guqin', spacing: [1.4, 2.4], tonic: 196, ground: true },
  longing: { mode: 'yu', instrument: 'xiao', spacing: [1.5, 2.5], tonic: 220, ground: false },
  sorrowful: { mode: 'jue', instrument: 'xiao', spacing: [1.6, 2.6], tonic: 196, ground: true },
  serene: { mode: 'gong', instrument: 'guqin', spacing: [1.2, 2], tonic: 196, ground: false },
  tranquil: { mode: 'gong', instrument: 'guqin', spacing: [1.4, 2.2], tonic: 196, ground: false },
  joyful: { mode: 'zhi', instrument: 'guqin', spacing: [0.6, 1.1], tonic: 262, ground: false },
  heroic: { mode: 'shang', instrument: 'guqin', spacing: [0.8, 1.4], tonic: 147, ground: true },
  nostalgic: { mode: 'yu', instrument: 'guqin', spacing: [1.4, 2.2], tonic: 220, ground: false },
};

export function musicForMood(mood: string): MoodMusic {
  const key = mood.toLowerCase();
  return BY_MOOD[key] ?? BY_MOOD[Object.keys(BY_MOOD).find((k) => key.includes(k)) ?? 'serene']!;
}

export function frequencyOf(tonic: number, semitones: number): number {
  return Math.round(tonic * Math.pow(2, semitones / 12) * 100) / 100;
}

/** The pitches a mode offers over two octaves from its tonic. */
export function scaleFrequencies(mode: Mode, tonic: number): number[] {
  const degrees = MODES[mode];
  return [0, 12].flatMap((octave) => degrees.map((d) => frequencyOf(tonic, d + octave)));
}

export function composeBed(mood: string, durationSec: number, seed: number): Score {
  const music = musicForMood(mood);
  const rng = createRng(seed);
  const pitches = scaleFrequencies(music.mode, music.tonic);
  const noteSec = music.instrument === 'xiao' ? 2.4 : 3;
  const notes: Note[] = [];
  let at = rng.range(0.6, 1.4);
  let step = rng.int(2, 5);
  let phrase = 0;
  while (at < durationSec - 1.5) {
    // A gentle melodic walk: mostly neighbouring degrees, now and then a leap, ending on the tonic.
    step = Math.max(0, Math.min(pitches.length - 1, step + rng.pick([-2, -1, -1, 1, 1, 2, 0])));
    notes.push({ atSec: round(at), durationSec: noteSec, frequency: pitches[step]!, gain: round(rng.range(0.55, 0.9)) });
    if (music.ground && phrase++ % 4 === 0) notes.push({ atSec: round(at), durationSec: noteSec, frequency: round(music.tonic / 2), gain: 0.45 });
    at += rng.range(music.spacing[0], music.spacing[1]);
  }
  if (notes.length > 0) notes[notes.length - 1] = { ...notes[notes.length - 1]!, frequency: music.tonic };
  return { instrument: music.instrument, mode: music.mode, noteSec, notes, durationSec };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
