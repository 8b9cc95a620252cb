/**
 * Temporary credentials are reused, not re-minted per push (issue 11, item 3): profiles that renew their
 * credentials (a credential_process minting fresh ASIA keys per run, an assume-role with MFA, a role
 * whose credentials are about to lapse) pushed three times in the real host. The fakes count every run
 * of the process, every AssumeRole and every ECR call with the key that signed it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { credentialProcessCommand } from '../fixtures/credentialProcess/command';
import { STS_FAULTS } from '../fixtures/ecrControl';
import type { PageDriver } from '../host/driverClient';
import { AwsProfileFiles } from './support/awsProfiles';
import { answerMfaPrompts } from './support/mfaPrompt';
import { recordingDocker } from './support/processes';
import { openPushSuite } from './support/pushSuite';
import { withSetting } from './support/settings';
import { ecrControl, stackInfo, unique } from './support/stack';

const MFA_CODE = '123456';

function push(args: Record<string, unknown>): Promise<{ imageUri: string; digest?: string }> {
  return Promise.resolve(vscode.commands.executeCommand<{ imageUri: string; digest?: string }>('ecrPush.pushImage', args));
}

describe('temporary credentials are reused until they near their expiry', () => {
  const profiles = new AwsProfileFiles();
  let driver: PageDriver;
  let image: string;

  before(async () => ({ driver, image } = await openPushSuite('local/reuse')));

  after(() => profiles.restore());
  afterEach(async () => {
    // A push left waiting (for a prompt nobody answers) must not hold the queue for the next test.
    await vscode.commands.executeCommand('ecrPush.cancelAllPushes');
    await ecrControl().reset();
  });

  /**
   * Pushes three tags of the test image to a new repository as `profile`, every docker call through a
   * recorder; returns the repository and the `docker login` calls.
   */
  async function threePushes(profile: string): Promise<{ repository: string; dockerLogins: number }> {
    const repository = unique('it/reuse');
    const recorder = recordingDocker(path.join(stackInfo().workDir, unique('argv')));
    await withSetting('profile', profile, () =>
      withSetting('containerCommand', recorder.command, async () => {
        for (const tag of ['1', '2', '3']) {
          await push({ imageName: image, imageTag: tag, repositoryName: repository });
        }
      }),
    );
    assert.deepEqual((await ecrControl().registryTags(repository)).sort(), ['1', '2', '3']);
    return { repository, dockerLogins: recorder.calls().filter((argv) => argv.includes('login')).length };
  }

  async function operationCount(operation: string): Promise<number> {
    return (await ecrControl().calls()).filter((c) => c.operation === operation).length;
  }

  it('a credential_process profile minting fresh ASIA keys per run: 3 pushes → 1 run, 1 GetAuthorizationToken, 1 docker login', async () => {
    const info = stackInfo();
    const counter = path.join(info.workDir, `${unique('process-runs')}.txt`);
    const profile = unique('it-minting');
    profiles.addConfigProfile(profile, {
      credential_process: credentialProcessCommand(info, { counterFile: counter }),
      region: info.ecr.region,
    });
    await ecrControl().reset();

    const { dockerLogins } = await threePushes(profile);

    const runs = fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean) : [];
    assert.equal(runs.length, 1, `credential_process ran ${runs.length} times:\n${runs.join('\n')}`);
    const mintedKey = runs[0].split(' ')[1];
    assert.match(mintedKey, /^ASIA/);
    assert.equal(await operationCount('GetAuthorizationToken'), 1, 'GetAuthorizationToken calls');
    assert.equal(dockerLogins, 1, 'docker login calls');
    assert.deepEqual(
      [...new Set((await ecrControl().calls()).map((c) => c.accessKeyId))],
      [mintedKey],
      'a call was signed with another key',
    );
  });

  it('an assume-role profile with mfa_serial: 3 pushes → 1 MFA prompt, 1 AssumeRole', async () => {
    const [first, second] = stackInfo().ecr.accounts;
    const serial = `arn:aws:iam::${first.accountId}:mfa/stack-user`;
    const role = profiles.addAssumedRole('it', { mfa_serial: serial });
    await ecrControl().reset();

    const prompts = answerMfaPrompts(driver, MFA_CODE);
    let dockerLogins: number;
    try {
      ({ dockerLogins } = await threePushes(role));
    } finally {
      await prompts.stop();
    }

    assert.equal(prompts.count(), 1, 'the MFA code was asked more than once');
    const assumed = (await ecrControl().stsCalls()).filter((c) => c.action === 'AssumeRole');
    assert.equal(assumed.length, 1, `AssumeRole calls: ${assumed.length}`);
    assert.equal(assumed[0].serialNumber, serial);
    assert.equal(assumed[0].tokenCode, MFA_CODE);
    assert.deepEqual([...new Set((await ecrControl().calls()).map((c) => c.accountId))], [second.accountId], 'not pushed as the role');
    assert.equal(await operationCount('GetAuthorizationToken'), 1, 'GetAuthorizationToken calls');
    assert.equal(dockerLogins, 1, 'docker login calls');
  });

  it('credentials that expire within the renewal margin are renewed once; the pushes go on with the renewed ones', async () => {
    const role = profiles.addAssumedRole('it');
    await ecrControl().reset();
    // The first role session lasts 4 minutes: inside the 5-minute margin, so about to lapse from the start.
    await ecrControl().injectFault({ operation: STS_FAULTS.assumeRole, count: 1, credentialSeconds: 240 });

    const { dockerLogins } = await threePushes(role);

    const assumed = (await ecrControl().stsCalls()).filter((c) => c.action === 'AssumeRole');
    assert.equal(assumed.length, 2, `AssumeRole calls: ${assumed.length} (renewed once expected)`);
    const renewed = assumed[1].issuedAccessKeyId;
    assert.deepEqual(
      [...new Set((await ecrControl().calls()).map((c) => c.accessKeyId))],
      [renewed],
      'an ECR call was signed with the credentials about to lapse',
    );
    // Tokens and logins belong to the source, not to its temporary key: the renewal did not cost a new login.
    assert.equal(await operationCount('GetAuthorizationToken'), 1, 'GetAuthorizationToken calls');
    assert.equal(dockerLogins, 1, 'docker login calls');
  });
});
