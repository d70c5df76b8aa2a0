// Publication slugs: readable pinyin of title and poet (静夜思 · 李白 → jing-ye-si-li-bai).
import { pinyin } from 'pinyin-pro';

export function publicationSlug(title: string, author: string): string {
  const words = pinyin(`${title} ${author}`, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const slug = words
    .join('-')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'poem';
}

/** The slug, or the first of slug-2, slug-3 … not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
