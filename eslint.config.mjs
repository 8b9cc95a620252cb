// Lint rules that keep the design visible. The layers, lowest first; a folder imports only from the
// folders listed before it (arrows point down), and only the UI layer imports `vscode`:
//   core (plain Node): process → docker, ecr → credentials → push
//   UI layer:          config → ui → views → commands, tasks → src/extension.ts (the composition root)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Each folder of src/ and the folders it may import from. */
const LAYERS = {
  process: [],
  docker: ['process'],
  ecr: ['process'],
  credentials: ['process', 'ecr'],
  push: ['process', 'docker', 'ecr', 'credentials'],
  config: ['process', 'docker', 'ecr', 'credentials', 'push'],
  ui: ['process', 'docker', 'ecr', 'credentials', 'push', 'config'],
  views: ['process', 'docker', 'ecr', 'credentials', 'push', 'config', 'ui'],
  commands: ['process', 'docker', 'ecr', 'credentials', 'push', 'config', 'ui', 'views'],
  tasks: ['process', 'docker', 'ecr', 'credentials', 'push', 'config', 'ui', 'views'],
};
const CORE = ['process', 'docker', 'ecr', 'credentials', 'push'];

function layerRule(folder) {
  const above = Object.keys(LAYERS).filter((other) => other !== folder && !LAYERS[folder].includes(other));
  const options = {};
  if (CORE.includes(folder)) {
    options.paths = [
      { name: 'vscode', message: 'The core must not import vscode; adapt it in src/config, src/ui, src/views or src/commands.' },
    ];
  }
  if (above.length > 0) {
    options.patterns = [
      {
        group: above.flatMap((other) => [`../${other}/*`, `../../${other}/*`]),
        message: `src/${folder} sits below that folder: arrows point down (see the layer list in eslint.config.mjs).`,
      },
    ];
  }
  return Object.keys(options).length > 0 ? { 'no-restricted-imports': ['error', options] } : {};
}

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
  ...Object.keys(LAYERS).map((folder) => ({ files: [`src/${folder}/**/*.ts`], rules: layerRule(folder) })),
  {
    // What the user reads is translated: a message, button, title or prompt handed straight to VS Code
    // as a string or template literal has bypassed vscode.l10n.t (see package.nls.json and l10n/).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(show(Information|Warning|Error)Message|setStatusBarMessage)$/] > :matches(Literal[value=/.*/], TemplateLiteral)',
          message: 'Pass user-facing text through vscode.l10n.t(…) (placeholders {0}, {1}), not as a literal.',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(showQuickPick|showInputBox|withProgress|createQuickPick|createInputBox)$/] Property[key.name=/^(title|placeHolder|prompt)$/] > :matches(Literal[value=/.*/], TemplateLiteral).value',
          message: 'Pass user-facing text through vscode.l10n.t(…) (placeholders {0}, {1}), not as a literal.',
        },
      ],
    },
  },
  {
    // Plain-mocha tests and the local stack run without VS Code.
    files: ['test/unit/**/*.ts', 'test/fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'Unit tests and fixtures run in plain Node, without vscode.' }] },
      ],
    },
  },
);
