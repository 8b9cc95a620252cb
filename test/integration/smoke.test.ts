import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { USER_DATA_DIR_ENV } from '../host/hostEnv';
import { ecrControl, stackInfo } from './support/stack';
import { requireDriver } from './support/workbench';

/** The repository root: this file runs from out/test/integration/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('smoke: a real VS Code extension host', () => {
  it('is VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('runs the extension host on Node 20', () => {
    assert.equal(process.versions.node.split('.')[0], '20');
  });

  it(`has ${extensionId} loaded from this repository`, () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(fs.realpathSync(extension.extensionPath), fs.realpathSync(repoRoot));
  });

  it(`activates ${extensionId}`, async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  // The result file's own variable is not checked here: without it this test's failure could not be
  // written anywhere. The runner fails the run for that instead ("no result was written").
  it('reaches what the runner passed in: the stack, the page driver and the user data folder', async () => {
    const { ecr } = stackInfo();
    assert.match(ecr.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(Array.isArray(await ecrControl().calls()), 'the fake ECR control API did not answer');
    await requireDriver().waitFor('.monaco-workbench', 10_000);
    const userDataDir = process.env[USER_DATA_DIR_ENV];
    assert.ok(userDataDir && fs.existsSync(path.join(userDataDir, 'User')), `${USER_DATA_DIR_ENV} is ${userDataDir}`);
  });
});
