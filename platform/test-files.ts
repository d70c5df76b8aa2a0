// Finds every test file: unit tests beside the code, and tests/ for the rest.
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config.js';

export const TEST_ROOTS = ['platform', 'bin', 'corpus', 'prompts', 'workflows', 'activities', 'productions', 'console/app', 'tests'];

function walk(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'build' || entry === 'fixtures' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, found);
    else if (entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) found.push(full);
  }
}

/** Test files, optionally only those whose relative path contains one of `filters`. */
export function findTestFiles(filters: string[] = []): string[] {
  const found: string[] = [];
  for (const root of TEST_ROOTS) {
    const dir = path.join(projectRoot, root);
    if (existsSync(dir)) walk(dir, found);
  }
  const relative = found.map((file) => path.relative(projectRoot, file)).sort();
  return filters.length === 0 ? relative : relative.filter((file) => filters.some((filter) => file.includes(filter)));
}
