// Lint = the layering rules of conventions.md point 2 made executable, plus typescript-eslint's
// recommended set (syntactic only, no type information, so `npx eslint .` stays fast).
//
// Folders are runtimes:
//   main/core/**  plain Node: never `electron` (nor electron-updater, which requires it)
//   shared/**     pure TypeScript: no Node built-ins, no `electron`, no imports from main/, renderer/, preload/
//   renderer/**   browser: no Node built-ins, no `electron`, no main/ or preload/; only renderer/api/** may
//                 touch `window.fieldtape`
//   preload/**    sandboxed: `require` reaches only `electron`, `events`, `timers` and `url`
//   main/electron, main/web, main/cli  the three hosts: each adapts the engine and imports none of the
//                 others (a helper two hosts need lives in main/core); main/core imports no host
// Each rule covers static imports, `export … from`, `import x = require()`, `require()` and `import()`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names) => names.map(escape).join('|');

/** A restriction: one regex over module specifiers, and the message shown when it matches. */
const restrict = (regex, message) => ({ regex, message });

const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]))];
// A sandboxed preload's `require` provides exactly these (Electron docs, "Process Sandboxing").
const sandboxedPreloadModules = ['events', 'timers', 'url'];

const NODE_BUILTINS = restrict(
  `^(node:.*|(${anyOf(nodeBuiltins)})(/.*)?)$`,
  'Node built-ins do not exist in this runtime. Move the code to main/ and reach it through the contract.',
);
const PRELOAD_NODE_BUILTINS = restrict(
  `^(node:)?(${anyOf(nodeBuiltins.filter((m) => !sandboxedPreloadModules.includes(m)))})(/.*)?$`,
  'A sandboxed preload can require only electron, events, timers and url. Move the logic to main/.',
);
const ELECTRON = restrict(
  '^(electron|electron-updater)(/.*)?$',
  'main/core is plain Node and never imports electron: put Electron code in main/electron and inject what core needs.',
);
const ELECTRON_IN_WEB_CODE = restrict(
  '^(electron|electron-updater)(/.*)?$',
  'electron is not available here. Only main/electron and preload/ import it.',
);
const OUT_OF_SHARED = restrict(
  '^(\\.\\./)+(main|renderer|preload)(/.*)?$',
  'shared/ is the contract and depends on nothing: it must not import from main/, renderer/ or preload/.',
);
const RENDERER_TO_HOST = restrict(
  '^(\\.\\./)+(main|preload)(/.*)?$',
  'The renderer reaches main only through the contract (renderer/api), never by importing main/ or preload/.',
);

/** A host (or core) reaching into another host's folder, from any depth below main/. */
const intoHosts = (hosts, who) =>
  restrict(
    `^(\\.\\./)+(${hosts.join('|')})(/.*)?$`,
    `${who} must not import from main/${hosts.length > 1 ? `{${hosts.join(',')}}` : hosts[0]}: hosts only adapt the engine. Put what two hosts share in main/core.`,
  );

// esquery regex literals are delimited by `/`, so slashes inside must be escaped.
const asEsqueryRegex = (regex) => `/${regex.replace(/(?<!\\)\//g, '\\/')}/`;

/** no-restricted-imports covers import/export declarations; these selectors add require() and import(). */
function dynamicImportSelectors(restrictions) {
  return restrictions.flatMap(({ regex, message }) => {
    const re = asEsqueryRegex(regex);
    return [
      { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message },
      { selector: `ImportExpression[source.value=${re}]`, message },
    ];
  });
}

const WINDOW_FIELDTAPE = [
  'MemberExpression[property.name="fieldtape"]',
  'MemberExpression[computed=true][property.value="fieldtape"]',
  'VariableDeclarator[init.name=/^(window|globalThis|self)$/] > ObjectPattern > Property[key.name="fieldtape"]',
].map((selector) => ({
  selector,
  message: 'Only renderer/api/** touches window.fieldtape; import `api` from renderer/api/fieldtape instead.',
}));

/** One config object per runtime folder: the rule options are complete here, never merged across objects. */
function layer(files, restrictions, { ignores = [], extraSyntax = [] } = {}) {
  return {
    name: `fieldtape/layering ${files.join(',')}${ignores.length ? ` minus ${ignores.join(',')}` : ''}`,
    files,
    ignores,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: restrictions }],
      'no-restricted-syntax': ['error', ...dynamicImportSelectors(restrictions), ...extraSyntax],
    },
  };
}

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const in_ = (dir) => TS.map((glob) => `${dir}/${glob}`);

export default defineConfig(
  {
    name: 'fieldtape/ignores',
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.cache/**',
      'release/**',
      'test/bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  {
    name: 'fieldtape/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'fieldtape/typescript',
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'fieldtape/node-scripts',
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'fieldtape/commonjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  layer(in_('main/core'), [ELECTRON, intoHosts(['electron', 'web', 'cli'], 'main/core')]),
  layer(in_('main/electron'), [intoHosts(['web', 'cli'], 'The Electron host')]),
  layer(in_('main/web'), [ELECTRON_IN_WEB_CODE, intoHosts(['electron', 'cli'], 'The web shell')]),
  layer(in_('main/cli'), [ELECTRON_IN_WEB_CODE, intoHosts(['electron', 'web'], 'The CLI')]),
  layer(in_('shared'), [NODE_BUILTINS, ELECTRON_IN_WEB_CODE, OUT_OF_SHARED]),
  layer(in_('renderer'), [NODE_BUILTINS, ELECTRON_IN_WEB_CODE, RENDERER_TO_HOST], {
    ignores: in_('renderer/api'),
    extraSyntax: WINDOW_FIELDTAPE,
  }),
  layer(in_('renderer/api'), [NODE_BUILTINS, ELECTRON_IN_WEB_CODE, RENDERER_TO_HOST]),
  layer(in_('preload'), [PRELOAD_NODE_BUILTINS]),
  {
    ...reactHooks.configs.flat.recommended,
    name: 'fieldtape/react-hooks',
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
  },
);
