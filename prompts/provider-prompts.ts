// Prompts for a shot: a provider-neutral English prompt, a Chinese prompt and a negative prompt,
// built from clauses in order of importance so that a provider with a short limit (Wan: 800
// characters) keeps the style, the images and the camera, and drops the least important clauses
// first. Per-provider templates pick the language and fit the limits of each API.
import type { Composition, Shot, ShotPlan } from './shot-plan.js';
import { moodTreatment, moodZh } from './mood.js';
import type { Setting } from './setting.js';

export type VideoProviderName = 'local' | 'kling' | 'wan' | 'openai-videos';

/** Published limits of each video API's prompt fields, in characters. */
export const PROMPT_LIMITS: Record<VideoProviderName, { prompt: number; negativePrompt: number | null }> = {
  local: { prompt: 32000, negativePrompt: 32000 },
  kling: { prompt: 2500, negativePrompt: 2500 },
  wan: { prompt: 800, negativePrompt: 500 },
  // `/v1/videos` has no negative prompt field: what to avoid is appended to the prompt.
  'openai-videos': { prompt: 32000, negativePrompt: null },
};

type Look = ShotPlan['style']['look'];
type Camera = Shot['camera'];

const LOOK_EN: Record<Look, string> = {
  'ink-wash': 'Chinese ink-wash painting (shuimo) on warm rice paper, layered grey ink washes, tapered brush strokes',
  gongbi: 'Chinese gongbi painting, fine outlines and delicate layered colour on silk',
  'blue-green': 'Chinese blue-green landscape painting (qinglü shanshui), mineral azurite and malachite over ink lines',
};
const LOOK_ZH: Record<Look, string> = {
  'ink-wash': '中国水墨画，宣纸质感，淡墨层层晕染',
  gongbi: '中国工笔画，线条精细，设色淡雅',
  'blue-green': '青绿山水画，石青石绿设色',
};

const SIZE_EN: Record<Camera['shotSize'], string> = {
  'extreme-wide': 'Extreme wide shot',
  wide: 'Wide shot',
  medium: 'Medium shot',
  'close-up': 'Close-up',
  'extreme-close-up': 'Extreme close-up',
};
const SIZE_ZH: Record<Camera['shotSize'], string> = {
  'extreme-wide': '大远景',
  wide: '远景',
  medium: '中景',
  'close-up': '近景特写',
  'extreme-close-up': '大特写',
};
const MOVE_EN: Record<Camera['move'], string> = {
  static: 'camera holds still',
  'push-in': 'slow push in',
  'pull-out': 'slow pull out',
  'pan-left': 'slow pan left',
  'pan-right': 'slow pan right',
  'tilt-up': 'slow tilt up',
  'tilt-down': 'slow tilt down',
  'crane-up': 'slow crane up revealing the scene',
  'crane-down': 'slow crane down into the scene',
};
const MOVE_ZH: Record<Camera['move'], string> = {
  static: '固定镜头',
  'push-in': '缓慢推镜',
  'pull-out': '缓慢拉镜',
  'pan-left': '缓慢向左摇镜',
  'pan-right': '缓慢向右摇镜',
  'tilt-up': '缓慢向上摇镜',
  'tilt-down': '缓慢向下摇镜',
  'crane-up': '升镜展开全景',
  'crane-down': '降镜进入画面',
};
const COMPOSITION_EN: Record<Composition, string> = {
  'high-distance': 'High-distance composition (gaoyuan): looking up at towering forms from below',
  'deep-distance': 'Deep-distance composition (shenyuan): layered depth receding behind the front',
  'level-distance': 'Level-distance composition (pingyuan): a low horizon leading the eye far across flat distance',
};
const COMPOSITION_ZH: Record<Composition, string> = {
  'high-distance': '高远构图，自下仰望',
  'deep-distance': '深远构图，层层深入',
  'level-distance': '平远构图，由近及远',
};
const TIME_EN: Record<string, string> = { dawn: 'at dawn', morning: 'in the morning', noon: 'at noon', afternoon: 'in the afternoon', dusk: 'at dusk', night: 'at night' };
const TIME_ZH: Record<string, string> = { dawn: '拂晓', morning: '清晨', noon: '正午', afternoon: '午后', dusk: '黄昏', night: '夜晚' };
const SEASON_ZH: Record<string, string> = { spring: '春日', summer: '夏日', autumn: '秋日', winter: '冬日' };
const WEATHER_EN: Record<string, string> = { clear: 'clear air', cloudy: 'overcast', rain: 'rain', snow: 'snow', frost: 'frost', mist: 'mist', wind: 'wind', dust: 'blowing dust' };
const WEATHER_ZH: Record<string, string> = { clear: '天朗气清', cloudy: '天色阴沉', rain: '细雨', snow: '飞雪', frost: '霜寒', mist: '烟雾迷蒙', wind: '风起', dust: '风沙' };
const PLACE_EN: Record<string, string> = {
  river: 'by a river', lake: 'on a lake', sea: 'by the sea', mountain: 'in the mountains', frontier: 'on the northern frontier', city: 'in an old walled city',
  courtyard: 'in a courtyard', interior: 'indoors', garden: 'in a garden', field: 'in the countryside', temple: 'at a temple', road: 'on the road', sky: 'under the open sky',
};
const PLACE_ZH: Record<string, string> = {
  river: '江边', lake: '湖上', sea: '海边', mountain: '山中', frontier: '边塞', city: '古城', courtyard: '庭院', interior: '室内', garden: '园林', field: '田野', temple: '寺院', road: '道路', sky: '天空',
};

const DYNASTY_EN: [RegExp, string][] = [
  [/唐/u, 'Tang-dynasty China'],
  [/宋/u, 'Song-dynasty China'],
  [/元/u, 'Yuan-dynasty China'],
  [/明/u, 'Ming-dynasty China'],
  [/清/u, 'Qing-dynasty China'],
  [/汉/u, 'Han-dynasty China'],
  [/魏|晋|南北朝/u, 'Six Dynasties China'],
  [/先秦|周|春秋|战国/u, 'ancient Zhou-era China'],
];

function periodOf(dynasty: string): { en: string; zh: string } {
  const found = DYNASTY_EN.find(([pattern]) => pattern.test(dynasty));
  return found ? { en: found[1], zh: `${dynasty.replace(/代|朝$/u, '')}代风物` } : { en: 'classical China', zh: '古代风物' };
}

/** What no provider should draw: modern things, text, anachronisms. */
export const BASE_NEGATIVE = [
  'text',
  'calligraphy characters',
  'captions',
  'subtitles',
  'watermark',
  'logo',
  'signature',
  'modern buildings',
  'skyscrapers',
  'cars',
  'asphalt roads',
  'power lines',
  'electric lights',
  'plastic',
  'modern clothing',
  'eyeglasses',
  'Western architecture',
  'Japanese or Korean dress',
  'Ming-Qing queue hairstyles on Tang figures',
  'photorealistic photo',
  '3D render',
  'anime style',
  'oversaturated colours',
  'extra limbs',
  'deformed hands',
].join(', ');

const LOOK_NEGATIVE: Record<Look, string> = {
  'ink-wash': 'bright saturated colour, heavy outlines, oil painting texture',
  gongbi: 'loose splashy ink, blurry forms',
  'blue-green': 'monochrome grey, muddy colour',
};

export interface PromptInput {
  look: Look;
  aspect: ShotPlan['style']['aspect'];
  dynasty: string;
  imagery: readonly { visual: string; visualZh?: string; notes?: string }[];
  carryOver: readonly { visual: string; visualZh?: string }[];
  setting: Setting;
  camera: Camera;
  composition: Composition;
  mood: string;
  /** The verse itself, for the Chinese prompt. */
  text: string;
}

interface Clause {
  text: string;
  priority: number;
}

/**
 * The first `end` UTF-16 units of `text`, one fewer when the cut would fall inside a character
 * outside the Basic Multilingual Plane (a rare Han character, an emoji): a provider must never get
 * half of a surrogate pair.
 */
function head(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return text.slice(0, end > 0 && end < text.length && code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** `text` within `limit` UTF-16 units: whole, or cut (between characters) with an ellipsis. */
function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${head(text, Math.max(0, limit - 1))}…`;
}

function assemble(clauses: Clause[], limit: number, joiner: string): string {
  const kept = [...clauses];
  const render = (list: Clause[]) => list.map((clause) => clause.text).join(joiner);
  while (kept.length > 1 && render(kept).length > limit) {
    // Drop the least important clause (the last of equal importance).
    let drop = 0;
    kept.forEach((clause, index) => {
      if (clause.priority >= (kept[drop]?.priority ?? 0)) drop = index;
    });
    kept.splice(drop, 1);
  }
  return truncate(render(kept), limit);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function settingEn(setting: Setting): string {
  const parts = [
    setting.season !== 'unspecified' ? setting.season : '',
    TIME_EN[setting.timeOfDay] ?? '',
    setting.weather !== 'unspecified' ? `with ${WEATHER_EN[setting.weather] ?? setting.weather}` : '',
    PLACE_EN[setting.place] ?? '',
  ].filter(Boolean);
  return parts.length > 0 ? `Setting: ${parts.join(' ')}` : '';
}

function settingZh(setting: Setting): string {
  return [SEASON_ZH[setting.season] ?? '', TIME_ZH[setting.timeOfDay] ?? '', WEATHER_ZH[setting.weather] ?? '', PLACE_ZH[setting.place] ?? ''].filter(Boolean).join('，');
}

function clausesEn(input: PromptInput): Clause[] {
  const period = periodOf(input.dynasty);
  const images = input.imagery.map((image) => image.visual);
  const notes = [...new Set(input.imagery.map((image) => image.notes).filter((note): note is string => Boolean(note)))];
  return [
    { text: `${LOOK_EN[input.look]}.`, priority: 0 },
    { text: images.length > 0 ? `${capitalise(images.join('; '))}.` : 'A quiet classical landscape with a small figure.', priority: 0 },
    { text: `${SIZE_EN[input.camera.shotSize]}, ${MOVE_EN[input.camera.move]}.`, priority: 1 },
    { text: settingEn(input.setting) ? `${settingEn(input.setting)}.` : '', priority: 2 },
    { text: `${COMPOSITION_EN[input.composition]}.`, priority: 3 },
    { text: input.carryOver.length > 0 ? `Still in view from before: ${input.carryOver.map((item) => item.visual).join('; ')}.` : '', priority: 4 },
    { text: `Mood: ${input.mood}, ${moodTreatment(input.mood)}.`, priority: 2 },
    { text: `${capitalise(period.en)}, figures small and in period dress${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`, priority: 5 },
    { text: `Generous empty space (liubai), no writing anywhere. ${input.aspect === '9:16' ? 'Vertical 9:16 frame.' : 'Horizontal 16:9 frame.'}`, priority: 6 },
  ].filter((clause) => clause.text.length > 0);
}

function clausesZh(input: PromptInput): Clause[] {
  const period = periodOf(input.dynasty);
  const images = input.imagery.map((image) => image.visualZh ?? image.visual);
  const setting = settingZh(input.setting);
  return [
    { text: `${LOOK_ZH[input.look]}。`, priority: 0 },
    { text: `诗句：“${input.text}”。`, priority: 1 },
    { text: images.length > 0 ? `画面：${images.join('，')}。` : '画面：清寂的山水间一个小小的人影。', priority: 0 },
    { text: `${SIZE_ZH[input.camera.shotSize]}，${MOVE_ZH[input.camera.move]}。`, priority: 1 },
    { text: setting ? `${setting}。` : '', priority: 2 },
    { text: `${COMPOSITION_ZH[input.composition]}。`, priority: 3 },
    { text: input.carryOver.length > 0 ? `延续前景：${input.carryOver.map((item) => item.visualZh ?? item.visual).join('，')}。` : '', priority: 4 },
    { text: `意境：${moodZh(input.mood)}。`, priority: 2 },
    { text: `${period.zh}，人物着古装，留白，画面无文字。${input.aspect === '9:16' ? '竖幅构图。' : '横幅构图。'}`, priority: 5 },
  ].filter((clause) => clause.text.length > 0);
}

/** The provider-neutral prompts stored in the plan. */
export function shotPrompts(input: PromptInput): { prompt: string; promptZh: string; negativePrompt: string } {
  return {
    prompt: assemble(clausesEn(input), PROMPT_LIMITS.kling.prompt, ' '),
    // Chinese prompts are kept within Wan's limit, the shortest of the Chinese-first APIs.
    promptZh: assemble(clausesZh(input), PROMPT_LIMITS.wan.prompt, ''),
    negativePrompt: `${BASE_NEGATIVE}, ${LOOK_NEGATIVE[input.look]}`,
  };
}

/**
 * The prompt a given provider receives for a planned shot, within its limits: Kling and the
 * OpenAI-shaped API take English; Wan (a Chinese-first model) takes the Chinese prompt; the
 * OpenAI-shaped API has no negative prompt, so what to avoid is appended to the prompt.
 */
export function promptForProvider(
  shot: Pick<Shot, 'prompt' | 'promptZh' | 'negativePrompt'>,
  provider: VideoProviderName,
): { prompt: string; negativePrompt?: string } {
  const limits = PROMPT_LIMITS[provider];
  const fit = truncate;
  const trimAtSentence = (text: string, limit: number, separator: RegExp) => {
    if (text.length <= limit) return text;
    const cut = head(text, limit);
    const last = Math.max(...[...cut.matchAll(separator)].map((match) => (match.index ?? 0) + match[0].length), 0);
    return last > limit / 2 ? cut.slice(0, last).trim() : fit(text, limit);
  };
  if (provider === 'wan') {
    return {
      prompt: trimAtSentence(shot.promptZh, limits.prompt, /。/gu),
      negativePrompt: trimAtSentence(shot.negativePrompt, limits.negativePrompt ?? 500, /, /gu).replace(/,\s*$/u, ''),
    };
  }
  if (provider === 'openai-videos') {
    const avoid = shot.negativePrompt ? ` Avoid: ${shot.negativePrompt}.` : '';
    return { prompt: fit(`${shot.prompt}${avoid}`, limits.prompt) };
  }
  return {
    prompt: trimAtSentence(shot.prompt, limits.prompt, /\. /gu),
    negativePrompt: fit(shot.negativePrompt, limits.negativePrompt ?? 2500),
  };
}
