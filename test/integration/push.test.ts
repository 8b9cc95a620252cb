/**
 * A complete push through `ecrPush.pushImage` with arguments, in the real extension host, against the real
 * Docker engine and registry behind the ECR-compatible API. What landed is checked independently: the
 * registry's own tags and digests, and DescribeImages through a separate AWS SDK client.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { createImage, ecrClient, ecrControl, stackInfo, unique } from './support/stack';

interface PushResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
}

function push(args: Record<string, unknown>): Thenable<PushResult> {
  return vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args);
}

describe('push: ecrPush.pushImage with complete arguments', () => {
  const control = () => ecrControl();

  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  it('lands the manifest in the registry under every requested tag and reports the digest DescribeImages gives', async () => {
    const repository = unique('it/app');
    const local = unique('local/app');
    await createImage(`${local}:1.0`);
    const result = await push({ imageName: `${local}:1.0`, imageTag: ['1.0', 'latest'], repositoryName: repository });

    const host = stackInfo().registry.host;
    assert.deepEqual(result.imageUris, [`${host}/${repository}:1.0`, `${host}/${repository}:latest`]);
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual((await control().registryTags(repository)).sort(), ['1.0', 'latest']);
    assert.equal(await control().manifestDigest(repository, '1.0'), result.digest);
    assert.equal(await control().manifestDigest(repository, 'latest'), result.digest);

    const described = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: '1.0' }] }));
    assert.equal(described.imageDetails?.[0]?.imageDigest, result.digest);
  });

  it('auto-creates a missing repository with the configured tag mutability and scan-on-push', async () => {
    const config = vscode.workspace.getConfiguration('ecrPush');
    await config.update('createRepository.imageTagMutability', 'IMMUTABLE', vscode.ConfigurationTarget.Global);
    await config.update('createRepository.scanOnPush', false, vscode.ConfigurationTarget.Global);
    try {
      const repository = unique('it/created');
      const local = unique('local/created');
      await createImage(`${local}:v1`);
      assert.equal(
        (await control().repositories()).some((r) => r.repositoryName === repository),
        false,
      );
      await push({ imageName: `${local}:v1`, repositoryName: repository });
      const created = (await control().repositories()).find((r) => r.repositoryName === repository);
      assert.ok(created, 'repository was not created');
      assert.equal(created.imageTagMutability, 'IMMUTABLE');
      assert.equal(created.scanOnPush, false);
      assert.deepEqual(await control().registryTags(repository), ['v1'], 'imageTag defaults to the tag in imageName');
    } finally {
      await config.update('createRepository.imageTagMutability', undefined, vscode.ConfigurationTarget.Global);
      await config.update('createRepository.scanOnPush', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('reuses the cached token for a second push: no second GetAuthorizationToken', async () => {
    const repository = unique('it/reuse');
    const local = unique('local/reuse');
    await createImage(`${local}:1`);
    await push({ imageName: `${local}:1`, repositoryName: repository });
    await control().reset();
    await createImage(`${local}:2`);
    await push({ imageName: `${local}:2`, repositoryName: repository });
    const operations = (await control().calls()).map((c) => c.operation);
    assert.deepEqual(operations, ['DescribeRepositories', 'DescribeImages'], `ECR calls of the second push: ${operations.join(', ')}`);
    assert.deepEqual((await control().registryTags(repository)).sort(), ['1', '2']);
  });

  it('pushes an image given by id when the target is explicit', async () => {
    const repository = unique('it/by-id');
    const local = unique('local/by-id');
    const image = await createImage(`${local}:x`);
    const result = await push({ imageName: image.id, imageTag: 'from-id', repositoryName: repository });
    assert.equal(result.imageUri, `${stackInfo().registry.host}/${repository}:from-id`);
    assert.deepEqual(await control().registryTags(repository), ['from-id']);
  });
});
