import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretPoem, type PoemToInterpret } from './interpret.js';
import { PoemInputError } from './poem-input.js';
import { CAESURA_MARK } from './narration.js';
import { lineCoverageProblems, ShotPlan } from './shot-plan.js';
import { MAX_SHOTS } from './shot-planner.js';

const quietNight: PoemToInterpret = { id: null, title: '静夜思', author: '李白', dynasty: '唐', lines: ['床前明月光，疑是地上霜。', '举头望明月，低头思故乡。'] };

function valid(plan: ShotPlan): ShotPlan {
  ShotPlan.parse(plan);
  assert.deepEqual(lineCoverageProblems(plan), []);
  return plan;
}

describe('interpretPoem: a quatrain (静夜思)', () => {
  const plan = valid(interpretPoem(quietNight));

  it('splits couplets into four verse lines and names the form', () => {
    assert.deepEqual(plan.poem.lines, ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡']);
    assert.deepEqual(plan.poem.linesTraditional, ['牀前明月光', '疑是地上霜', '舉頭望明月', '低頭思故鄉']);
    assert.equal(plan.poem.form, '五言绝句');
  });

  it('plans one shot per line with 起承转合, and the turn changes the view', () => {
    assert.deepEqual(
      plan.shots.map((shot) => shot.lineIndexes),
      [[0], [1], [2], [3]],
    );
    assert.deepEqual(
      plan.shots.map((shot) => shot.role),
      ['open', 'continue', 'turn', 'close'],
    );
    const [, before, turn] = plan.shots;
    assert.ok(before && turn);
    assert.ok(turn.camera.shotSize !== before.camera.shotSize, 'a new shot size at the turn');
    assert.notEqual(turn.camera.move, before.camera.move);
  });

  it('reads a moonlit autumn night indoors, and a mood of longing kept apart from the scene', () => {
    for (const shot of plan.shots) {
      assert.equal(shot.setting.timeOfDay, 'night');
      assert.equal(shot.setting.place, 'interior');
    }
    assert.equal(plan.shots[3]?.mood, 'longing');
    assert.equal(plan.style.palette, 'moonlit-indigo');
  });

  it('keeps the moon in view where a line does not name it, traced to the words that showed it', () => {
    const carried = plan.shots[1]?.continuity?.carryOver.find((item) => item.motif === 'moon');
    assert.ok(carried);
    assert.equal(plan.poem.lines[carried.line]?.slice(carried.start, carried.end), carried.term);
  });

  it('narrates with caesura marks, a gloss, and a duration from syllables and pauses', () => {
    assert.equal(plan.shots[0]?.narration.recite, `床前${CAESURA_MARK}明月光，`);
    assert.match(plan.shots[0]?.narration.translation ?? '', /moon/i);
    for (const shot of plan.shots) assert.ok(shot.durationSec >= 3 && shot.durationSec <= 6, `${shot.durationSec}`);
  });

  it('writes prompts in English and Chinese with a negative prompt against anachronisms and text', () => {
    const shot = plan.shots[0];
    assert.ok(shot);
    assert.match(shot.prompt, /ink-wash/);
    assert.match(shot.prompt, /moon/);
    assert.match(shot.promptZh, /明月/);
    assert.match(shot.negativePrompt, /modern buildings/);
    assert.match(shot.negativePrompt, /watermark/);
    assert.equal(plan.style.aspect, '9:16');
    assert.deepEqual(plan.style.resolution, { width: 720, height: 1280 });
  });

  it('is deterministic', () => {
    assert.deepEqual(interpretPoem(quietNight), plan);
  });
});

describe('interpretPoem: other forms and inputs', () => {
  it('plans a 律诗 as eight shots whose third couplet turns', () => {
    const plan = valid(
      interpretPoem({ id: 'tang-1', title: '春望', author: '杜甫', dynasty: '唐', lines: ['国破山河在，城春草木深。', '感时花溅泪，恨别鸟惊心。', '烽火连三月，家书抵万金。', '白头搔更短，浑欲不胜簪。'] }),
    );
    assert.equal(plan.poem.form, '五言律诗');
    assert.equal(plan.shots.length, 8);
    assert.deepEqual(
      plan.shots.map((shot) => shot.role),
      ['open', 'open', 'continue', 'continue', 'turn', 'turn', 'close', 'close'],
    );
  });

  it('frames heights and falling water: 飞流直下 tilts down, in high distance', () => {
    const plan = valid(interpretPoem({ id: null, title: '望庐山瀑布', author: '李白', dynasty: '唐', lines: ['日照香炉生紫烟，遥看瀑布挂前川。', '飞流直下三千尺，疑是银河落九天。'] }));
    const fall = plan.shots[2];
    assert.equal(fall?.camera.move, 'tilt-down');
    assert.equal(fall?.composition, 'high-distance');
  });

  it('follows a river with a pan and sees the frontier in dusty ochre', () => {
    const river = valid(interpretPoem({ id: null, title: '黄鹤楼送孟浩然之广陵', author: '李白', dynasty: '唐', lines: ['故人西辞黄鹤楼，烟花三月下扬州。', '孤帆远影碧空尽，唯见长江天际流。'] }));
    assert.match(river.shots[3]?.camera.move ?? '', /^pan-/);
    const frontier = valid(interpretPoem({ id: null, title: '出塞', author: '王昌龄', dynasty: '唐', lines: ['秦时明月汉时关，万里长征人未还。', '但使龙城飞将在，不教胡马度阴山。'] }));
    assert.equal(frontier.style.palette, 'frontier-ochre');
  });

  it('groups a 词 by its sentences into at most 16 shots', () => {
    const plan = valid(
      interpretPoem({
        id: null,
        title: '声声慢',
        author: '李清照',
        dynasty: '宋',
        form: '声声慢',
        lines: ['寻寻觅觅，冷冷清清，凄凄惨惨戚戚。', '乍暖还寒时候，最难将息。', '三杯两盏淡酒，怎敌他、晚来风急？', '雁过也，正伤心，却是旧时相识。'],
      }),
    );
    assert.equal(plan.poem.form, '声声慢');
    assert.ok(plan.shots.length < plan.poem.lines.length);
    assert.deepEqual(plan.shots[0]?.lineIndexes, [0, 1, 2]);
    assert.equal(plan.shots[0]?.text, '寻寻觅觅，冷冷清清，凄凄惨惨戚戚');
  });

  it('plans a long poem by couplets and never beyond the shot cap', () => {
    const couplets = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? '汉皇重色思倾国，御宇多年求不得。' : '杨家有女初长成，养在深闺人未识。'));
    const plan = valid(interpretPoem({ id: null, title: '长诗', author: '佚名', dynasty: '唐', lines: couplets }));
    assert.equal(plan.poem.lines.length, 200);
    assert.ok(plan.shots.length <= MAX_SHOTS);
    for (const shot of plan.shots) assert.ok(shot.durationSec <= 60);
  });

  it('accepts Traditional text, analysing it in Simplified and keeping the Traditional lines', () => {
    const plan = valid(interpretPoem({ id: null, title: '登鸛雀樓', author: '王之渙', dynasty: '唐', lines: ['白日依山盡，黃河入海流。', '欲窮千里目，更上一層樓。'] }));
    assert.deepEqual(plan.poem.lines, ['白日依山尽', '黄河入海流', '欲穷千里目', '更上一层楼']);
    assert.deepEqual(plan.poem.linesTraditional, ['白日依山盡', '黃河入海流', '欲窮千里目', '更上一層樓']);
  });

  it('uses the corpus’s Traditional lines when they match', () => {
    const plan = interpretPoem({ ...quietNight, linesTraditional: ['床前明月光，疑是地上霜。', '舉頭望明月，低頭思故鄉。'] });
    assert.equal(plan.poem.linesTraditional[0], '床前明月光');
  });

  it('honours aspect and look', () => {
    const plan = valid(interpretPoem(quietNight, { aspect: '16:9', look: 'blue-green' }));
    assert.deepEqual(plan.style.resolution, { width: 1280, height: 720 });
    assert.equal(plan.style.look, 'blue-green');
    assert.match(plan.shots[0]?.prompt ?? '', /blue-green/);
  });

  it('rejects a poem with no verse', () => {
    assert.throws(() => interpretPoem({ ...quietNight, lines: ['，。', ' '] }), PoemInputError);
  });
});
