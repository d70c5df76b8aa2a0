// Shots for provider tests: one valid ShotPlan (静夜思) whose shots can be varied, checked
// against the ShotPlan schema so the tests exercise the real contract.
import { ShotPlan, type Shot } from '../../prompts/shot-plan.js';

const LINES = ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡'];

function shot(index: number, overrides: Partial<Shot> = {}): Shot {
  const text = LINES[index]!;
  return {
    index,
    lineIndexes: [index],
    text,
    segments: [text.slice(0, 2), text.slice(2)],
    imagery: index === 0 ? [{ term: '明月', visual: 'a bright full moon', symbolism: 'longing for home', line: 0, start: 2, end: 4 }] : [],
    setting: { timeOfDay: 'night', season: 'autumn', weather: 'clear', place: 'interior' },
    camera: { move: 'push-in', shotSize: 'wide' },
    mood: 'longing',
    prompt: `Ink-wash painting, night, moonlight on the floor before a bed, line ${index + 1} of Quiet Night Thought, soft grey washes.`,
    promptZh: `水墨画，夜，床前月光，《静夜思》第${index + 1}句，淡墨晕染。`,
    negativePrompt: 'text, watermark, photorealistic',
    narration: { recite: `${text.slice(0, 2)}｜${text.slice(2)}。` },
    durationSec: 4.5,
    ...overrides,
  };
}

export function testPlan(options: { aspect?: '9:16' | '16:9'; shots?: Partial<Shot>[] } = {}): ShotPlan {
  const overrides = options.shots ?? [{}, {}, {}, {}];
  const plan = {
    schemaVersion: 1 as const,
    poem: { id: null, title: '静夜思', author: '李白', dynasty: '唐', form: '五言绝句', lines: LINES, linesTraditional: ['床前明月光', '疑是地上霜', '舉頭望明月', '低頭思故鄉'] },
    style: {
      look: 'ink-wash' as const,
      palette: 'ink',
      aspect: options.aspect ?? '9:16',
      fps: 24,
      resolution: options.aspect === '16:9' ? { width: 1280, height: 720 } : { width: 720, height: 1280 },
    },
    shots: overrides.map((o, i) => shot(i, o)),
  };
  return ShotPlan.parse(plan);
}

export function testShot(overrides: Partial<Shot> = {}, aspect: '9:16' | '16:9' = '9:16') {
  const plan = testPlan({ aspect, shots: [overrides] });
  return { shot: plan.shots[0]!, style: plan.style };
}
