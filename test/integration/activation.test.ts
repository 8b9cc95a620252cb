/**
 * The extension as VS Code sees it: it activates, every contributed command is registered, the view
 * exists in the workbench, and the settings carry their documented defaults.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ecr-push.ecr-push';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

describe('activation and contributions', () => {
  let manifest: Manifest;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    manifest = extension.packageJSON as Manifest;
  });

  it('registers every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('offers "ECR: Push Image" in the command palette', () => {
    const push = manifest.contributes.commands.find((c) => c.command === 'ecrPush.pushImage');
    assert.equal(push?.category, 'ECR');
    assert.equal(push?.title, 'Push Image');
  });

  it('shows the Local Images view in the ECR container', async () => {
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('workbench.view.extension.ecrPush');
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
