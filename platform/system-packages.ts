// The Debian packages Shiying needs, how to tell each is present, and how to install them.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { commandExists } from './process-runner.js';
import { findPostgresBin } from './postgres-cluster.js';

export interface SystemPackage {
  apt: string;
  why: string;
  present: () => boolean;
}

const anyFile = (...files: string[]) => () => files.some((file) => existsSync(file));

export const SYSTEM_PACKAGES: SystemPackage[] = [
  { apt: 'ffmpeg', why: 'film assembly and probing', present: () => commandExists('ffmpeg') && commandExists('ffprobe') },
  { apt: 'postgresql', why: 'the local database cluster', present: () => findPostgresBin() !== undefined },
  { apt: 'chromium', why: 'browser tests', present: anyFile('/usr/bin/chromium') },
  { apt: 'espeak-ng', why: 'offline Mandarin narration', present: () => commandExists('espeak-ng', '--version') },
  { apt: 'sox', why: 'offline music bed synthesis', present: () => commandExists('sox', '--version') },
  { apt: 'fonts-lxgw-wenkai', why: 'Kai calligraphic subtitles', present: anyFile('/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf') },
  { apt: 'fonts-noto-cjk', why: 'CJK interface text', present: anyFile('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') },
];

export function missingSystemPackages(): SystemPackage[] {
  return SYSTEM_PACKAGES.filter((pkg) => !pkg.present());
}

export function installCommand(packages: SystemPackage[]): string {
  return `apt-get install -y ${packages.map((pkg) => pkg.apt).join(' ')}`;
}

/** Installs with apt when we can (root on Debian); otherwise explains exactly what to run. */
export function installSystemPackages(packages: SystemPackage[], log: (line: string) => void): { ok: boolean; message?: string } {
  if (packages.length === 0) return { ok: true };
  const canApt = process.getuid?.() === 0 && commandExists('apt-get', '--version') && process.env.SHIYING_SKIP_APT !== '1';
  if (!canApt) {
    return {
      ok: false,
      message:
        `Missing system packages: ${packages.map((pkg) => `${pkg.apt} (${pkg.why})`).join(', ')}.\n` +
        `Install them as root: apt-get update && ${installCommand(packages)}`,
    };
  }
  log(`installing ${packages.map((pkg) => pkg.apt).join(' ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return { ok: false, message: 'apt-get update failed; see the output above' };
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages.map((pkg) => pkg.apt)], { stdio: 'inherit', env });
  if (install.status !== 0) return { ok: false, message: `apt-get install failed; run by hand: ${installCommand(packages)}` };
  const still = missingSystemPackages();
  if (still.length > 0) return { ok: false, message: `still missing after apt-get: ${still.map((pkg) => pkg.apt).join(', ')}` };
  return { ok: true };
}
