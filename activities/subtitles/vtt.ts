// The WebVTT sidecar: one cue per poem line, starting when its recitation starts.
import type { Cue } from '../film/sync.js';

/** 83.5 → "00:01:23.500" */
export function vttTimestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(rest, 3)}`;
}

export function toWebVtt(cues: Cue[], title?: string): string {
  const blocks = cues.map((cue, i) => {
    // A cue's text may not contain "-->" or blank lines.
    const text = cue.text.replace(/-->/g, '→').replace(/\n{2,}/g, '\n').trim();
    return `${i + 1}\n${vttTimestamp(cue.startSec)} --> ${vttTimestamp(cue.endSec)}\n${text}`;
  });
  const header = title ? `WEBVTT - ${title.replace(/[\r\n]|-->/g, ' ')}` : 'WEBVTT';
  return `${header}\n\n${blocks.join('\n\n')}\n`;
}

/** Parses cues back out of a WebVTT file (used by tests and the console). */
export function parseWebVtt(text: string): Cue[] {
  const cues: Cue[] = [];
  const toSec = (stamp: string) => {
    const parts = stamp.split(':').map(Number);
    return parts.reduce((acc, part) => acc * 60 + part, 0);
  };
  for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
    const lines = block.split('\n');
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing < 0) continue;
    const [start, end] = lines[timing]!.split('-->').map((s) => s.trim().split(/\s+/)[0]!);
    cues.push({ startSec: toSec(start!), endSec: toSec(end!), text: lines.slice(timing + 1).join('\n').trim() });
  }
  return cues;
}
