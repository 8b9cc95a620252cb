/**
 * The .vsix as shipped, installed with the README's own steps (test/runPackaged.ts): installed (not
 * loaded from the repository), it activates in VS Code 1.100, keeps the AWS SDK out of activation, opens
 * its walkthrough on its first start, and its minified bundle pushes an image for real.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createImage, ecrControl, eventually, stackInfo, unique } from '../integration/support/stack';
import { requireDriver } from '../integration/support/workbench';

const EXTENSION_ID = 'ecr-push.ecr-push';
const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('packaged .vsix in a real VS Code 1.100 host', () => {
  it('is installed from the extensions folder, not loaded from the repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.notEqual(fs.realpathSync(extension.extensionPath), fs.realpathSync(repoRoot));
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
    const shipped = fs.readdirSync(path.join(extension.extensionPath, 'dist')).sort();
    assert.deepEqual(shipped, ['aws-ini.js', 'aws-sdk.js', 'extension.js', 'shortCommandHelper.js'], 'the .vsix ships only the bundles');
    assert.equal(fs.existsSync(path.join(extension.extensionPath, 'node_modules')), false);
    assert.equal(fs.existsSync(path.join(extension.extensionPath, 'src')), false);
  });

  it('activates without loading the AWS SDK, with every contributed command registered', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const dist = path.join(extension.extensionPath, 'dist');
    assert.equal(require.cache[path.join(dist, 'aws-sdk.js')], undefined, 'dist/aws-sdk.js was loaded by activation');
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((entry) => entry.command);
    assert.ok(contributed.length >= 18, `contributes.commands lists ${contributed.length} commands`);
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      'every contributed command is registered at activation',
    );
  });

  it('opens "Get started with ECR Push" on its first start after the install, with the images the .vsix ships', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'activated by the test before');
    const driver = requireDriver();
    const title = await eventually('the walkthrough page', () =>
      driver.text('.gettingStartedSlideDetails h2.category-title').then((text) => text ?? undefined),
    );
    assert.equal(title.trim(), 'Get started with ECR Push');
    const walkthrough = (extension.packageJSON.contributes.walkthroughs as Array<{ steps: Array<{ media: { image: string } }> }>)[0];
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, step.media.image)), `${step.media.image} is in the .vsix`);
    }
    const shown = await eventually('the first step’s image on the page', async () =>
      (await driver.attributes('.gettingStartedSlideDetails .getting-started-media img', 'srcset')).find((srcset) =>
        // VS Code sets `srcset` (`<remote resource URL> 1.5x`), not `src`; the URL carries the path encoded.
        decodeURIComponent(srcset ?? '').includes(walkthrough.steps[0].media.image),
      ),
    );
    assert.ok(shown);
    await driver.screenshot('packaged-walkthrough');
  });

  it('pushes an image with the minified bundle, landing the tag in the registry', async () => {
    const local = unique('local/packaged');
    const repository = unique('packaged/app');
    await createImage(`${local}:1.0`);
    const result = await vscode.commands.executeCommand<{ imageUri: string; digest?: string }>('ecrPush.pushImage', {
      imageName: `${local}:1.0`,
      repositoryName: repository,
    });
    assert.equal(result.imageUri, `${stackInfo().registry.host}/${repository}:1.0`);
    assert.equal(await ecrControl().manifestDigest(repository, '1.0'), result.digest);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension && require.cache[path.join(extension.extensionPath, 'dist', 'aws-sdk.js')], 'the SDK loads on the first AWS call');
  });
});
