/**
 * Bad input and broken parts, in the real host against the real stack: each push fails with the message
 * that says what to do, and leaves the registry and the repositories exactly as they were.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createImage, ecrControl, stackInfo, unique } from './support/stack';

interface Snapshot {
  repositories: string[];
}

async function snapshot(): Promise<Snapshot> {
  return { repositories: (await ecrControl().repositories()).map((r) => r.repositoryName).sort() };
}

async function pushFails(args: Record<string, unknown>, expected: RegExp): Promise<void> {
  await assert.rejects(Promise.resolve(vscode.commands.executeCommand('ecrPush.pushImage', args)), (error: Error) => {
    assert.match(error.message, expected);
    return true;
  });
}

describe('failures: bad input and broken parts change nothing', () => {
  let before: Snapshot;
  beforeEach(async () => {
    await ecrControl().reset();
    before = await snapshot();
  });
  afterEach(async () => {
    assert.deepEqual(await snapshot(), before, 'repositories changed');
  });

  it('a missing local image', async () => {
    const repository = unique('it/missing');
    await pushFails({ imageName: 'no/such-image:1', repositoryName: repository }, /local image "no\/such-image:1" does not exist/);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
    assert.deepEqual(await ecrControl().calls(), [], 'AWS was called for a push that could not happen');
  });

  it('an invalid repository name, before anything runs', async () => {
    const local = unique('local/invalid');
    await createImage(`${local}:1`);
    await pushFails({ imageName: `${local}:1`, repositoryName: 'Bad..Name' }, /lowercase/);
    await pushFails({ imageName: `${local}:1`, repositoryName: 'app;rm -rf ~' }, /cannot contain/);
    assert.deepEqual(await ecrControl().calls(), []);
  });

  it('credentials in the arguments are refused with the reason', async () => {
    await pushFails(
      { imageName: 'x:1', repositoryName: 'x1', awsCredentials: { accessKeyId: 'AKIA', secretAccessKey: 'nope' } },
      /does not accept AWS credentials as arguments.*tasks\.json/,
    );
  });

  it('a wrong secret key (AWS profile with a bad secret)', async () => {
    const { ecr } = stackInfo();
    const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE;
    assert.ok(credentialsFile, 'the runner points AWS_SHARED_CREDENTIALS_FILE at a private file');
    fs.mkdirSync(path.dirname(credentialsFile), { recursive: true });
    const original = fs.existsSync(credentialsFile) ? fs.readFileSync(credentialsFile, 'utf8') : undefined;
    fs.writeFileSync(
      credentialsFile,
      `[wrong-secret]\naws_access_key_id = ${ecr.accessKeyId}\naws_secret_access_key = ${'x'.repeat(40)}\n`,
    );
    const config = vscode.workspace.getConfiguration('ecrPush');
    await config.update('profile', 'wrong-secret', vscode.ConfigurationTarget.Global);
    try {
      const local = unique('local/wrong-secret');
      await createImage(`${local}:1`);
      const repository = unique('it/wrong-secret');
      await pushFails({ imageName: `${local}:1`, repositoryName: repository }, /AWS rejected the credentials.*InvalidSignatureException/);
      assert.deepEqual(await ecrControl().registryTags(repository), []);
    } finally {
      await config.update('profile', undefined, vscode.ConfigurationTarget.Global);
      if (original === undefined) {
        fs.rmSync(credentialsFile, { force: true });
      } else {
        fs.writeFileSync(credentialsFile, original);
      }
    }
  });

  it('no Docker daemon answering at DOCKER_HOST', async () => {
    const local = unique('local/daemon');
    await createImage(`${local}:1`);
    const original = process.env.DOCKER_HOST;
    // The extension host's environment is what docker children inherit: point it at a socket nobody serves.
    process.env.DOCKER_HOST = `unix://${path.join(stackInfo().workDir, 'stopped-daemon.sock')}`;
    try {
      await pushFails({ imageName: `${local}:1`, repositoryName: unique('it/daemon') }, /Cannot connect to the Docker daemon/);
      assert.deepEqual(await ecrControl().calls(), []);
    } finally {
      process.env.DOCKER_HOST = original;
    }
  });
});
