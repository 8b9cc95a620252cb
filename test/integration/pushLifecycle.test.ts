/**
 * What happens around a push in the real host: cancelling a large push ends docker and reports
 * "cancelled"; an expired token mid-push is handled with exactly one re-login; and no secret ever
 * reaches a docker child's argv or the ECR Push log.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createImage, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { cancelDuringDockerPush, isGone, recordingDocker } from './support/processes';
import { withSetting } from './support/settings';

interface PushResult {
  imageUri: string;
  digest?: string;
}

function push(args: Record<string, unknown>): Promise<PushResult> {
  return Promise.resolve(vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args));
}

describe('push lifecycle: cancel, token expiry, secrets', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  it('cancelling a push of a large image ends the docker process and reports "cancelled"', async () => {
    const local = unique('local/large');
    const repository = unique('it/cancel');
    await createImage(`${local}:1`, 300 * 1024 * 1024, 3);
    const { outcome: result, dockerPushPid } = await cancelDuringDockerPush(
      push({ imageName: `${local}:1`, repositoryName: repository }),
      `${repository}:1`,
      () => vscode.commands.executeCommand('ecrPush.cancelAllPushes'),
    );
    assert.ok(result instanceof Error, `the push was reported as ${String(result)}`);
    assert.match(result.message, /cancelled/);
    await eventually('the docker push process to be gone (no zombie)', () => isGone(dockerPushPid) || undefined, 5_000);
    assert.deepEqual(await ecrControl().registryTags(repository), [], 'a cancelled push must not land a tag');
  });

  it('an expired token during the push triggers exactly one re-login and the push succeeds', async () => {
    const local = unique('local/expiry');
    const repository = unique('it/expiry');
    await createImage(`${local}:1`);
    // Warm up: the repository exists and a token is cached and logged in.
    await push({ imageName: `${local}:1`, imageTag: 'warm', repositoryName: repository });
    await ecrControl().reset();
    // Every token handed out so far now answers "expired" at the registry, as after 12 hours.
    await ecrControl().revokeTokens();
    const result = await push({ imageName: `${local}:1`, imageTag: 'after-expiry', repositoryName: repository });
    const operations = (await ecrControl().calls()).map((c) => c.operation);
    assert.equal(operations.filter((o) => o === 'GetAuthorizationToken').length, 1, operations.join(', '));
    assert.equal(await ecrControl().manifestDigest(repository, 'after-expiry'), result.digest);
    const log = readPushLog();
    assert.match(log, /token expired or missing\); getting a new token and retrying once/);
  });

  it('never puts the registry password, the secret key or the base64 token in a docker argv or the log', async () => {
    const { ecr, registry } = stackInfo();
    const local = unique('local/secrets');
    const repository = unique('it/secrets');
    await createImage(`${local}:1`, 20 * 1024 * 1024, 2);
    // A fresh token for this push, so it logs in; every docker call goes through the recorder.
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    const recorder = recordingDocker(path.join(stackInfo().workDir, unique('argv')));
    await withSetting('containerCommand', recorder.command, () => push({ imageName: `${local}:1`, repositoryName: repository }));
    const seen = recorder.calls();
    const passwords = await ecrControl().issuedPasswords();
    const secrets = [
      ecr.secretAccessKey,
      registry.password,
      ...passwords,
      ...passwords.map((p) => Buffer.from(`AWS:${p}`).toString('base64')),
    ];
    assert.ok(
      seen.some((argv) => argv.includes('login')),
      `no docker login among ${seen.length} docker calls`,
    );
    assert.ok(
      seen.some((argv) => argv.includes('push')),
      `no docker push among ${seen.length} docker calls`,
    );
    for (const argv of seen) {
      for (const secret of secrets) {
        assert.ok(!argv.join(' ').includes(secret), `a secret in the argv of docker ${argv.slice(0, 3).join(' ')}`);
      }
    }
    const log = readPushLog();
    assert.match(log, /Authenticating with ECR/);
    assert.match(log, /docker: .*Pushed|docker: .*digest: sha256:/);
    for (const secret of secrets) {
      assert.ok(!log.includes(secret), 'a secret in the ECR Push log');
    }
  });
});
