// What every ffmpeg job a builder returns must be, whatever it was asked for: strings only, no
// holes (undefined, NaN, Infinity, an object) in its options or filter graph, numbers without
// exponents, an expected duration that is positive when given. Used by the property tests of
// activities/media and activities/providers/remote.
import type { FfmpegJob } from '../../activities/media/ffmpeg-args.js';

/** Holes, and numbers in exponent notation (`1e-7`), which several ffmpeg options do not read. */
const HOLE = /undefined|NaN|Infinity|\[object|(?:^|[=:,\s(*/])[-+]?\d+(?:\.\d+)?[eE][+-]?\d/;

/** Every way `job` falls short, as readable lines; empty when it is sound. */
export function jobProblems(job: FfmpegJob): string[] {
  const problems: string[] = [];
  const text = (where: string, value: unknown, { path = false } = {}) => {
    if (typeof value !== 'string') problems.push(`${where} is ${value === undefined ? 'undefined' : typeof value}`);
    else if (value === '') problems.push(`${where} is empty`);
    else if (!path && HOLE.test(value)) problems.push(`${where} holds ${HOLE.exec(value)![0]}: ${value.slice(0, 200)}`);
  };
  text('label', job.label, { path: true });
  if (job.inputs.length === 0) problems.push('no inputs');
  job.inputs.forEach((input, i) => {
    // Files are the caller's paths; lavfi sources are built here.
    text(`input ${i}`, input.source, { path: !input.options.includes('lavfi') });
    input.options.forEach((option, k) => text(`input ${i} option ${k}`, option));
  });
  if (job.complexFilter !== undefined) text('filter graph', job.complexFilter);
  if (job.outputs.length === 0) problems.push('no outputs');
  job.outputs.forEach((output, i) => {
    text(`output ${i}`, output.target, { path: true });
    output.options.forEach((option, k) => text(`output ${i} option ${k}`, option, { path: output.options[k - 1] === '-metadata' }));
  });
  if (job.expectedDurationSec !== undefined && !(Number.isFinite(job.expectedDurationSec) && job.expectedDurationSec > 0)) {
    problems.push(`expected duration ${job.expectedDurationSec}`);
  }
  return problems;
}

/** The value after `name` in an argument list. */
export function optionValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
