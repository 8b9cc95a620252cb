/**
 * Cancel reaches every step (issue 11, item 5), in the real host: a docker login held by the registry
 * (the front holds its answer to the login's ping) and an open MFA prompt both end at once when the
 * push is cancelled, and no docker process is left behind.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { REGISTRY_FAULTS } from '../fixtures/ecrControl';
import type { PageDriver } from '../host/driverClient';
import { AwsProfileFiles } from './support/awsProfiles';
import { MFA_PROMPT } from './support/mfaPrompt';
import { isDockerProcess, isGone, listProcesses } from './support/processes';
import { openPushSuite } from './support/pushSuite';
import { withSetting } from './support/settings';
import { ecrControl, eventually, stackInfo, unique } from './support/stack';

/** Starts a push and returns its outcome: 'pushed' or the error it rejected with, never a rejection. */
function startPush(args: Record<string, unknown>): Promise<'pushed' | Error> {
  return Promise.resolve(vscode.commands.executeCommand('ecrPush.pushImage', args)).then(
    () => 'pushed' as const,
    (error: Error) => error,
  );
}

/** Cancels every push and says how long until `outcome` settled, waiting at most `limitMs` (then 'still running'). */
async function cancelAndTime(
  outcome: Promise<'pushed' | Error>,
  limitMs: number,
): Promise<{ result: 'pushed' | Error | 'still running'; ms: number }> {
  const started = Date.now();
  await vscode.commands.executeCommand('ecrPush.cancelAllPushes');
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), limitMs)));
  const result = await Promise.race([outcome, limit]);
  clearTimeout(timer);
  return { result, ms: Date.now() - started };
}

describe('cancel reaches every step', () => {
  const profiles = new AwsProfileFiles();
  let driver: PageDriver;
  let image: string;

  before(async () => ({ driver, image } = await openPushSuite('local/cancel-step')));

  after(() => profiles.restore());
  afterEach(() => ecrControl().reset());

  it('a docker login held 20 s by the registry: cancel ends the push as cancelled within 2 s, and no docker process is left', async () => {
    const control = ecrControl();
    const repository = unique('it/cancel-login');
    // Logged out everywhere and no token kept: this push must run docker login.
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await control.reset();
    await control.injectFault({ operation: REGISTRY_FAULTS.delayPing, count: 1, delaySeconds: 20 });

    const outcome = startPush({ imageName: image, repositoryName: repository });
    const login = await eventually('docker login to start', () =>
      listProcesses().find((p) => isDockerProcess(p) && p.argv.includes('login')),
    );
    await eventually(
      'the registry to hold the login’s ping',
      async () => (await control.registryRequests()).some((r) => r.method === 'GET' && r.path === '/v2/' && r.status === 0) || undefined,
    );
    const { result, ms } = await cancelAndTime(outcome, 25_000);

    assert.ok(result instanceof Error, `the push ended as ${String(result)}`);
    assert.match(result.message, /cancelled/);
    assert.ok(ms < 2_000, `the cancelled push took ${ms} ms to end`);
    await eventually('the docker login process to be gone', () => isGone(login.pid) || undefined, 2_000);
    const left = listProcesses().filter(
      (p) => isDockerProcess(p) && (p.argv.includes('login') || p.argv.some((a) => a.includes(repository))),
    );
    assert.deepEqual(
      left.map((p) => p.argv.join(' ')),
      [],
      'docker processes left',
    );
    assert.deepEqual(await control.registryTags(repository), []);
  });

  it('cancel closes an open MFA prompt and ends the push as cancelled', async () => {
    const [first] = stackInfo().ecr.accounts;
    const role = profiles.addAssumedRole('it-cancel', { mfa_serial: `arn:aws:iam::${first.accountId}:mfa/stack-user` });
    const repository = unique('it/cancel-mfa');
    await ecrControl().reset();
    await withSetting('profile', role, async () => {
      const outcome = startPush({ imageName: image, repositoryName: repository });
      try {
        await eventually('the MFA prompt', async () => (await driver.visible(MFA_PROMPT)) || undefined);
        const { result, ms } = await cancelAndTime(outcome, 5_000);
        assert.ok(result instanceof Error, `the push ended as ${String(result)}`);
        assert.match(result.message, /cancelled/);
        assert.ok(ms < 2_000, `the cancelled push took ${ms} ms to end`);
        await eventually('the MFA prompt to close', async () => !(await driver.visible(MFA_PROMPT)) || undefined, 2_000);
      } finally {
        // Whatever happened above, leave no prompt open for the next test.
        if (await driver.visible(MFA_PROMPT)) await driver.press('Escape');
        await outcome;
      }
    });
    assert.deepEqual(
      (await ecrControl().stsCalls()).filter((c) => c.action === 'AssumeRole'),
      [],
      'a role was assumed after the cancel',
    );
    assert.deepEqual(await ecrControl().registryTags(repository), []);
  });
});
