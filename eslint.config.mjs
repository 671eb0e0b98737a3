// Lint, and the layering rules of the house (an error, so `npm test` fails on a violation):
//   main logic ↛ electron (only main/shell/ may import it)
//   renderer ↛ main, ↛ preload (except the contract and the API types)
//   preload ↛ main
//   core ↛ node:, electron, react, DOM, main, renderer, preload (pure: main, renderer and contract share it)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const electronOnlyInShell = {
  name: 'electron',
  message:
    'Only main/shell/ may import electron; main logic must run in plain Node (see README, Architecture).',
};

/** core/ is pure TypeScript: main, the renderer and the contract all import it. */
const coreImportRule = (allowNode) => [
  'error',
  {
    paths: [
      { name: 'electron', message: 'core/ is pure: no electron.' },
      { name: 'react', message: 'core/ is pure: no React (views live in the renderer).' },
      { name: 'react-dom', message: 'core/ is pure: no React (views live in the renderer).' },
      ...(allowNode
        ? []
        : ['fs', 'path', 'crypto', 'os', 'url', 'buffer', 'child_process'].map((name) => ({
            name,
            message: 'core/ is pure: no Node built-ins (it runs in the renderer too).',
          }))),
    ],
    patterns: [
      ...(allowNode
        ? []
        : [
            { group: ['node:*'], message: 'core/ is pure: no Node built-ins (it runs in the renderer too).' },
          ]),
      { group: ['react/*', 'react-dom/*'], message: 'core/ is pure: no React (views live in the renderer).' },
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'core/ depends on nothing of the app.',
      },
    ],
  },
];
const domGlobals = ['window', 'document', 'HTMLElement', 'localStorage', 'sessionStorage', 'navigator'].map(
  (name) => ({
    name,
    message: 'core/ is pure: no DOM (it runs in main too).',
  }),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='loadFile']",
          message: 'Serve the UI over app://, never file://.',
        },
      ],
    },
  },
  {
    // Plain-JS build and CI scripts run in Node.
    files: ['**/*.{mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/renderer/**', '**/test/**'],
              message: 'main must not depend on the renderer or tests.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of main may use the shared test fixtures (test/fixtures, test/lab); main code may not.
    files: ['main/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: ['**/renderer/**'], message: 'main must not depend on the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': coreImportRule(false),
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    // Tests of core run in Node and may read the shared corpus from disk; they stay free of the app.
    files: ['core/**/*.test.ts'],
    rules: { 'no-restricted-imports': coreImportRule(true) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main through window.annotator only.' }],
          patterns: [
            {
              group: ['**/main/**'],
              message: 'The renderer imports types from the IPC contract, never code from main/.',
            },
            {
              group: [
                '**/preload/*',
                '!**/preload/contract.ts',
                '!**/preload/contract',
                '!**/preload/api.ts',
              ],
              message: 'Only the contract and API types are shared with the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**'],
              message: 'The preload never imports main logic; it only forwards the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    ignores: ['preload/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only preload/preload.ts touches Electron; the rest is shared with the harness.',
            },
          ],
          patterns: [
            {
              group: ['**/main/**'],
              message: 'The preload never imports main logic; it only forwards the contract.',
            },
          ],
        },
      ],
    },
  },
);
