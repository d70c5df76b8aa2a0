// Executables the media activities need, checked when a worker starts so a missing one is
// one clear line instead of a failed activity later.
import { UserFacingError } from '../bin/command.js';
import type { Config } from './config.js';
import { commandExists } from './process-runner.js';

export function checkToolchain(config: Config): void {
  for (const [name, executable] of [['ffmpeg', config.ffmpegPath], ['ffprobe', config.ffprobePath]] as const) {
    if (!commandExists(executable)) {
      throw new UserFacingError(
        `${name} not found at "${executable}": install it (apt-get install ffmpeg) or set ${name.toUpperCase()}_PATH`,
      );
    }
  }
}
