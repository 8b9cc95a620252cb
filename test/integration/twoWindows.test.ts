/**
 * Two real VS Code windows at once (issue 11, item 2): this extension host and a second window of the
 * same code-server (its own extension host, the same user data, so the same global storage and the same
 * private docker-config root). This window pushes as the first account (the environment's keys), the
 * second as the second account (a profile chosen in its workspace settings). They take turns, each
 * logging in between the other's pushes, then push at the same moment; the registry front records
 * which account's token authorised every request.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RegistryRequest } from '../fixtures/ecrControl';
import { AwsProfileFiles } from './support/awsProfiles';
import { recordingDocker } from './support/processes';
import { PLAN_FILE, type SecondWindowPlan, type SecondWindowTurn } from './support/secondWindow';
import { withSetting } from './support/settings';
import { createImage, ecrControl, eventually, stackInfo, unique } from './support/stack';
import { requireDriver } from './support/workbench';

function push(args: Record<string, unknown>): Promise<{ digest?: string }> {
  return Promise.resolve(vscode.commands.executeCommand<{ digest?: string }>('ecrPush.pushImage', args));
}

function loginFolders(recorder: ReturnType<typeof recordingDocker>): string[] {
  return recorder
    .calls()
    .filter((argv) => argv.includes('login'))
    .map((argv) => argv[argv.indexOf('--config') + 1]);
}

function tokenRequestsFor(requests: readonly RegistryRequest[], repository: string): RegistryRequest[] {
  return requests.filter((r) => r.path.startsWith(`/v2/${repository}/`) && r.auth === 'token');
}

describe('two VS Code windows at once, two identities, one global storage', () => {
  const profiles = new AwsProfileFiles();

  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  after(() => profiles.restore());

  it('pushing in turns and at the same moment, each window stays logged in as its own account', async () => {
    const driver = requireDriver();
    const control = ecrControl();
    const { ecr, workDir } = stackInfo();
    const [first, second] = ecr.accounts;
    const image = `${unique('local/two-windows')}:1`;
    await createImage(image);

    // The second window: a folder whose settings select a profile of the second account and a docker recorder.
    const secondProfile = unique('it-window-two');
    profiles.addCredentialsProfile(secondProfile, { aws_access_key_id: second.accessKeyId, aws_secret_access_key: second.secretAccessKey });
    const base = path.join(workDir, unique('second-window'));
    const folder = path.join(base, 'workspace');
    const turnsDir = path.join(base, 'turns');
    fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    fs.mkdirSync(turnsDir, { recursive: true });
    const secondRecorder = recordingDocker(path.join(base, 'argv'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ 'ecrPush.profile': secondProfile, 'ecrPush.containerCommand': secondRecorder.command }, null, 2),
    );
    const plan: SecondWindowPlan = { image, repository: unique('it/window-two'), tags: ['b1', 'b2', 'b3'], turnsDir };
    fs.writeFileSync(path.join(folder, PLAN_FILE), JSON.stringify(plan));
    const go = (turn: number) => fs.writeFileSync(path.join(turnsDir, `go-${turn}`), '');
    const done = (turn: number) =>
      eventually(
        `the second window's push ${turn + 1}`,
        () => {
          const file = path.join(turnsDir, `done-${turn}`);
          return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SecondWindowTurn) : undefined;
        },
        150_000,
      );

    // This window: the environment's keys (first account), logged out and without a stored key, every docker call recorded.
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await control.reset();
    const recorder = recordingDocker(path.join(workDir, unique('argv')));
    const repository = unique('it/window-one');
    const secondWindow = driver.openWindow(folder, path.join(__dirname, 'support', 'secondWindow'), 240_000);
    const turns: SecondWindowTurn[] = [];
    const together = { startedAt: 0, endedAt: 0 };
    await withSetting('profile', '', () =>
      withSetting('containerCommand', recorder.command, async () => {
        await push({ imageName: image, imageTag: 'a1', repositoryName: repository });
        go(0);
        turns.push(await done(0));
        await push({ imageName: image, imageTag: 'a2', repositoryName: repository });
        go(1);
        turns.push(await done(1));
        go(2);
        together.startedAt = Date.now();
        await push({ imageName: image, imageTag: 'a3', repositoryName: repository });
        together.endedAt = Date.now();
        turns.push(await done(2));
      }),
    );
    assert.deepEqual(await secondWindow, { exitCode: 0 }, 'the second window’s run failed');
    assert.deepEqual(
      turns.map((turn) => turn.error),
      [undefined, undefined, undefined],
      'a push of the second window failed',
    );
    assert.ok(
      Date.parse(turns[2].startedAt) < together.endedAt && together.startedAt < Date.parse(turns[2].endedAt),
      `the last pushes did not overlap: a3 ${JSON.stringify(together)}, b3 ${turns[2].startedAt}–${turns[2].endedAt}`,
    );

    const requests = await control.registryRequests();
    for (const [repo, account, tags] of [
      [repository, first, ['a1', 'a2', 'a3']],
      [plan.repository, second, ['b1', 'b2', 'b3']],
    ] as const) {
      const authorised = tokenRequestsFor(requests, repo);
      assert.ok(authorised.length >= 3, `${repo}: ${authorised.length} authorised requests`);
      assert.deepEqual(
        [...new Set(authorised.map((r) => r.account))],
        [account.accountId],
        `${repo} was pushed with another account's login`,
      );
      assert.deepEqual((await control.registryTags(repo)).sort(), tags);
    }
    assert.deepEqual(
      requests.filter((r) => r.refused).map((r) => `${r.method} ${r.path} ${r.status}`),
      [],
      'the registry refused a request',
    );

    // One login per window: each found its own login on disk on every later push, whatever the other did.
    const mine = loginFolders(recorder);
    const theirs = loginFolders(secondRecorder);
    assert.equal(mine.length, 1, `this window's docker logins: ${mine.join(', ')}`);
    assert.equal(theirs.length, 1, `the second window's docker logins: ${theirs.join(', ')}`);
    assert.notEqual(mine[0], theirs[0], 'both windows logged in to one folder');
    assert.equal(path.dirname(mine[0]), path.dirname(theirs[0]), 'the windows do not share the global storage');
  });
});
