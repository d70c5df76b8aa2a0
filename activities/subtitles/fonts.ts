// The calligraphic (Kai) font for subtitles and seals: LXGW WenKai, else AR PL UKai. A missing
// font is a clear, early error — never a film with tofu boxes.
import { existsSync } from 'node:fs';

export const KAI_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf',
  '/usr/share/fonts/truetype/arphic/ukai.ttc',
];

export class SubtitleFontError extends Error {
  override name = 'SubtitleFontError';
}

/** The font file to use: the one asked for (which must exist), else the first installed candidate. */
export function resolveSubtitleFont(requested?: string): string {
  if (requested) {
    if (!existsSync(requested)) {
      throw new SubtitleFontError(`subtitle font not found: ${requested} (install fonts-lxgw-wenkai, or pass an existing Kai font file)`);
    }
    return requested;
  }
  const found = KAI_FONT_CANDIDATES.find((file) => existsSync(file));
  if (!found) {
    throw new SubtitleFontError(`no Kai subtitle font installed (looked for ${KAI_FONT_CANDIDATES.join(', ')}); install fonts-lxgw-wenkai`);
  }
  return found;
}
