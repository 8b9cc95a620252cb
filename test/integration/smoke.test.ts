import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESULT_FILE_ENV } from '../host/hostEnv';

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

  it('receives the runner environment (the path the stack info and results travel by)', () => {
    const resultFile = process.env[RESULT_FILE_ENV];
    assert.ok(resultFile && path.isAbsolute(resultFile), `${RESULT_FILE_ENV} is ${resultFile}`);
  });
});
