// `shiying render`: a poem → a finished film, directly (no Temporal): interpret → narration →
// sync → shots → music → subtitles → assembly, with a progress bar. Everything is cached in the
// media store, so rendering again after changing one shot only redoes that shot.
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { poemFromCorpus } from '../corpus-poem.js';
import { loadConfig } from '../../platform/config.js';

const HELP = `Usage: shiying render (--text "…" | --id ID | --title T [--author A] | --plan FILE) [options]

Renders a poem into a narrated ink-wash film: MP4 (H.264 + AAC), WebVTT subtitles, a poster and
a storyboard, all kept in the media store (SHIYING_MEDIA_ROOT, default .data/media).

Poem (one of):
  --text "…"        any poem (lines split on 。！？； and new lines); --title/--author name it
  --id ID           a corpus poem by id (needs the corpus database: shiying up)
  --title T         a corpus poem by title (with --author to choose among several)
  --plan FILE       a ShotPlan JSON file (e.g. from shiying interpret --json)

Options:
  --aspect R        9:16 (default, 720×1280) or 16:9 (1280×720)
  --provider P      video provider: local (default; the offline ink-wash renderer), kling, wan or
                    openai-videos (their keys from the environment; jobs recorded in Postgres)
  --voice V         voice provider: local (default; espeak-ng) or openai (OPENAI_* settings)
  --out FILE        also write the film to FILE (and FILE's .vtt, .jpg poster, .storyboard.png)
  --size WxH        render at another resolution (even numbers), e.g. 360x640 for a quick look
  --no-english      leave out the English line under the Chinese
  --on-ones         draw all 24 frames a second (default: on twos — 12 drawings a second, each
                    held two frames, as hand-drawn animation; half the work)
  --font FILE       Kai font for subtitles and seal (default LXGW WenKai, else AR PL UKai)
  --workers N       render worker processes (default: one per CPU, at most 4)
  --json            print { film, poster, storyboard, vtt, durationSec, shots } as JSON
  --help            show this help

Example:
  shiying render --text "床前明月光，疑是地上霜。举头望明月，低头思故乡。" --title 静夜思 --author 李白 --out jing-ye-si.mp4`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        text: { type: 'string' },
        id: { type: 'string' },
        title: { type: 'string' },
        author: { type: 'string' },
        dynasty: { type: 'string' },
        plan: { type: 'string' },
        aspect: { type: 'string' },
        provider: { type: 'string', default: 'local' },
        voice: { type: 'string', default: 'local' },
        out: { type: 'string' },
        size: { type: 'string' },
        'no-english': { type: 'boolean', default: false },
        'on-ones': { type: 'boolean', default: false },
        font: { type: 'string' },
        workers: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UserFacingError(`${(error as Error).message} (see shiying render --help)`);
  }
}

type Options = ReturnType<typeof parse>;

const PROGRAMMING_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'AssertionError']);

const ONLY_ONE = 'give one poem: --text, --id, --title or --plan (with --text, --title names the pasted poem)';

async function planFromCorpus(by: { id?: string; title?: string; author?: string }, aspect: '9:16' | '16:9' | undefined): Promise<unknown> {
  const [{ interpretPoem }, poem] = await Promise.all([import('../../prompts/interpret.js'), poemFromCorpus(by)]);
  return interpretPoem(poem, aspect ? { aspect } : {});
}

async function planFrom(options: Options, aspect: '9:16' | '16:9' | undefined): Promise<unknown> {
  const given = [options.text, options.id, options.plan].filter((v) => v !== undefined).length + (options.text === undefined && options.title !== undefined ? 1 : 0);
  if (given !== 1) throw new UserFacingError(ONLY_ONE);
  if (options.plan !== undefined) {
    let text: string;
    try {
      text = await readFile(options.plan, 'utf8');
    } catch (error) {
      throw new UserFacingError(`cannot read the plan ${options.plan}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UserFacingError(`the plan ${options.plan} is not JSON: ${(error as Error).message}`);
    }
  }
  if (options.text !== undefined) {
    const [{ interpretPoem }, { parsePoemText }] = await Promise.all([import('../../prompts/interpret.js'), import('../../prompts/poem-input.js')]);
    try {
      return interpretPoem(
        { id: null, title: options.title?.trim() || '无题', author: options.author?.trim() || '佚名', dynasty: options.dynasty?.trim() ?? '', lines: parsePoemText(options.text) },
        aspect ? { aspect } : {},
      );
    } catch (error) {
      throw new UserFacingError(`cannot interpret the poem: ${(error as Error).message}`);
    }
  }
  return planFromCorpus({ ...(options.id !== undefined ? { id: options.id } : {}), ...(options.title !== undefined ? { title: options.title } : {}), ...(options.author ? { author: options.author } : {}) }, aspect);
}

function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  if (size === undefined) return undefined;
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match || Number(match[1]) % 2 || Number(match[2]) % 2 || Number(match[1]) < 32 || Number(match[2]) < 32) {
    throw new UserFacingError(`--size must be WIDTHxHEIGHT with even numbers of at least 32, e.g. 360x640 (got "${size}")`);
  }
  return { width: Number(match[1]), height: Number(match[2]) };
}

export const command: Command = {
  name: 'render',
  summary: 'render a poem into a narrated ink-wash film (MP4 + WebVTT + poster + storyboard)',
  help: HELP,
  async run(args) {
    const options = parse(args);
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    if (options.aspect !== undefined && options.aspect !== '9:16' && options.aspect !== '16:9') {
      throw new UserFacingError(`--aspect must be 9:16 or 16:9, not "${options.aspect}"`);
    }
    const aspect = options.aspect as '9:16' | '16:9' | undefined;
    const size = parseSize(options.size);
    const workers = options.workers === undefined ? undefined : Number(options.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 16)) throw new UserFacingError(`--workers must be a whole number from 1 to 16`);

    if (options.provider === 'local') {
      // The ink-wash renderer's worker processes load while this command loads and plans.
      const { defaultWorkerCount, prestartRenderWorkers } = await import('../../activities/render/worker/worker-pool.js');
      prestartRenderWorkers(workers ?? defaultWorkerCount());
    }
    // The film pipeline loads while the options are checked and the poem is planned.
    const filmModules = Promise.all([import('../../activities/film/film-activities.js'), import('../../activities/media/ffmpeg-runner.js')]);
    filmModules.catch(() => {}); // awaited below; an early failure must not be unhandled meanwhile
    const [{ VIDEO_PROVIDERS }, { VOICE_PROVIDERS }, { REMOTE_VIDEO_PROVIDERS }] = await Promise.all([
      import('../../activities/providers/video-provider.js'),
      import('../../activities/providers/voice-provider.js'),
      import('../../activities/providers/remote/remote-video-provider.js'),
    ]);
    const providers = [...VIDEO_PROVIDERS, ...REMOTE_VIDEO_PROVIDERS] as string[];
    if (!providers.includes(options.provider)) throw new UserFacingError(`--provider must be one of ${providers.join(', ')}, not "${options.provider}"`);
    const remote = (REMOTE_VIDEO_PROVIDERS as readonly string[]).includes(options.provider);
    if (!(VOICE_PROVIDERS as string[]).includes(options.voice)) throw new UserFacingError(`--voice must be one of ${VOICE_PROVIDERS.join(', ')}, not "${options.voice}"`);
    const plan = await planFrom(options, aspect);
    const [{ createFilmStudio }, { CancelledError }] = await filmModules;
    const config = loadConfig();
    // Remote providers record their jobs (ids, costs) in Postgres: a resumed render never pays twice.
    const sql = remote ? await openRenderDatabase(config) : undefined;
    let studio;
    try {
      studio = createFilmStudio({ mediaRoot: config.mediaRoot, ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath, videoProvider: options.provider, voiceProvider: options.voice, sql, ...(workers ? { renderWorkers: workers } : {}) });
      // Remote providers check their keys when made: fail now, naming the missing variable.
      if (remote) studio.checkVideoProvider();
    } catch (error) {
      await sql?.end({ timeout: 1 });
      throw new UserFacingError((error as Error).message);
    }

    const controller = new AbortController();
    // Every shot, cross-fade, line and ffmpeg run listens for cancellation (an 8-line poem has dozens).
    setMaxListeners(200, controller.signal);
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const showBar = Boolean(process.stderr.isTTY);
    const { SingleBar, Presets } = await import('cli-progress');
    const bar = showBar ? new SingleBar({ format: 'render |{bar}| {percentage}% {stage}', stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic) : undefined;
    bar?.start(1000, 0, { stage: 'starting' });
    try {
      const film = await studio.renderFilm(
        plan,
        {
          ...(aspect ? { aspect } : {}),
          ...(size ?? {}),
          ...(options.out ? { out: path.resolve(options.out) } : {}),
          ...(options.font ? { subtitleFont: options.font } : {}),
          english: !options['no-english'],
          onTwos: !options['on-ones'],
        },
        { signal: controller.signal, onProgress: (p) => bar?.update(Math.round(p.fraction * 1000), { stage: p.message }) },
      );
      bar?.stop();
      const summary = {
        film: film.film,
        poster: film.poster,
        storyboard: film.storyboard,
        vtt: film.vtt,
        durationSec: Math.round(film.durationSec * 1000) / 1000,
        shots: film.shots.map((shot) => ({ index: shot.index, clip: shot.clip, durationSec: Math.round(shot.durationSec * 1000) / 1000, cached: shot.cached, notDrawn: shot.notDrawn })),
      };
      if (options.json) {
        console.log(JSON.stringify(summary, null, 2));
      } else {
        console.log(`film        ${summary.film}  (${summary.durationSec.toFixed(1)} s${film.cached ? ', from the media store' : ''})`);
        console.log(`subtitles   ${summary.vtt}`);
        console.log(`poster      ${summary.poster}`);
        console.log(`storyboard  ${summary.storyboard}`);
        for (const shot of summary.shots) {
          const missing = shot.notDrawn.length > 0 ? `  not drawn: ${shot.notDrawn.map((n) => n.term).join('、')}` : '';
          console.log(`  shot ${shot.index + 1}  ${shot.durationSec.toFixed(2)} s  ${shot.cached ? 'cached  ' : 'rendered'}${missing}`);
        }
      }
      return 0;
    } catch (error) {
      bar?.stop();
      if (error instanceof CancelledError || (error as Error).name === 'CancelledError' || controller.signal.aborted) throw new UserFacingError('render cancelled');
      // Bugs keep their stack; everything else (a bad plan, a missing font or program, a failed
      // ffmpeg, a provider's refusal) is one clear line.
      if (error instanceof Error && !PROGRAMMING_ERRORS.has(error.name)) throw new UserFacingError(error.message);
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await studio.close();
      await sql?.end({ timeout: 2 });
    }
  },
};

async function openRenderDatabase(config: ReturnType<typeof loadConfig>) {
  const { connectDatabase, probeDatabase, redactUrl } = await import('../../platform/db.js');
  const { migrate } = await import('../../platform/migrate.js');
  const { databaseUrl } = await import('../../platform/config.js');
  const sql = connectDatabase(config, { max: 4 });
  const probe = await probeDatabase(sql);
  if (!probe.ok) {
    await sql.end({ timeout: 1 });
    throw new UserFacingError(`remote providers need Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason} (start it with \`npx shiying up\`)`);
  }
  await migrate(sql);
  return sql;
}
