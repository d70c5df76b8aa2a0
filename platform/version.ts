import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config.js';

let cached: string | undefined;

/** The application version from package.json. */
export function appVersion(): string {
  return (cached ??= (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
}
