// `shiying interpret`: a poem → its shot plan, as a readable storyboard or as ShotPlan JSON.
import { text as readStream } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { poemFromCorpus } from '../corpus-poem.js';
import { interpretPoem, type PoemToInterpret } from '../../prompts/interpret.js';
import { llmConfigFromEnv, LLM_ENV_VARS, refinePlanWithLlm } from '../../prompts/llm-interpreter.js';
import { moodZh } from '../../prompts/mood.js';
import { parsePoemText } from '../../prompts/poem-input.js';
import type { Shot, ShotPlan } from '../../prompts/shot-plan.js';

const HELP = `Usage: shiying interpret (--text "…" | --id ID | --title T) [options]

Interprets a poem into a shot plan: segmentation, prosody, imagery traced to its characters,
camera, narration and provider prompts.

Poem (one of):
  --text "…"       any poem; lines are split on 。！？； and new lines (and verse lines on ，);
                   --text - reads the poem from standard input
  --id ID          a poem of the corpus, by id (needs the corpus database: shiying up)
  --title T        a poem of the corpus, by title (with --author to choose among several)

Options:
  --title T        title of pasted text (default 无题)
  --author A       author (of pasted text, or to find a corpus poem by title)
  --dynasty D      dynasty of pasted text, e.g. 唐 or 宋 (sets the period of costumes and buildings)
  --form F         form of pasted text, e.g. 七言绝句 or a 词牌 such as 念奴娇
  --aspect R       9:16 (default) or 16:9
  --look L         ink-wash (default), gongbi or blue-green
  --llm            refine the plan with an OpenAI-compatible LLM (${LLM_ENV_VARS.baseUrl},
                   ${LLM_ENV_VARS.model}, ${LLM_ENV_VARS.apiKey}); falls back to the
                   deterministic plan, saying why, when it cannot be used
  --json           print the ShotPlan as JSON instead of the storyboard
  --help           show this help

Example:
  shiying interpret --text "床前明月光，疑是地上霜。举头望明月，低头思故乡。" --title 静夜思 --author 李白`;

const ASPECTS = ['9:16', '16:9'] as const;
const LOOKS = ['ink-wash', 'gongbi', 'blue-green'] as const;

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
        form: { type: 'string' },
        aspect: { type: 'string' },
        look: { type: 'string' },
        llm: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UserFacingError(`${(error as Error).message} (see shiying interpret --help)`);
  }
}

// ---- storyboard -------------------------------------------------------------------------------

const ROLE_ZH: Record<string, string> = { open: '起', continue: '承', turn: '转', close: '合' };
const COMPOSITION_ZH: Record<string, string> = { 'high-distance': '高远', 'deep-distance': '深远', 'level-distance': '平远' };

interface Paint {
  image(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function painter(colour: boolean): Paint {
  const wrap = (open: string, close: string) => (text: string) => (colour ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    image: colour ? wrap('1;33', '22;39') : (text) => `【${text}】`,
    dim: wrap('2', '22'),
    bold: wrap('1', '22'),
  };
}

/** A line with its imagery terms highlighted. */
function highlighted(line: string, lineIndex: number, shot: Shot, paint: Paint): string {
  const items = shot.imagery.filter((item) => item.line === lineIndex).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const item of items) {
    if (item.start < at) continue;
    out += line.slice(at, item.start) + paint.image(item.term);
    at = item.end;
  }
  return out + line.slice(at);
}

export function storyboard(plan: ShotPlan, colour = false): string {
  const paint = painter(colour);
  const out: string[] = [];
  const { poem, style } = plan;
  out.push(paint.bold(`《${poem.title}》 ${poem.author}${poem.dynasty ? `（${poem.dynasty}）` : ''} · ${poem.form}`));
  out.push(paint.dim(`${style.look} · palette ${style.palette} · ${style.aspect} ${style.resolution.width}×${style.resolution.height} · ${plan.shots.length} shots · ${plan.shots.reduce((sum, shot) => sum + shot.durationSec, 0).toFixed(1)} s`));
  const interpreter = plan.interpreter;
  if (interpreter?.kind === 'llm') out.push(paint.dim(`refined by ${interpreter.model ?? 'an LLM'}`));
  if (interpreter?.fallbackReason) out.push(`LLM not used: ${interpreter.fallbackReason}`);
  for (const shot of plan.shots) {
    out.push('');
    const role = shot.role ? `${ROLE_ZH[shot.role] ?? ''} ${shot.role} · ` : '';
    const composition = shot.composition ? ` · ${COMPOSITION_ZH[shot.composition] ?? ''} ${shot.composition}` : '';
    out.push(paint.bold(`Shot ${shot.index + 1}/${plan.shots.length}`) + paint.dim(` · ${role}${shot.camera.shotSize} · ${shot.camera.move}${composition} · ${shot.durationSec} s`));
    for (const lineIndex of shot.lineIndexes) out.push(`  ${highlighted(poem.lines[lineIndex] ?? '', lineIndex, shot, paint)}`);
    const prosody = shot.prosody ?? [];
    for (const line of prosody) out.push(paint.dim(`  ${line.pinyin.join(' ')}  ${line.tones}${line.rhyme?.rhymes ? `  韵 ${line.rhyme.char}` : ''}`));
    const { timeOfDay, season, weather, place, placeName } = shot.setting;
    out.push(`  setting  ${[timeOfDay, season, weather, place, placeName].filter((value) => value && value !== 'unspecified').join(' · ') || 'unspecified'}`);
    out.push(`  mood     ${shot.mood} ${moodZh(shot.mood)}`);
    for (const item of shot.imagery) {
      out.push(`  image    ${paint.image(item.term)} ${item.motif ? `(${item.motif}) ` : ''}${item.visual}${item.symbolism ? paint.dim(` — ${item.symbolism}`) : ''}${item.source === 'fallback' ? paint.dim(' [not in lexicon]') : ''}`);
    }
    const carried = shot.continuity?.carryOver ?? [];
    if (carried.length > 0) out.push(paint.dim(`  still    ${carried.map((item) => `${item.term} (${item.motif ?? 'image'})`).join(', ')}`));
    out.push(`  recite   ${shot.narration.recite}`);
    if (shot.narration.paraphrase) out.push(`  释义     ${shot.narration.paraphrase}`);
    if (shot.narration.translation) out.push(`  gloss    ${shot.narration.translation}`);
    out.push(paint.dim(`  prompt   ${shot.prompt}`));
  }
  return out.join('\n');
}

// ---- command ----------------------------------------------------------------------------------

const ONLY_ONE = 'give one poem: --text, --id or --title (with --text, --title names the pasted poem)';

export const command: Command = {
  name: 'interpret',
  summary: 'interpret a poem into a shot plan (storyboard, or ShotPlan JSON with --json)',
  help: HELP,
  async run(args) {
    const options = parse(args);
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    if (options.aspect !== undefined && !(ASPECTS as readonly string[]).includes(options.aspect)) {
      throw new UserFacingError(`--aspect must be ${ASPECTS.join(' or ')}, not "${options.aspect}"`);
    }
    if (options.look !== undefined && !(LOOKS as readonly string[]).includes(options.look)) {
      throw new UserFacingError(`--look must be one of ${LOOKS.join(', ')}, not "${options.look}"`);
    }
    let poem: PoemToInterpret;
    if (options.text !== undefined) {
      if (options.id !== undefined) throw new UserFacingError(ONLY_ONE);
      poem = {
        id: null,
        title: options.title?.trim() || '无题',
        author: options.author?.trim() || '佚名',
        dynasty: options.dynasty?.trim() ?? '',
        ...(options.form ? { form: options.form.trim() } : {}),
        lines: parsePoemText(options.text === '-' ? await readStream(process.stdin) : options.text),
      };
    } else if (options.id !== undefined || options.title !== undefined) {
      if (options.id !== undefined && options.title !== undefined) throw new UserFacingError(ONLY_ONE);
      poem = await poemFromCorpus({ ...(options.id !== undefined ? { id: options.id } : {}), ...(options.title !== undefined ? { title: options.title } : {}), ...(options.author ? { author: options.author } : {}) });
    } else {
      throw new UserFacingError(ONLY_ONE);
    }
    let plan = interpretPoem(poem, {
      ...(options.aspect ? { aspect: options.aspect as (typeof ASPECTS)[number] } : {}),
      ...(options.look ? { look: options.look as (typeof LOOKS)[number] } : {}),
    });
    if (options.llm) plan = await refinePlanWithLlm(plan, llmConfigFromEnv(process.env));
    if (options.json) console.log(JSON.stringify(plan, null, 2));
    else console.log(storyboard(plan, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
    return 0;
  },
};
