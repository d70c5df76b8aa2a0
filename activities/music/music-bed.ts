// Synthesises a score (pentatonic.ts) with sox: each note a plucked string (`synth pluck`) or a
// soft flute tone (sine with vibrato and a breathy attack), delayed to its time and mixed, with a
// hall reverb. No recorded or copyrighted audio anywhere.
import { spawn } from 'node:child_process';
import type { Note, Score } from './pentatonic.js';

export const MUSIC_SAMPLE_RATE = 48000;

function noteCommand(note: Note, instrument: Score['instrument']): string {
  const d = note.durationSec.toFixed(3);
  const fmt = `-r ${MUSIC_SAMPLE_RATE} -c 1 -n -p`;
  if (instrument === 'guqin') {
    // A plucked string, its brightness softened, decaying over its length.
    return `|sox ${fmt} synth ${d} pluck ${note.frequency} lowpass 2400 fade 0 ${d} ${(note.durationSec * 0.8).toFixed(3)} vol ${note.gain} pad ${note.atSec.toFixed(3)}`;
  }
  // A breathy flute: sine plus a faint octave, slow attack, gentle vibrato.
  return `|sox -r ${MUSIC_SAMPLE_RATE} -c 2 -n -p synth ${d} sine ${note.frequency} sine ${(note.frequency * 2).toFixed(2)} remix 1v0.85,2v0.15 tremolo 5 12 fade h 0.35 ${d} 0.7 vol ${(note.gain * 0.8).toFixed(3)} pad ${note.atSec.toFixed(3)}`;
}

/** The sox arguments that render a score to `out` (pure; unit-tested). */
export function musicBedArgs(score: Score, out: string): string[] {
  const total = (score.durationSec + 0.5).toFixed(3);
  const inputs = score.notes.map((note) => noteCommand(note, score.instrument));
  // A silent bed of the full length keeps the mix as long as the film.
  inputs.unshift(`|sox -r ${MUSIC_SAMPLE_RATE} -c 1 -n -p trim 0 ${total}`);
  if (score.drone) {
    inputs.push(`|sox -r ${MUSIC_SAMPLE_RATE} -c 1 -n -p synth ${total} sine ${score.drone} tremolo 0.2 40 fade h 3 ${total} 3 vol 0.25`);
  }
  if (inputs.length === 1) inputs.push(inputs[0]!);
  return ['-m', ...inputs, '-b', '16', out, 'reverb', '55', '50', '90', '100', '10', 'trim', '0', total, 'gain', '-n', '-3'];
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
