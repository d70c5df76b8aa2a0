// The collections of the `chinese-poetry` package that make up the corpus: where each one's
// files are, which script and dynasty its texts are in, and what kind of verse it holds.
// Anthologies (唐诗三百首, 宋词三百首) are linked to the poem in their base collection rather
// than stored twice.

export type Script = 'traditional' | 'simplified';

/** What kind of verse a collection holds; decides how form and tune are detected. */
export type VerseKind = 'shi' | 'ci' | 'qu' | 'sao' | 'mixed';

export interface CollectionDefinition {
  /** Chinese name, used in the database and in the poem JSON. */
  name: string;
  /** ASCII alias accepted by the CLI (`--collections quantangshi,songci`). */
  slug: string;
  script: Script;
  /** Dynasty of every poem (楚辞 overrides per author). */
  dynasty: string;
  kind: VerseKind;
  /** For anthologies: the collection whose poems they select (entries are linked, not copied). */
  anthologyOf?: string;
  /** Whether source records carry the package's own id. */
  hasSourceIds: boolean;
}

export const COLLECTIONS: readonly CollectionDefinition[] = [
  { name: '全唐诗', slug: 'quantangshi', script: 'traditional', dynasty: '唐', kind: 'shi', hasSourceIds: true },
  { name: '全宋诗', slug: 'quansongshi', script: 'traditional', dynasty: '宋', kind: 'shi', hasSourceIds: true },
  { name: '宋词', slug: 'songci', script: 'simplified', dynasty: '宋', kind: 'ci', hasSourceIds: false },
  { name: '元曲', slug: 'yuanqu', script: 'simplified', dynasty: '元', kind: 'qu', hasSourceIds: false },
  { name: '诗经', slug: 'shijing', script: 'simplified', dynasty: '先秦', kind: 'shi', hasSourceIds: false },
  { name: '楚辞', slug: 'chuci', script: 'simplified', dynasty: '先秦', kind: 'sao', hasSourceIds: false },
  { name: '花间集', slug: 'huajianji', script: 'simplified', dynasty: '五代', kind: 'ci', hasSourceIds: false },
  { name: '南唐二主词', slug: 'nantang', script: 'simplified', dynasty: '五代', kind: 'ci', hasSourceIds: false },
  { name: '纳兰性德诗集', slug: 'nalanxingde', script: 'simplified', dynasty: '清', kind: 'mixed', hasSourceIds: false },
  { name: '曹操诗集', slug: 'caocao', script: 'simplified', dynasty: '汉', kind: 'shi', hasSourceIds: false },
  {
    name: '唐诗三百首',
    slug: 'tangshisanbaishou',
    script: 'traditional',
    dynasty: '唐',
    kind: 'shi',
    anthologyOf: '全唐诗',
    hasSourceIds: false,
  },
  {
    name: '宋词三百首',
    slug: 'songcisanbaishou',
    script: 'simplified',
    dynasty: '宋',
    kind: 'ci',
    anthologyOf: '宋词',
    hasSourceIds: false,
  },
];

/** 楚辞 spans 屈原's time and the Han imitators; these authors are pre-Qin, the rest Han. */
export const PRE_QIN_CHUCI_AUTHORS = new Set(['屈原', '宋玉', '景差']);

export function collectionByName(nameOrSlug: string): CollectionDefinition | undefined {
  const wanted = nameOrSlug.trim().toLowerCase();
  return COLLECTIONS.find((collection) => collection.name === nameOrSlug.trim() || collection.slug === wanted);
}

/**
 * Resolves the collections an import should read, in import order (bases before anthologies).
 * An anthology and its base collection are always imported together: the anthology's entries are
 * linked to the base's poems, and re-importing the base alone would undo those links.
 * Throws on an unknown name.
 */
export function resolveCollections(requested?: readonly string[]): CollectionDefinition[] {
  if (!requested || requested.length === 0) return [...COLLECTIONS];
  const wanted = new Set<string>();
  for (const raw of requested) {
    const collection = collectionByName(raw);
    if (!collection) {
      const known = COLLECTIONS.map((c) => `${c.name} (${c.slug})`).join(', ');
      throw new Error(`Unknown collection "${raw}". Known collections: ${known}`);
    }
    wanted.add(collection.name);
    if (collection.anthologyOf) wanted.add(collection.anthologyOf);
    for (const anthology of COLLECTIONS) if (anthology.anthologyOf === collection.name) wanted.add(anthology.name);
  }
  return COLLECTIONS.filter((collection) => wanted.has(collection.name));
}
