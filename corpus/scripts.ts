// Converting poems between the two scripts with opencc-js.
//
// Configs (see corpus/README.md):
// - Traditional → Simplified: `{ from: 't', to: 'cn' }` (OpenCC `t2s`). The package's Traditional
//   texts (全唐诗, 全宋诗, 唐诗三百首) are in OpenCC-standard forms (爲, 牀, 衆), which is exactly
//   what `t2s` reads; the regional `tw`/`hk` inputs would miss some of them.
// - Simplified → Traditional: `{ from: 'cn', to: 't' }` (OpenCC `s2t`), so converted texts use
//   the same OpenCC-standard forms as the texts that are Traditional at source, rather than
//   Taiwan or Hong Kong conventions (為, 床).
// Both use OpenCC's phrase segmentation (乾坤 stays 乾坤, 明月幾時有 not 明月几時有).
// A text is never converted into the script it is already in: the source text is kept as is.
import OpenCC from 'opencc-js';
import type { Script } from './collections.js';

export const OPENCC_CONFIGS = {
  toSimplified: { from: 't', to: 'cn' },
  toTraditional: { from: 'cn', to: 't' },
} as const;

let simplify: ((text: string) => string) | undefined;
let traditionalise: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  const convert = (simplify ??= OpenCC.Converter(OPENCC_CONFIGS.toSimplified));
  return convert(text);
}

export function toTraditional(text: string): string {
  const convert = (traditionalise ??= OpenCC.Converter(OPENCC_CONFIGS.toTraditional));
  return convert(text);
}

/** Converts many short strings with one converter call (much faster than one call each). */
export function convertAll(texts: readonly string[], convert: (text: string) => string): string[] {
  if (texts.length === 0) return [];
  if (texts.length === 1) return [convert(texts[0]!)];
  const joined = convert(texts.join('\n'));
  const parts = joined.split('\n');
  if (parts.length === texts.length) return parts;
  return texts.map(convert); // a text held a newline: convert one by one
}

export interface BothScripts {
  simplified: string[];
  traditional: string[];
}

/** The texts in both scripts; the ones matching `script` are the source texts, untouched. */
export function inBothScripts(texts: readonly string[], script: Script): BothScripts {
  return script === 'traditional'
    ? { simplified: convertAll(texts, toSimplified), traditional: [...texts] }
    : { simplified: [...texts], traditional: convertAll(texts, toTraditional) };
}
