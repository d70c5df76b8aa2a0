import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignStrains, ciTune, detectForm, isFragmentTitle, isRegulated, knownQuTunes, quTune, splitStrains } from './forms.js';

const shi = (lines: string[], extra: Partial<Parameters<typeof detectForm>[0]> = {}) =>
  detectForm({ kind: 'shi', lines, title: '无题', ...extra }).form;

/** The textbook pattern of a regulated 五律 (仄起, first line unrhymed). */
const REGULATED_FIVE = ['仄仄平平仄，', '平平仄仄平。', '平平平仄仄，', '仄仄仄平平。', '仄仄平平仄，', '平平仄仄平。', '平平平仄仄，', '仄仄仄平平。'];
const SPRING_VIEW = ['国破山河在，', '城春草木深。', '感时花溅泪，', '恨别鸟惊心。', '烽火连三月，', '家书抵万金。', '白头搔更短，', '浑欲不胜簪。'];

describe('detectForm for 诗', () => {
  it('tells 绝句 and 律诗 by line length and count', () => {
    assert.equal(shi(['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。']), '五言绝句');
    assert.equal(shi(['两个黄鹂鸣翠柳，', '一行白鹭上青天。', '窗含西岭千秋雪，', '门泊东吴万里船。']), '七言绝句');
    assert.equal(shi(SPRING_VIEW), '五言律诗');
    assert.equal(shi(['空山新雨后', '天气晚来秋', '明月松间照', '清泉石上流', '竹喧归浣女', '莲动下渔舟', '随意春芳歇', '王孙自可留']), '五言律诗');
  });

  it('calls an eight-line poem 古诗 when its tone pattern breaks the rules, 律诗 when it keeps them', () => {
    assert.equal(shi(SPRING_VIEW, { strains: REGULATED_FIVE }), '五言律诗');
    const unruly = SPRING_VIEW.map(() => '平平平平平，');
    assert.equal(shi(SPRING_VIEW, { strains: unruly }), '五言古诗');
  });

  it('calls long even regulated poems 排律 and other long ones 古诗', () => {
    const twelve = [...SPRING_VIEW, ...SPRING_VIEW.slice(0, 4)];
    assert.equal(shi(twelve, { strains: [...REGULATED_FIVE, ...REGULATED_FIVE.slice(0, 4)] }), '五言排律');
    assert.equal(shi(twelve), '五言古诗');
    assert.equal(shi(SPRING_VIEW.slice(0, 6)), '五言古诗');
  });

  it('knows 四言, 六言, 杂言, 乐府 titles, fragments and the source’s own label', () => {
    assert.equal(shi(['关关雎鸠，', '在河之洲。', '窈窕淑女，', '君子好逑。']), '四言诗');
    assert.equal(shi(['一二三四五六，', '一二三四五六。', '一二三四五六，', '一二三四五六。']), '六言绝句');
    assert.equal(shi(['前不见古人，', '后不见来者。', '念天地之悠悠，', '独怆然而涕下。']), '杂言古诗');
    assert.equal(shi(['噫吁嚱，', '危乎高哉！'], { title: '相和歌辞 蜀道难' }), '乐府');
    assert.equal(shi(['未离海底千山黑，', '纔到天中万国明。'], { title: '句' }), '残句');
    assert.equal(shi(['床前明月光，', '疑是地上霜。', '举头望明月，', '低头思故乡。'], { hint: '乐府' }), '乐府');
  });
});

describe('detectForm for 词, 曲, 骚体 and mixed collections', () => {
  it('takes the 词牌 from the rhythmic field, dropping the alternative name', () => {
    assert.deepEqual(detectForm({ kind: 'ci', lines: ['明月几时有，'], title: '水调歌头', rhythmic: '水调歌头' }), { form: '词', tune: '水调歌头' });
    assert.equal(ciTune('木兰花・玉楼春'), '木兰花');
    assert.equal(ciTune('菩萨蛮 其一'), '菩萨蛮');
  });

  it('finds the 曲牌 in the shapes 元曲 titles come in', () => {
    const known = knownQuTunes(['梧叶儿', '鹧鸪天', '诈妮子调风月・仙吕/点绛唇', '朱太守风雪渔樵记・元和令']);
    assert.ok(known.has('梧叶儿') && known.has('点绛唇') && known.has('元和令'));
    assert.equal(quTune('诈妮子调风月・仙吕/点绛唇', known, null), '点绛唇');
    assert.equal(quTune('朱太守风雪渔樵记・元和令', known, null), '元和令');
    assert.equal(quTune('商调・梧叶儿春夜', known, null), '梧叶儿');
    assert.equal(quTune('鹧鸪天', known, null), '鹧鸪天');
    assert.equal(quTune('同前', known, '鹧鸪天'), '鹧鸪天');
    assert.equal(quTune('幺・见一日八十番觑我膘脂，除我柯杖外别有甚的。', known, '寄生草'), '寄生草');
    assert.deepEqual(detectForm({ kind: 'qu', lines: ['半世为人，'], title: '诈妮子调风月・仙吕/点绛唇', quTunes: known }), {
      form: '曲',
      tune: '点绛唇',
    });
  });

  it('calls 楚辞 with 兮 in most lines 骚体', () => {
    assert.equal(detectForm({ kind: 'sao', lines: ['帝高阳之苗裔兮，', '朕皇考曰伯庸。', '摄提贞于孟陬兮，', '惟庚寅吾以降。'], title: '离骚' }).form, '骚体');
    assert.equal(detectForm({ kind: 'sao', lines: ['遂古之初，', '谁传道之？', '上下未形，', '何由考之？'], title: '天问' }).form, '四言诗');
  });

  it('reads 纳兰性德 titles: 词牌·题 is a 词, a plain title a 诗', () => {
    assert.deepEqual(detectForm({ kind: 'mixed', lines: ['山一程，'], title: '长相思·山一程' }), { form: '词', tune: '长相思' });
    assert.equal(detectForm({ kind: 'mixed', lines: ['一二三四五，', '一二三四五。', '一二三四五，', '一二三四五。'], title: '秣陵怀古' }).form, '五言绝句');
  });
});

describe('tone patterns', () => {
  it('judges regulated verse and refuses to judge without enough known tones', () => {
    assert.equal(isRegulated(REGULATED_FIVE), true);
    assert.equal(isRegulated(REGULATED_FIVE.map((line) => line.replace(/平/g, 'x').replace(/仄/g, '平').replace(/x/g, '仄'))), false);
    assert.equal(isRegulated(REGULATED_FIVE.map(() => '○○○○○，')), null);
  });

  it('splits strains like lines and aligns them only when they fit the lines', () => {
    assert.deepEqual(splitStrains(['平平平仄仄，平仄仄平平。']), ['平平平仄仄，', '平仄仄平平。']);
    assert.deepEqual(alignStrains(['秦川雄帝宅，', '函谷壯皇居。'], ['平平平仄仄，平仄仄平平。']), ['平平平仄仄，', '平仄仄平平。']);
    assert.equal(alignStrains(['秦川雄帝宅，'], ['平平平仄仄，平仄仄平平。']), null);
    assert.equal(alignStrains(['秦川雄帝，', '函谷壯皇居。'], ['平平平仄仄，平仄仄平平。']), null);
    assert.equal(alignStrains(['秦川雄帝宅，'], null), null);
  });

  it('recognises fragment titles', () => {
    assert.ok(isFragmentTitle('句'));
    assert.ok(isFragmentTitle('句  其二'));
    assert.ok(!isFragmentTitle('句曲山'));
  });
});

describe('strains with unknown tones', () => {
  it('read ？ as a character of unknown tone, not as the end of a line', () => {
    assert.deepEqual(splitStrains(['平平？○平平仄，仄仄？平平仄平。']), ['平平？○平平仄，', '仄仄？平平仄平。']);
    assert.deepEqual(alignStrains(['奇峰嶾嶙箕山北，', '秀崿岹嶢嵩鎮南。'], ['平平？○平平仄，仄仄？平平仄平。']), ['平平？○平平仄，', '仄仄？平平仄平。']);
  });
});
