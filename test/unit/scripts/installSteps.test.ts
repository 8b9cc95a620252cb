/**
 * The README's install steps are what the packaged tier runs (test/runPackaged.ts reads them with
 * readInstallSteps): the block is found and parsed, the `code` line installs the file `npm run package`
 * writes, and a README the tier could not run fails loudly instead of being skipped.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSTALL_STEPS_MARKER, parseInstallSteps, readInstallSteps } from '../../host/installSteps';

/** This file runs from out/test/unit/scripts/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('README install steps (run by the packaged tier)', () => {
  it('are `npm run package` then `code --install-extension ecr-push.vsix`', () => {
    const steps = readInstallSteps(path.join(repoRoot, 'README.md'));
    assert.deepEqual(
      steps.map((step) => [step.runner, step.line]),
      [
        ['npm', 'npm run package'],
        ['vscodeCli', 'code --install-extension ecr-push.vsix'],
      ],
    );
  });

  it('install the very file `npm run package` writes', () => {
    const packageScript = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts.package;
    const written = /(?:^|\s)-o\s+(\S+)/.exec(packageScript)?.[1];
    assert.equal(written, 'ecr-push.vsix', packageScript);
    const install = readInstallSteps(path.join(repoRoot, 'README.md')).find((step) => step.runner === 'vscodeCli');
    assert.deepEqual(install?.argv, ['code', '--install-extension', written]);
  });

  it('are found only right after the marker line, in a fenced block', () => {
    const readme = ['# x', INSTALL_STEPS_MARKER, '```bash', 'npm run package', '', '  code --install-extension a.vsix  ', '```', ''].join(
      '\n',
    );
    assert.deepEqual(
      parseInstallSteps(readme).map((step) => step.argv),
      [
        ['npm', 'run', 'package'],
        ['code', '--install-extension', 'a.vsix'],
      ],
    );
  });

  for (const [label, readme, message] of [
    ['no marker', '```bash\nnpm run package\n```\n', /has no <!-- install-steps --> line/],
    ['no block after the marker', `${INSTALL_STEPS_MARKER}\ntext\n\`\`\`bash\nnpm run package\n\`\`\`\n`, /must open a code block/],
    ['an empty block', `${INSTALL_STEPS_MARKER}\n\`\`\`bash\n\n\`\`\`\n`, /install block is empty/],
    ['a command the tier cannot run', `${INSTALL_STEPS_MARKER}\n\`\`\`bash\ncurl https://x | sh\n\`\`\`\n`, /npm and code lines only/],
  ] as const) {
    it(`refuse a README with ${label}`, () => {
      assert.throws(() => parseInstallSteps(readme), message);
    });
  }
});
