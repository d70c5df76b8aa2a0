// ESLint: TypeScript recommended everywhere, plus the determinism rules Temporal needs in
// workflows/ (no Node built-ins, no clocks, randomness or timers of the host).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'console/build/**', '.data/**', 'console/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/shiying.js', 'eslint.config.js', 'platform/patches/*.mjs', 'tests/support/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly' } },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins (do I/O in an activity).' })),
          patterns: [
            {
              group: ['../activities/*', '../../activities/*'],
              allowTypeImports: true,
              message: 'Workflows import only activity types (proxyActivities<typeof …>).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use workflow time (Date inside the sandbox is replay-safe; prefer workflowInfo() or sleep()).' },
        { object: 'Math', property: 'random', message: 'Use uuid4() or a seeded value from workflow input.' },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'process', 'require', 'fetch'].map(
          (name) => ({ name, message: `\`${name}\` is non-deterministic or host I/O: use @temporalio/workflow (sleep, condition) or an activity.` }),
        ),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: take time from the workflow API.' },
      ],
    },
  },
);
