// One lint configuration for the whole workspace (ESLint flat config + typescript-eslint).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/build/',
      '**/.svelte-kit/',
      '**/.data/',
      '**/test-results/',
      '**/playwright-report/',
      '**/.scratch/',
      'packages/db/migrations/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Configuration is read from the environment in one module per app (see ARCHITECTURE.md).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in src/config.ts only.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      // The web app is served at the site root (no paths.base), so plain hrefs are right.
      'svelte/no-navigation-without-resolve': 'off',
    },
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // Process entries, build scripts, test set-up and config files may read the environment.
    files: [
      '**/src/config.ts',
      '**/scripts/**',
      '**/*.config.{js,ts,mjs}',
      '**/test/**',
      'tests/**',
      '**/bench/**',
      '.ci/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
