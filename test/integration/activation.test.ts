/**
 * The extension as VS Code sees it: it activates, every contributed command is registered and the
 * palette offers each one a person may run, the views show in the workbench, and the settings carry
 * their documented defaults. The palette and the views are read from the real page.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './support/stack';
import { QUICK_INPUT, QUICK_INPUT_ROWS, requireDriver } from './support/workbench';

const EXTENSION_ID = 'ecr-push.ecr-push';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { default: unknown }> };
    menus: { commandPalette?: Array<{ command: string; when?: string }> };
  };
}

describe('activation and contributions', () => {
  let manifest: Manifest;
  /** A manifest string as the workbench shows it: a `%key%` looked up in package.nls.json (English). */
  let shown: (text: string) => string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    manifest = extension.packageJSON as Manifest;
    const nls = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    shown = (text) => text.replace(/^%([^%]+)%$/, (reference, key: string) => nls[key] ?? reference);
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('offers "ECR: Push Image" and every other palette command in the real command palette', async () => {
    const driver = requireDriver();
    const hidden = new Set((manifest.contributes.menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
    const labels = manifest.contributes.commands
      .filter((c) => !hidden.has(c.command))
      .map((c) => `${shown(c.category ?? '')}: ${shown(c.title)}`);
    assert.ok(labels.includes('ECR: Push Image'), labels.join(', '));
    await driver.press('Escape');
    await driver.press('F1');
    await driver.waitFor(`${QUICK_INPUT} input`);
    try {
      for (const label of labels) {
        // Type each title over the last (F1 keeps the leading '>'), as a person searching for it would.
        await driver.press('Control+A');
        await driver.type(`>${label}`);
        await eventually(`"${label}" in the command palette`, async () =>
          (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((l) => l === label || l?.startsWith(`${label},`))
            ? true
            : undefined,
        );
      }
    } finally {
      await driver.press('Escape');
    }
  });

  it('shows the Local Images and ECR Repositories views in the ECR container', async () => {
    const driver = requireDriver();
    await vscode.commands.executeCommand('workbench.view.extension.ecrPush');
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    // Visible section headers (waitFor waits for visibility) under the ECR container's title.
    for (const view of ['Local Images', 'ECR Repositories']) {
      await driver.waitFor(`.part.sidebar .pane-header[aria-label^="${view}"]`, 10_000);
    }
    assert.equal(await driver.text('.part.sidebar .title-label h2'), 'ECR');
  });

  it('has the documented setting defaults', () => {
    const config = vscode.workspace.getConfiguration('ecrPush');
    assert.equal(config.get('containerCommand'), 'docker');
    assert.equal(config.inspect('containerCommand')?.defaultValue, 'docker');
    assert.equal(config.get('loginTarget'), 'private');
    assert.equal(config.get('showDanglingImages'), false);
    assert.equal(config.get('createRepository.imageTagMutability'), 'MUTABLE');
    for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.deepEqual(config.inspect(key.replace(/^ecrPush\./, ''))?.defaultValue, schema.default, key);
    }
  });
});
