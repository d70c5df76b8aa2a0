// Synthesises a score (pentatonic.ts) with sox: each note a plucked string (`synth pluck`) or a
// soft flute tone (sine with vibrato and a slow attack), delayed to its time and mixed, with a
// hall reverb — all in one sox process. No recorded or copyrighted audio anywhere.
import { spawn } from 'node:child_process';
import type { Note, Score } from './pentatonic.js';

export const MUSIC_SAMPLE_RATE = 48000;

/**
 * The sox arguments that render a score to `out` in one process (pure; unit-tested): every note
 * is a channel of one multi-channel `synth` (plucked string, or sine for the flute with a soft
 * attack and release), each channel is delayed to its note's time, and `remix` mixes them down
 * with each note's gain; then a hall reverb and the film's length.
 */
export function musicBedArgs(score: Score, out: string): string[] {
  const total = (score.durationSec + 0.5).toFixed(3);
  const notes: Note[] = score.notes.length > 0 ? score.notes : [{ atSec: 0, durationSec: score.noteSec, frequency: 220, gain: 0 }];
  const d = score.noteSec.toFixed(3);
  const tone = score.instrument === 'guqin' ? 'pluck' : 'sine';
  const args = ['-r', String(MUSIC_SAMPLE_RATE), '-c', String(notes.length), '-n', '-b', '16', '-c', '1', out, 'synth', d];
  for (const note of notes) args.push(tone, String(note.frequency));
  if (score.instrument === 'guqin') args.push('lowpass', '2400');
  else args.push('fade', 'h', '0.35', d, '0.8');
  args.push('delay', ...notes.map((note) => note.atSec.toFixed(3)));
  args.push('remix', notes.map((note, i) => `${i + 1}v${note.gain.toFixed(3)}`).join(','));
  if (score.instrument === 'xiao') args.push('tremolo', '5', '12');
  args.push('pad', '0', total, 'trim', '0', total, 'reverb', '55', '50', '90', '100', '10', 'gain', '-n', '-3');
  return args;
}

export class MusicError extends Error {
  override name = 'MusicError';
}

export function renderMusicBed(score: Score, out: string, options: { soxPath?: string; signal?: AbortSignal } = {}): Promise<void> {
  const sox = options.soxPath ?? 'sox';
  return new Promise((resolve, reject) => {
    const child = spawn(sox, musicBedArgs(score, out), { stdio: ['ignore', 'ignore', 'pipe'], signal: options.signal });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new MusicError(`sox not found at "${sox}" (install sox)`) : error),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else if (code !== null) reject(new MusicError(`sox failed making the music bed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' ')}`));
    });
  });
}
