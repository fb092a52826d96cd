import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'bench/data/', 'coverage/', 'test-artifacts/'] },
  // The compiled CLI (npm run build).
  { ignores: ['dist/'] },
  // The built dashboard (npm run build:web).
  { ignores: ['web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The dashboard runs in the browser.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
        ResizeObserver: 'readonly',
      },
    },
  },
  {
    // The bin shim and the tests' module hook are plain JavaScript run by Node.
    files: ['bin/**/*.js', 'test/**/*.js'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
