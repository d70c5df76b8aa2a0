// docker-compose.yml as the static tests read it (no Docker engine runs here): the parsed file
// with YAML merge keys resolved, and the ${…} interpolations compose would perform.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../platform/config.js';

export interface ComposeService {
  image?: string;
  build?: unknown;
  init?: boolean;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { replicas?: number | string };
  restart?: string;
  profiles?: string[];
  container_name?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

export const composeText = readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8');
export const compose = parse(composeText, { merge: true }) as ComposeFile;

export interface Interpolation {
  name: string;
  /** '' (plain), ':-' / '-' (default), ':?' / '?' (required, with a message). */
  operator: string;
  argument: string;
}

const INTERPOLATION = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** Every ${…} compose interpolates in the file (`$$` is a literal dollar and is skipped). */
export function interpolations(text = composeText): Interpolation[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return [...withoutComments.matchAll(INTERPOLATION)].map((match) => ({ name: match[1]!, operator: match[2] ?? '', argument: match[3] ?? '' }));
}

/** A value as compose would interpolate it with `env` (defaults applied; a missing required variable throws). */
export function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(INTERPOLATION, (_whole, name: string, operator: string | undefined, argument: string | undefined) => {
    const set = env[name];
    if (operator === ':-') return set ? set : (argument ?? '');
    if (operator === '-') return set ?? argument ?? '';
    if (operator === ':?' || operator === '?') {
      if (set === undefined || (operator === ':?' && set === '')) throw new Error(`${name}: ${argument}`);
      return set;
    }
    return set ?? '';
  }).replace(/\$\$/g, '$');
}

export function dependencies(service: ComposeService): [string, string | undefined][] {
  const dependsOn = service.depends_on;
  if (!dependsOn) return [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined]);
  return Object.entries(dependsOn).map(([name, options]) => [name, options?.condition]);
}
