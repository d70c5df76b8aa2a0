import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// The console's root is this folder; server-only code also imports ../platform, ../corpus …
const consoleDir = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = path.resolve(consoleDir, '..');
const serverBuildDir = path.join(consoleDir, 'build', 'server');

/**
 * The server build leaves the project's own modules outside console/ (prompts, productions,
 * activities, platform, corpus, workflows) unbundled: they read data files next to themselves
 * (`new URL('./data/…', import.meta.url)`), which only works where they live. The console runs
 * through bin/shiying.js, whose loader (tsx) imports them as TypeScript.
 */
function projectModuleOutsideConsole(id: string): boolean {
  if (!path.isAbsolute(id) || id.includes(`${path.sep}node_modules${path.sep}`)) return false;
  return id.startsWith(projectRoot + path.sep) && !id.startsWith(consoleDir) && /\.(ts|js)$/.test(id);
}

export default defineConfig(({ isSsrBuild }) => ({
  root: consoleDir,
  publicDir: path.join(consoleDir, 'public'),
  logLevel: 'warn',
  plugins: [
    remix({
      appDirectory: `${consoleDir}app`,
      buildDirectory: `${consoleDir}build`,
      future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    }),
  ],
  build: {
    target: 'es2022',
    ...(isSsrBuild
      ? {
          rollupOptions: {
            external: (id: string) => projectModuleOutsideConsole(id),
            makeAbsoluteExternalsRelative: false,
            // Imported relative to the server build, so the project can move after building.
            output: { paths: (id: string) => (projectModuleOutsideConsole(id) ? path.relative(serverBuildDir, id).split(path.sep).join('/') : id) },
          },
        }
      : {}),
  },
  ssr: { target: 'node' },
}));
