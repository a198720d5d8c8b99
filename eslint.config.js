import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'portal/dist/', 'portal/src/api/schema.gen.ts', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // `import { z }` makes esbuild keep zod's whole namespace object (every locale, JSON Schema
      // conversion both ways): ~360 kB more in every Lambda bundle than `import * as z`.
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "Use `import * as z from 'zod'`: the named `z` defeats tree-shaking." },
      ],
    },
  },
  {
    // Tests read untyped JSON answers from the API; typing every response shape there buys nothing.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The portal runs in the browser.
    files: ['portal/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Every word a person reads in the portal goes through t(): a literal in the markup would be
    // English in all fourteen languages (the locale check cannot see it).
    files: ['portal/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'title', 'alt', 'placeholder', 'label'] },
          words: {
            // Digits, ASCII punctuation and the symbols that read the same in every language.
            // "v" before a version number (v3) is read the same everywhere, like the product's name.
            exclude: ['[0-9!-/:-@[-`{-~\\s]+', '[\\s—–·…×→←✔✖●○]+', 'Dossier', '[:\\s]*v'],
          },
          // Keys and field names handed to the form's helpers, not words on the screen.
          callees: { exclude: ['i18n(ext)?', 't', 'includes', 'startsWith', 'invalid', 'describedBy', 'faultOf', 'id'] },
        },
      ],
    },
  },
  {
    // Command-line entry points talk to a person on the terminal.
    files: ['local/**', 'bench/**', 'infra/**', 'scripts/**', 'portal/scripts/**', 'shared/i18n/check-locales.ts'],
    rules: { 'no-console': 'off' },
  },
);
