/**
 * The repositories view's ECR calls against a mocked ECRClient (aws-sdk-client-mock): paging passes
 * nextToken and maxResults through and hands the next token back; BatchDeleteImage is sent with only
 * the tag; a reported failure throws; create sends encryption.
 */
import * as assert from 'node:assert/strict';
import {
  BatchDeleteImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { ImageDeleteError } from '../../../src/ecr/EcrCatalog';
import type { SdkEcrRegistry } from '../../../src/ecr/SdkEcrRegistry';
import { freshRegistry } from './mockedEcr';

const ACCOUNT = '123456789012';
const HOST = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

function repo(name: string) {
  return {
    repositoryName: name,
    repositoryUri: `${HOST}/${name}`,
    registryId: ACCOUNT,
    imageTagMutability: 'IMMUTABLE' as const,
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: { encryptionType: 'KMS' as const, kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/k' },
    createdAt: new Date('2024-01-02T03:04:05Z'),
  };
}

describe('SdkEcrRegistry as an EcrCatalog', () => {
  const ecr = mockClient(ECRClient);
  let registry: SdkEcrRegistry;

  beforeEach(async () => (registry = await freshRegistry(ecr, 'eu-west-1')));
  after(() => ecr.restore());

  it('pages repositories: sends nextToken, maxResults and registryId; narrows each; returns the next token', async () => {
    ecr.on(DescribeRepositoriesCommand, { nextToken: undefined }).resolves({ repositories: [repo('a'), repo('b')], nextToken: 'page-2' });
    ecr.on(DescribeRepositoriesCommand, { nextToken: 'page-2' }).resolves({ repositories: [repo('c')] });

    const first = await registry.listRepositoriesPage({ maxResults: 2, registryId: ACCOUNT });
    assert.deepEqual(
      first.items.map((r) => r.name),
      ['a', 'b'],
    );
    assert.equal(first.nextToken, 'page-2');
    assert.deepEqual(first.items[0], {
      name: 'a',
      uri: `${HOST}/a`,
      arn: undefined,
      registryId: ACCOUNT,
      createdAt: new Date('2024-01-02T03:04:05Z'),
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      encryptionType: 'KMS',
      kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    });
    const second = await registry.listRepositoriesPage({ maxResults: 2, registryId: ACCOUNT, nextToken: first.nextToken });
    assert.deepEqual(
      second.items.map((r) => r.name),
      ['c'],
    );
    assert.equal(second.nextToken, undefined);

    const sent = ecr.commandCalls(DescribeRepositoriesCommand).map((call) => call.args[0].input);
    assert.deepEqual(sent, [
      { registryId: ACCOUNT, nextToken: undefined, maxResults: 2 },
      { registryId: ACCOUNT, nextToken: 'page-2', maxResults: 2 },
    ]);
  });

  it('walks 1,000 repositories in pages of 100, each page handing the token for the next', async () => {
    const names = Array.from({ length: 1000 }, (_, i) => `repo-${String(i).padStart(4, '0')}`);
    ecr.on(DescribeRepositoriesCommand).callsFake((input: { nextToken?: string; maxResults?: number }) => {
      const start = input.nextToken ? Number(input.nextToken) : 0;
      const end = start + (input.maxResults ?? 1000);
      return { repositories: names.slice(start, end).map(repo), nextToken: end < names.length ? String(end) : undefined };
    });
    const seen: string[] = [];
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await registry.listRepositoriesPage({ nextToken, maxResults: 100 });
      pages++;
      seen.push(...page.items.map((r) => r.name));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.equal(pages, 10);
    assert.deepEqual(seen, names);
  });

  it('pages images, keeping untagged ones with no tags and dropping entries without a digest', async () => {
    const pushedAt = new Date('2024-06-01T00:00:00Z');
    ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [
        { imageDigest: DIGEST_A, imageTags: ['1.0', 'latest'], imageSizeInBytes: 1234, imagePushedAt: pushedAt },
        { imageDigest: DIGEST_B, imageSizeInBytes: 99 },
        { imageTags: ['ghost'] },
      ],
      nextToken: 'more',
    });
    const page = await registry.listImagesPage('team/app', { maxResults: 50 });
    assert.deepEqual(page.items, [
      { digest: DIGEST_A, tags: ['1.0', 'latest'], sizeBytes: 1234, pushedAt },
      { digest: DIGEST_B, tags: [], sizeBytes: 99, pushedAt: undefined },
    ]);
    assert.equal(page.nextToken, 'more');
    assert.deepEqual(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input, {
      repositoryName: 'team/app',
      registryId: undefined,
      nextToken: undefined,
      maxResults: 50,
    });
  });

  it('deletes a tag with BatchDeleteImage naming only the tag (never the digest)', async () => {
    ecr.on(BatchDeleteImageCommand).resolves({ imageIds: [{ imageDigest: DIGEST_A, imageTag: 'old' }], failures: [] });
    const result = await registry.deleteImageTag('team/app', 'old', ACCOUNT);
    assert.deepEqual(result, { digest: DIGEST_A });
    assert.deepEqual(ecr.commandCalls(BatchDeleteImageCommand)[0].args[0].input, {
      repositoryName: 'team/app',
      registryId: ACCOUNT,
      imageIds: [{ imageTag: 'old' }],
    });
  });

  it('a failure in the BatchDeleteImage answer throws ImageDeleteError with ECR’s reason', async () => {
    ecr.on(BatchDeleteImageCommand).resolves({
      imageIds: [],
      failures: [{ imageId: { imageTag: 'gone' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }],
    });
    await assert.rejects(registry.deleteImageTag('team/app', 'gone'), (error: unknown) => {
      assert.ok(error instanceof ImageDeleteError);
      assert.equal(error.failureCode, 'ImageNotFound');
      assert.equal(error.message, 'ECR did not delete team/app:gone: Requested image not found.');
      return true;
    });
  });

  it('creates with tag mutability, scan on push and KMS encryption with a key', async () => {
    ecr.on(CreateRepositoryCommand).resolves({ repository: repo('team/new') });
    const created = await registry.createRepositoryWith({
      name: 'team/new',
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: false,
      encryption: { type: 'KMS', kmsKey: 'alias/my-key' },
    });
    assert.equal(created.uri, `${HOST}/team/new`);
    assert.deepEqual(ecr.commandCalls(CreateRepositoryCommand)[0].args[0].input, {
      repositoryName: 'team/new',
      registryId: undefined,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/my-key' },
    });
  });

  it('AES256 sends no KMS key; no encryption sends no configuration (ECR’s default)', async () => {
    ecr.on(CreateRepositoryCommand).resolves({ repository: repo('x1') });
    await registry.createRepositoryWith({ name: 'x1', imageTagMutability: 'MUTABLE', scanOnPush: true, encryption: { type: 'AES256' } });
    await registry.createRepositoryWith({ name: 'x2', imageTagMutability: 'MUTABLE', scanOnPush: true });
    const inputs = ecr.commandCalls(CreateRepositoryCommand).map((c) => c.args[0].input.encryptionConfiguration);
    assert.deepEqual(inputs, [{ encryptionType: 'AES256', kmsKey: undefined }, undefined]);
  });
});
