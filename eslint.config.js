import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// A feature meets another only through its front door (index.ts): one zone per feature, read
// from the folder so that a new feature is covered without editing this file.
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureZones = FEATURES.map((feature) => ({
  target: `./src/features/${feature}`,
  from: './src/features',
  except: [
    `./${feature}`,
    ...FEATURES.filter((other) => other !== feature).map((other) => `./${other}/index.ts`),
  ],
  message: 'Import another feature only through its index.ts (DESIGN.md, Boundaries).',
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'public/build/', 'db/migrations/', 'coverage/'] },
  js.configs.recommended,
  // Type-checked strict rules for TypeScript; plain JavaScript files get the untyped set.
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers read naturally in messages ("3 sessions"); other non-strings must be formatted.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Tests index into results they have just asserted the length of.
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['public/**/*.js', 'src/client/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  { files: ['scripts/**/*.mjs', '*.js'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      // Dependencies are parsed as TypeScript too, or no-cycle cannot follow them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] }),
      ],
    },
    rules: {
      // Tests are leaves: shared test code lives in tests/support (and keeps the rule below sound).
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '\\.test(\\.tsx?)?$', message: 'Do not import a test file.' }] },
      ],
      'import-x/no-restricted-paths': ['error', { zones: featureZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Nothing imports a test file, so no test file can be on a cycle; following a test's imports
    // only parsed the modules again (no-cycle was 14% of ESLint's time).
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: { 'import-x/no-cycle': 'off' },
  },
);
