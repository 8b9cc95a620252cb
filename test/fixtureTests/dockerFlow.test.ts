import {
  BatchDeleteImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
  ECRServiceException,
} from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import { makeImage } from '../fixtures/testImages';
import {
  control,
  docker,
  dockerConfigDir,
  ecrClient,
  loginWithToken,
  sharedStack,
  tagAndPush,
  tokenPassword,
  uniqueName,
} from './sharedStack';

const EXPIRED = 'denied: Your authorization token has expired. Reauthenticate and try again.';

describe('real docker through the registry front', () => {
  let configDir: string;
  let single: string;
  let multi: string;
  let other: string;

  before(async function () {
    this.timeout(300_000);
    const { dockerHost } = sharedStack();
    single = (await makeImage(dockerHost, `${uniqueName('fixture-single')}:1`, { sizeBytes: 3 * 1024 * 1024 })).reference;
    multi = (await makeImage(dockerHost, `${uniqueName('fixture-multi')}:1`, { sizeBytes: 3 * 1024 * 1024, layers: 3 })).reference;
    other = (await makeImage(dockerHost, `${uniqueName('fixture-other')}:1`, { sizeBytes: 1024 * 1024 })).reference;
    configDir = dockerConfigDir();
  });

  beforeEach(() => control().reset());

  it('token → docker login → tag → push lands the manifest in the registry, and DescribeImages reports it', async () => {
    const repository = uniqueName('flow/app');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    await loginWithToken(configDir);
    const first = await tagAndPush(multi, repository, 'v1', configDir);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(first.digest, first.stdout);
    assert.equal((first.stdout.match(/: Pushed$/gm) ?? []).length, 3, first.stdout);
    assert.deepEqual(await control().registryTags(repository), ['v1']);
    assert.equal(await control().manifestDigest(repository, 'v1'), first.digest);

    // Same image, second tag: nothing to upload again, and one image with two tags.
    const second = await tagAndPush(multi, repository, 'latest', configDir);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.digest, first.digest);
    assert.equal((second.stdout.match(/: Layer already exists$/gm) ?? []).length, 3, second.stdout);

    const described = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }));
    assert.equal(described.imageDetails?.length, 1);
    const image = described.imageDetails?.[0];
    assert.equal(image?.imageDigest, first.digest);
    assert.deepEqual([...(image?.imageTags ?? [])].sort(), ['latest', 'v1']);
    assert.ok((image?.imageSizeInBytes ?? 0) > 3 * 1024 * 1024, `size ${image?.imageSizeInBytes}`);
    assert.ok(image?.imagePushedAt instanceof Date);
    assert.equal(image?.imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(image?.registryId, sharedStack().ecr.accountId);

    const byTag = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(byTag.imageDetails?.[0]?.imageDigest, first.digest);
    const byDigest = await ecrClient().send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: first.digest }] }),
    );
    assert.deepEqual([...(byDigest.imageDetails?.[0]?.imageTags ?? [])].sort(), ['latest', 'v1']);
    const listed = await ecrClient().send(new ListImagesCommand({ repositoryName: repository }));
    assert.deepEqual(listed.imageIds?.map((id) => `${id.imageTag}@${id.imageDigest}`).sort(), [
      `latest@${first.digest}`,
      `v1@${first.digest}`,
    ]);
  });

  it('BatchDeleteImage by tag removes only that tag; the last tag takes the image with it', async () => {
    const repository = uniqueName('flow/delete');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    await loginWithToken(configDir);
    const pushed = await tagAndPush(single, repository, 'a', configDir);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal((await tagAndPush(single, repository, 'b', configDir)).code, 0);

    const first = await ecrClient().send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds: [{ imageTag: 'a' }] }));
    assert.deepEqual(first.imageIds, [{ imageDigest: pushed.digest, imageTag: 'a' }]);
    assert.deepEqual(first.failures, []);
    assert.deepEqual(await control().registryTags(repository), ['b']);
    assert.equal(await control().manifestDigest(repository, 'b'), pushed.digest);

    await ecrClient().send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds: [{ imageTag: 'b' }] }));
    assert.deepEqual(await control().registryTags(repository), []);
    assert.equal(await control().manifestDigest(repository, pushed.digest ?? ''), undefined);
    await assert.rejects(
      ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: pushed.digest }] })),
      (error: unknown) => error instanceof ECRServiceException && error.name === 'ImageNotFoundException',
    );
  });

  it('a push to a repository that does not exist fails with NAME_UNKNOWN and leaves the registry empty', async () => {
    const repository = uniqueName('flow/uncreated');
    await loginWithToken(configDir);
    const pushed = await tagAndPush(single, repository, '1', configDir);
    assert.notEqual(pushed.code, 0);
    assert.match(
      pushed.stderr,
      new RegExp(
        `name unknown: The repository with name '${repository}' does not exist in the registry with id '${sharedStack().ecr.accountId}'`,
      ),
    );
    assert.deepEqual(await control().registryTags(repository), []);
  });

  it('an IMMUTABLE repository refuses to move an existing tag to another image but accepts the same image again', async () => {
    const repository = uniqueName('flow/immutable');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository, imageTagMutability: 'IMMUTABLE' }));
    await loginWithToken(configDir);
    const first = await tagAndPush(single, repository, '1.0', configDir);
    assert.equal(first.code, 0, first.stderr);
    const overwrite = await tagAndPush(other, repository, '1.0', configDir);
    assert.notEqual(overwrite.code, 0);
    assert.match(
      overwrite.stderr,
      new RegExp(
        `tag invalid: The image tag '1\\.0' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable\\.`,
      ),
    );
    assert.equal(await control().manifestDigest(repository, '1.0'), first.digest);
    const same = await tagAndPush(single, repository, '1.0', configDir);
    assert.equal(same.code, 0, same.stderr);
    const newTag = await tagAndPush(other, repository, '2.0', configDir);
    assert.equal(newTag.code, 0, newTag.stderr);
    assert.deepEqual(await control().registryTags(repository), ['1.0', '2.0']);
  });

  it('a push with an expired token fails with ECR\'s "authorization token has expired" message', async () => {
    const repository = uniqueName('flow/expired');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const ownConfig = dockerConfigDir();
    await loginWithToken(ownConfig);
    await control().revokeTokens();
    const pushed = await tagAndPush(single, repository, '1', ownConfig);
    assert.notEqual(pushed.code, 0);
    assert.ok(pushed.stderr.includes(EXPIRED), pushed.stderr);
    assert.deepEqual(await control().registryTags(repository), []);

    // A fresh token works again.
    await loginWithToken(ownConfig);
    assert.equal((await tagAndPush(single, repository, '1', ownConfig)).code, 0);
  });

  it('an already expired token cannot log in; a token valid for a few requests expires mid-push', async () => {
    const repository = uniqueName('flow/midpush');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const ownConfig = dockerConfigDir();

    await control().injectFault({ operation: 'GetAuthorizationToken', count: 1, expiredToken: true });
    const data = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    assert.ok(data?.authorizationToken);
    const login = await docker(['login', '--username', 'AWS', '--password-stdin', sharedStack().registry.host], {
      input: tokenPassword(data.authorizationToken),
      configDir: ownConfig,
    });
    assert.notEqual(login.code, 0);
    assert.match(login.stderr, /401 Unauthorized/);

    // Login spends one or two requests; the push needs many more (3 layers, config, manifest).
    await control().injectFault({ operation: 'GetAuthorizationToken', count: 1, tokenValidForRequests: 4 });
    await loginWithToken(ownConfig);
    const pushed = await tagAndPush(multi, repository, '1', ownConfig);
    assert.notEqual(pushed.code, 0);
    assert.ok(pushed.stderr.includes(EXPIRED), pushed.stderr);
    assert.deepEqual(await control().registryTags(repository), []);
  });
});
