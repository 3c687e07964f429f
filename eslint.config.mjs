// Lint: the rules the type checker cannot enforce. Import boundaries between the layers, promises
// that nobody awaits, unused code, and one naming convention for files and identifiers.
import js from '@eslint/js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

/** File names are camelCase (a locale or role may follow after a dot: `strings.zh-cn.ts`, `router.budget.test.ts`). */
const FILE_NAME = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9-]*)*\.(ts|mts|cts|mjs|cjs|js)$/;

/** A rule of our own for file names: ESLint has none built in. */
const local = {
  rules: {
    'file-name': {
      meta: { type: 'suggestion', schema: [], messages: { bad: 'File name "{{name}}" is not camelCase (see eslint.config.mjs).' } },
      create(context) {
        const name = path.basename(context.filename);
        return {
          Program(node) {
            if (!FILE_NAME.test(name)) context.report({ node, messageId: 'bad', data: { name } });
          },
        };
      },
    },
  },
};

/** The layers, shared with test/unit/layering.test.ts (which also checks what lint cannot: type-only and dynamic imports). */
const layers = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8'));
const asGlob = (entry) => (/\.[a-z]+$/.test(entry) ? entry : `${entry}/**`);

const vscodeBan = { name: 'vscode', message: 'This folder is pure (layers.json): only the VS Code adapters in src/host import vscode.' };

const NO_ENUMS = { selector: 'TSEnumDeclaration', message: 'Use a union of string literals.' };

/** Import bans per layer (patterns are relative to the importing file's own imports, so match by path fragments). */
const restricted = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  // The e2e consumer extension is plain JavaScript that code-server loads as it is (no build step).
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'artifacts/**', '.vscode-test/**', 'test/e2e/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'test/*/*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { local },
    rules: {
      'local/file-name': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/naming-convention': [
        'error',
        { selector: 'typeLike', format: ['PascalCase'] },
        { selector: 'function', format: ['camelCase'] },
        { selector: 'variable', modifiers: ['const'], format: ['camelCase', 'UPPER_CASE', 'PascalCase'], leadingUnderscore: 'allow' },
        { selector: 'variable', format: ['camelCase'], leadingUnderscore: 'allow' },
      ],
      'no-restricted-syntax': ['error', NO_ENUMS],
    },
  },
  {
    // Trust and notifications each have one door: network text must not reach either unescaped or unredacted.
    files: ['src/**/*.ts'],
    ignores: ['src/host/status/notify.ts', 'src/host/chat/trust.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        NO_ENUMS,
        { selector: 'MemberExpression[property.name=/^show(Error|Warning|Information)Message$/]', message: 'Notify through src/host/status/notify.ts: it redacts the key.' },
        { selector: "MemberExpression[property.name='isTrusted']", message: 'Give chat markdown trust only in src/host/chat/trust.ts (enabledCommands, our own text).' },
      ],
    },
  },
  {
    files: layers.pure.filter((p) => p.startsWith('src/host')).map(asGlob),
    rules: {
      'no-restricted-imports': restricted([vscodeBan], [
        { group: ['**/participant', '**/languageModelProvider', '**/settingsPanel', '**/services'], message: 'A pure folder imports no adapter.' },
      ]),
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': restricted([vscodeBan], [
        { group: ['**/host/**', '**/host', '**/protocol/**', '**/protocol'], message: 'src/core is the bottom layer: it imports neither src/host nor src/protocol.' },
      ]),
    },
  },
  {
    files: ['src/protocol/**'],
    rules: {
      'no-restricted-imports': restricted([vscodeBan], [{ group: ['**/host/**', '**/host'], message: 'The protocol is shared with the page: it cannot import the host.' }]),
    },
  },
  {
    files: ['webview-ui/**'],
    rules: {
      'no-restricted-imports': restricted([vscodeBan], [
        { group: ['**/src/core/**', '**/src/host/**', '**/src/core', '**/src/host'], message: 'The page imports only src/protocol (and its own files).' },
        { regex: '^(?!\\.|(' + layers.pagePackages.join('|') + ')(/|$))', message: `The page imports only its own files, src/protocol and ${layers.pagePackages.join(', ')}.` },
      ]),
    },
  },
  {
    // Plain JavaScript build and run scripts: Node globals, no type-aware rules.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly' } },
  },
);
