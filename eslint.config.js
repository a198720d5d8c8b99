import js from '@eslint/js';
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
    // Command-line entry points talk to a person on the terminal.
    files: ['local/**', 'bench/**', 'infra/**', 'scripts/**', 'portal/scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
