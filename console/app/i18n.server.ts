// The reader's language and script: `?lang=` / `?script=` (for shared links) over the
// `shiying_lang` / `shiying_script` cookies the toggles set. Chinese unless the reader chose
// English; Simplified unless chosen or the browser prefers Traditional (zh-TW, zh-HK, zh-Hant).
import * as OpenCC from 'opencc-js';
import { STRINGS, type Lang, type Preferences, type Script, type StringKey } from './i18n.js';
import { readCookie } from './session.server.js';

let hant: Partial<Record<StringKey, string>> | undefined;
function traditionalStrings(): Partial<Record<StringKey, string>> {
  if (!hant) {
    const convert = OpenCC.Converter({ from: 'cn', to: 'tw' });
    hant = Object.fromEntries(Object.entries(STRINGS).map(([key, [zh]]) => [key, convert(zh)])) as Partial<Record<StringKey, string>>;
  }
  return hant;
}

export function preferencesOf(request: Request): Preferences {
  const url = new URL(request.url);
  const langParam = url.searchParams.get('lang') ?? readCookie(request, 'shiying_lang');
  const scriptParam = url.searchParams.get('script') ?? readCookie(request, 'shiying_script');
  const accept = request.headers.get('Accept-Language') ?? '';
  const lang: Lang = langParam === 'en' ? 'en' : 'zh';
  const script: Script = scriptParam === 'hant' || scriptParam === 'hans' ? scriptParam : /zh-(hant|tw|hk|mo)/i.test(accept) ? 'hant' : 'hans';
  return { lang, script, ...(lang === 'zh' && script === 'hant' ? { hant: traditionalStrings() } : {}) };
}
