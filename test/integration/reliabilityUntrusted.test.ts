/**
 * Untrusted workspaces (issue 5, cases U01/U02). Runs only in the second host run of
 * test/runIntegration (ECR_PUSH_UNTRUSTED_RUN=1): workspace trust is ON, the folder is untrusted, and its
 * .vscode/settings.json points ecrPush.containerCommand at a trap script and ecrPush.endpoint at a closed
 * port. A push must still use the machine's docker and endpoint — and land in the registry.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { caseTitle, expectedMessage } from '../unit/reliability/cases';
import { createImage, ecrControl, eventually, readPushLog, unique } from './support/stack';

const trap = process.env.ECR_PUSH_TRAP_COMMAND ?? '';

// Registered only in the untrusted run, so the main (trusted) run neither runs nor skips them.
if (process.env.ECR_PUSH_UNTRUSTED_RUN === '1') {
  describe('reliability (integration): untrusted workspace', () => {
    let pushed: { imageUri: string; digest?: string } | undefined;
    let repository: string;
    let logStart: number;

    before(async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'this run must open an untrusted workspace');
      // The workspace really asks for the trap and the closed port (VS Code hides restricted values from
      // inspect() in restricted mode, so read the file itself).
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
      const workspaceSettings = JSON.parse(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.equal(workspaceSettings['ecrPush.containerCommand'], trap);
      assert.equal(workspaceSettings['ecrPush.endpoint'], 'http://127.0.0.1:9');
      await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
      const local = `${unique('untrusted/app')}:1`;
      await createImage(local);
      repository = unique('untrusted/app');
      await ecrControl().reset();
      logStart = readPushLog().length;
      pushed = await vscode.commands.executeCommand<{ imageUri: string; digest?: string }>('ecrPush.pushImage', {
        imageName: local,
        repositoryName: repository,
      });
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    });

    /** The push's success line, the catalogue's `{uri}`/`{digest}` template filled in, reaches the log. */
    async function assertPushedLine(id: string): Promise<void> {
      const line = expectedMessage(id, { uri: pushed?.imageUri, digest: pushed?.digest });
      await eventually(`"${line}" in the ECR Push log`, () => readPushLog().slice(logStart).includes(line) || undefined, 10_000);
    }

    it(caseTitle('U01'), async () => {
      assert.ok(trap && fs.existsSync(trap), `the trap ${trap} exists`);
      assert.equal(
        fs.existsSync(`${trap}.ran`),
        false,
        `the workspace's containerCommand ran: ${fs.existsSync(`${trap}.ran`) ? fs.readFileSync(`${trap}.ran`, 'utf8') : ''}`,
      );
      await assertPushedLine('U01');
      assert.equal(await ecrControl().manifestDigest(repository, '1'), pushed?.digest);
    });

    it(caseTitle('U02'), async () => {
      const operations = (await ecrControl().calls()).map((c) => c.operation);
      await assertPushedLine('U02');
      assert.ok(operations.includes('DescribeRepositories'), `the machine's endpoint got: ${operations.join(', ')}`);
      assert.equal(await ecrControl().manifestDigest(repository, '1'), pushed?.digest);
    });
  });
}
