// Lint rules that keep the design visible: the core (process, docker, ecr, push, credentials' core
// files) never imports `vscode`, so it stays testable in plain Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'vscode', message: 'The core must not import vscode; adapt it in src/ui, src/views, src/commands or src/config.' }] },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/unit/fakeCli/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: [
      'src/process/**/*.ts',
      'src/docker/**/*.ts',
      'src/ecr/**/*.ts',
      'src/push/**/*.ts',
      'src/credentials/credentialSource.ts',
      'src/credentials/EcrSessions.ts',
      'src/credentials/regionResolution.ts',
      'src/credentials/accessKeyFormat.ts',
      'test/unit/**/*.ts',
      'test/fixtures/**/*.ts',
    ],
    rules: noVscode,
  },
);
