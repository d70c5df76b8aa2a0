// Readings recitation must get right where a dictionary guesses wrong: classical readings kept
// for rhyme (斜 xiá, 还 huán) and context readings (骑 jì, 衰 cuī …). Each entry is a phrase as it
// appears in verse and the tone-numbered pinyin of that phrase; the longest phrase wins.
// (When the prompts lexicon carries a pronunciation table, the plan's `prosody` already has
// these readings; this table covers plans without it.)

export interface PolyphoneOverride {
  phrase: string;
  pinyin: string[];
  note: string;
}

export const POLYPHONE_OVERRIDES: PolyphoneOverride[] = [
  { phrase: '石径斜', pinyin: ['shi2', 'jing4', 'xia2'], note: '杜牧《山行》: 斜 rhymes with 家、花' },
  { phrase: '夕阳斜', pinyin: ['xi1', 'yang2', 'xia2'], note: '刘禹锡《乌衣巷》: rhymes with 花、家' },
  { phrase: '郭外斜', pinyin: ['guo1', 'wai4', 'xia2'], note: '孟浩然《过故人庄》: rhymes with 家、麻' },
  { phrase: '御柳斜', pinyin: ['yu4', 'liu3', 'xia2'], note: '韩翃《寒食》: rhymes with 花、家' },
  { phrase: '照我还', pinyin: ['zhao4', 'wo3', 'huan2'], note: '王安石《泊船瓜洲》: 还 = return' },
  { phrase: '一日还', pinyin: ['yi1', 'ri4', 'huan2'], note: '李白《早发白帝城》' },
  { phrase: '终不还', pinyin: ['zhong1', 'bu4', 'huan2'], note: '王昌龄《从军行》' },
  { phrase: '不复还', pinyin: ['bu4', 'fu4', 'huan2'], note: '崔颢《黄鹤楼》' },
  { phrase: '人未还', pinyin: ['ren2', 'wei4', 'huan2'], note: '王昌龄《出塞》' },
  { phrase: '还乡', pinyin: ['huan2', 'xiang1'], note: 'return home' },
  { phrase: '还家', pinyin: ['huan2', 'jia1'], note: 'return home' },
  { phrase: '鬓毛衰', pinyin: ['bin4', 'mao2', 'cui1'], note: '贺知章《回乡偶书》: 衰 cuī, rhymes with 回、来' },
  { phrase: '一骑', pinyin: ['yi2', 'ji4'], note: '杜牧《过华清宫》: 骑 as a noun (a horseman)' },
  { phrase: '千骑', pinyin: ['qian1', 'ji4'], note: '骑 as a noun' },
  { phrase: '万重山', pinyin: ['wan4', 'chong2', 'shan1'], note: 'layers of mountains' },
  { phrase: '两行', pinyin: ['liang3', 'hang2'], note: '杜甫《绝句》: 两行白鹭, a line of egrets' },
  { phrase: '不教', pinyin: ['bu4', 'jiao1'], note: '王昌龄《出塞》: 教 = let' },
  { phrase: '不胜簪', pinyin: ['bu4', 'sheng1', 'zan1'], note: '杜甫《春望》: 胜 = bear' },
  { phrase: '燕山', pinyin: ['yan1', 'shan1'], note: 'place name' },
  { phrase: '燕然', pinyin: ['yan1', 'ran2'], note: 'place name' },
];

/** Replaces syllables where an override phrase occurs in the line (longest phrases first). */
export function applyPolyphoneOverrides(chars: string[], syllables: string[], overrides: PolyphoneOverride[] = POLYPHONE_OVERRIDES): string[] {
  const out = syllables.slice();
  const line = chars.join('');
  const taken = new Array<boolean>(chars.length).fill(false);
  for (const override of overrides.slice().sort((a, b) => b.phrase.length - a.phrase.length)) {
    let from = 0;
    for (;;) {
      const at = line.indexOf(override.phrase, from);
      if (at < 0) break;
      const span = [...override.phrase].length;
      const charAt = [...line.slice(0, at)].length;
      if (!taken.slice(charAt, charAt + span).some(Boolean)) {
        for (let i = 0; i < span; i++) {
          out[charAt + i] = override.pinyin[i]!;
          taken[charAt + i] = true;
        }
      }
      from = at + override.phrase.length;
    }
  }
  return out;
}
