import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caesuraFor, caesuraInCharacters, segmentLine, type Meter } from './segmentation.js';

// Well-known lines and how a reader of classical verse divides them. Regular 诗 lines are cut at
// the caesura (五言 2|3, 七言 2|2|3) before jieba runs; 词 / 曲 / irregular lines are `free`.
const REGULAR: [string, string][] = [
  ['床前明月光', '床前/明月/光'],
  ['疑是地上霜', '疑是/地上/霜'],
  ['举头望明月', '举头/望/明月'],
  ['低头思故乡', '低头/思/故乡'],
  ['白日依山尽', '白日/依山/尽'],
  ['黄河入海流', '黄河/入海/流'],
  ['欲穷千里目', '欲穷/千里/目'],
  ['更上一层楼', '更上/一层/楼'],
  ['春眠不觉晓', '春眠/不觉/晓'],
  ['处处闻啼鸟', '处处/闻/啼鸟'],
  ['夜来风雨声', '夜来/风雨/声'],
  ['花落知多少', '花落/知/多少'],
  ['月落乌啼霜满天', '月落/乌啼/霜/满天'],
  ['江枫渔火对愁眠', '江枫/渔火/对/愁眠'],
  ['姑苏城外寒山寺', '姑苏/城外/寒山寺'],
  ['夜半钟声到客船', '夜半/钟声/到/客船'],
  ['朝辞白帝彩云间', '朝辞/白帝/彩云/间'],
  ['千里江陵一日还', '千里/江陵/一日/还'],
  ['两岸猿声啼不住', '两岸/猿声/啼/不住'],
  ['轻舟已过万重山', '轻舟/已过/万重山'],
  ['故人西辞黄鹤楼', '故人/西辞/黄鹤楼'],
  ['烟花三月下扬州', '烟花/三月/下/扬州'],
  ['孤帆远影碧空尽', '孤帆/远影/碧空/尽'],
  ['唯见长江天际流', '唯见/长江/天际/流'],
  ['渭城朝雨浥轻尘', '渭城/朝雨/浥/轻尘'],
  ['客舍青青柳色新', '客舍/青青/柳色/新'],
  ['劝君更尽一杯酒', '劝君/更尽/一杯/酒'],
  ['西出阳关无故人', '西出/阳关/无/故人'],
  ['秦时明月汉时关', '秦时/明月/汉时/关'],
  ['万里长征人未还', '万里/长征/人/未还'],
  ['但使龙城飞将在', '但使/龙城/飞将/在'],
  ['不教胡马度阴山', '不教/胡马/度/阴山'],
  ['黄河远上白云间', '黄河/远上/白云/间'],
  ['一片孤城万仞山', '一片/孤城/万仞/山'],
  ['羌笛何须怨杨柳', '羌笛/何须/怨/杨柳'],
  ['春风不度玉门关', '春风/不度/玉门关'],
  ['千山鸟飞绝', '千山/鸟飞/绝'],
  ['万径人踪灭', '万径/人踪/灭'],
  ['孤舟蓑笠翁', '孤舟/蓑笠/翁'],
  ['独钓寒江雪', '独钓/寒江/雪'],
  ['国破山河在', '国破/山河/在'],
  ['城春草木深', '城春/草木/深'],
  ['感时花溅泪', '感时/花/溅泪'],
  ['恨别鸟惊心', '恨别/鸟/惊心'],
  ['烽火连三月', '烽火/连/三月'],
  ['家书抵万金', '家书/抵/万金'],
  ['白头搔更短', '白头/搔/更短'],
  ['浑欲不胜簪', '浑欲/不胜/簪'],
  ['两个黄鹂鸣翠柳', '两个/黄鹂/鸣/翠柳'],
  ['一行白鹭上青天', '一行/白鹭/上/青天'],
  ['窗含西岭千秋雪', '窗含/西岭/千秋/雪'],
  ['门泊东吴万里船', '门泊/东吴/万里/船'],
  ['风急天高猿啸哀', '风急/天高/猿啸/哀'],
  ['无边落木萧萧下', '无边/落木/萧萧/下'],
  ['不尽长江滚滚来', '不尽/长江/滚滚/来'],
  ['日照香炉生紫烟', '日照/香炉/生/紫烟'],
  ['遥看瀑布挂前川', '遥看/瀑布/挂/前川'],
  ['飞流直下三千尺', '飞流/直下/三千/尺'],
  ['疑是银河落九天', '疑是/银河/落/九天'],
  ['远上寒山石径斜', '远上/寒山/石径/斜'],
  ['白云生处有人家', '白云/生处/有/人家'],
  ['停车坐爱枫林晚', '停车/坐爱/枫林/晚'],
  ['霜叶红于二月花', '霜叶/红于/二月/花'],
  ['清明时节雨纷纷', '清明/时节/雨/纷纷'],
  ['路上行人欲断魂', '路上/行人/欲/断魂'],
  ['借问酒家何处有', '借问/酒家/何处/有'],
  ['牧童遥指杏花村', '牧童/遥指/杏花/村'],
  ['离离原上草', '离离/原上/草'],
  ['野火烧不尽', '野火/烧/不尽'],
  ['春风吹又生', '春风/吹/又生'],
  ['红豆生南国', '红豆/生/南国'],
  ['此物最相思', '此物/最/相思'],
  ['少小离家老大回', '少小/离家/老大/回'],
  ['儿童相见不相识', '儿童/相见/不/相识'],
  ['笑问客从何处来', '笑问/客从/何处/来'],
  ['独在异乡为异客', '独在/异乡/为/异客'],
  ['每逢佳节倍思亲', '每逢/佳节/倍/思亲'],
  ['遍插茱萸少一人', '遍插/茱萸/少/一人'],
  ['南朝四百八十寺', '南朝/四百/八十/寺'],
  ['多少楼台烟雨中', '多少/楼台/烟雨/中'],
  ['旧时王谢堂前燕', '旧时/王谢/堂前/燕'],
  ['慈母手中线', '慈母/手中/线'],
  ['游子身上衣', '游子/身上/衣'],
  ['谁言寸草心', '谁言/寸草/心'],
  ['报得三春晖', '报得/三春/晖'],
  ['巴山夜雨涨秋池', '巴山/夜雨/涨/秋池'],
  ['何当共剪西窗烛', '何当/共剪/西窗/烛'],
  ['松下问童子', '松下/问/童子'],
  ['云深不知处', '云深/不知/处'],
  ['大漠孤烟直', '大漠/孤烟/直'],
  ['长河落日圆', '长河/落日/圆'],
  ['明月松间照', '明月/松间/照'],
  ['清泉石上流', '清泉/石上/流'],
  ['莲动下渔舟', '莲动/下/渔舟'],
  ['独坐幽篁里', '独坐/幽篁/里'],
  ['空山不见人', '空山/不见/人'],
  ['返景入深林', '返景/入/深林'],
];

const FREE: [string, string][] = [
  ['大江东去', '大江/东去'],
  ['羽扇纶巾', '羽扇/纶巾'],
  ['樯橹灰飞烟灭', '樯橹/灰飞/烟灭'],
  ['一尊还酹江月', '一尊/还酹/江月'],
  ['寻寻觅觅', '寻寻/觅觅'],
  ['冷冷清清', '冷冷/清清'],
  ['凄凄惨惨戚戚', '凄凄/惨惨/戚戚'],
  ['梧桐更兼细雨', '梧桐/更兼/细雨'],
  ['明月几时有', '明月/几时/有'],
  ['把酒问青天', '把酒/问/青天'],
  ['对潇潇暮雨洒江天', '对/潇潇/暮雨/洒/江天'],
  ['恰似一江春水向东流', '恰似/一江/春水/向/东流'],
  ['枯藤老树昏鸦', '枯藤/老树/昏鸦'],
  ['小桥流水人家', '小桥/流水/人家'],
  ['古道西风瘦马', '古道/西风/瘦马'],
  ['念天地之悠悠', '念/天地/之/悠悠'],
  ['独怆然而涕下', '独/怆然/而/涕下'],
  ['前不见古人', '前/不见/古人'],
  ['杨柳岸', '杨柳/岸'],
  ['晓风残月', '晓风/残月'],
  ['人比黄花瘦', '人/比/黄花/瘦'],
];

function segmented(line: string, meter: Meter): string {
  return segmentLine(line, meter)
    .segments.map((segment) => segment.text)
    .join('/');
}

describe('segmentLine: well-known lines', () => {
  it('has at least 60 pinned lines', () => {
    assert.ok(REGULAR.length + FREE.length >= 60);
  });
  for (const [line, expected] of REGULAR) {
    it(`诗 ${line} → ${expected}`, () => assert.equal(segmented(line, 'regular'), expected));
  }
  for (const [line, expected] of FREE) {
    it(`词 ${line} → ${expected}`, () => assert.equal(segmented(line, 'free'), expected));
  }
});

describe('caesura', () => {
  it('五言 pauses after the 2nd character, 七言 after the 4th with a minor pause after the 2nd', () => {
    assert.deepEqual(caesuraInCharacters(5), { major: [2], minor: [] });
    assert.deepEqual(caesuraInCharacters(7), { major: [4], minor: [2] });
    assert.deepEqual(caesuraInCharacters(4), { major: [2], minor: [] });
    assert.deepEqual(caesuraInCharacters(3), { major: [], minor: [] });
  });
  it('long 词 lines end on a 2|2|3 tail', () => {
    // 恰似|一江|春水|向东流
    assert.deepEqual(caesuraInCharacters(9), { major: [2, 6], minor: [4] });
  });
  it('counts characters, not UTF-16 units, for characters outside the BMP', () => {
    const line = '𠀀𠀁明月光';
    assert.deepEqual(caesuraFor(line), { major: [4], minor: [] });
  });
});

describe('segmentLine: robustness', () => {
  const odd = ['', '月', 'A', '床前明月光，', 'abc中文def', '𠀀𠀁𠀂𠀃𠀄', '一二三四五六七八九十一二三四五', '　 ', '😀月😀'];
  for (const line of odd) {
    it(`rebuilds ${JSON.stringify(line)} exactly with contiguous offsets`, () => {
      for (const meter of ['regular', 'free'] as const) {
        const { segments } = segmentLine(line, meter);
        assert.equal(segments.map((segment) => segment.text).join(''), line);
        let offset = 0;
        for (const segment of segments) {
          assert.equal(segment.start, offset);
          assert.equal(line.slice(segment.start, segment.end), segment.text);
          offset = segment.end;
        }
        assert.equal(offset, line.length);
      }
    });
  }
});
