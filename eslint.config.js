// ESLint: correctness rules for TypeScript and Astro, and the layer rule of ARCHITECTURE.md for
// the files dependency-cruiser cannot read (.astro frontmatter). Formatting is Prettier's job.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import patterns that a layer may not use, with the reason ESLint prints. */
const DB = {
  group: ['**/db/*', '**/db/**', '!**/src/lib/server/db.ts'],
  message: 'Trang, thành phần và action chỉ đọc cơ sở dữ liệu qua src/lib/server/ (ARCHITECTURE.md).',
};
const SERVER = {
  group: ['**/server/*', '**/server/**', '**/db/*', '**/db/**'],
  message: 'src/lib/<lĩnh vực>/ là quy tắc thuần: không dùng mã máy chủ hay cơ sở dữ liệu (ARCHITECTURE.md).',
};
const ASTRO_MODULES = {
  group: ['astro:*'],
  message: 'src/lib/<lĩnh vực>/ là quy tắc thuần: không dùng module astro: (ARCHITECTURE.md).',
};

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', '.astro/', '.tmp/', '.bench/', 'data/', 'public/', 'content/', 'src/env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Validators and sanitisers match control characters on purpose (safe-url, lesson text).
      'no-control-regex': 'off',
      // TypeScript already resolves every name (DOM and Node types included); ESLint's list would not.
      'no-undef': 'off',
    },
  },
  {
    // Tests read JSON answers loosely; the API tests parse them through src/schemas/api/ where it matters.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Sent as-is into the H5P iframe (its hash is in the CSP); it runs against H5P's untyped globals.
    files: ['src/lib/server/h5p/player-bridge.iframe.js'],
    rules: { '@typescript-eslint/ban-ts-comment': ['error', { 'ts-nocheck': false }] },
  },
  {
    files: ['src/pages/**', 'src/components/**', 'src/layouts/**', 'src/actions/**', 'src/middleware.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [DB] }] },
  },
  {
    files: ['src/lib/**'],
    ignores: ['src/lib/server/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [SERVER, ASTRO_MODULES] }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Quy tắc thuần không đọc biến môi trường: nhận giá trị qua tham số (ARCHITECTURE.md).',
        },
      ],
    },
  },
  {
    files: ['src/scripts/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ ...SERVER, allowTypeImports: true }] }],
    },
  },
);
