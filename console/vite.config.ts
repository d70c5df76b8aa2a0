import { fileURLToPath } from 'node:url';
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// The console's root is this folder; server-only code also imports ../platform, ../corpus …
const consoleDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: consoleDir,
  logLevel: 'warn',
  plugins: [
    remix({
      appDirectory: `${consoleDir}app`,
      buildDirectory: `${consoleDir}build`,
      future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
    }),
  ],
  build: { target: 'es2022' },
  ssr: { target: 'node' },
});
