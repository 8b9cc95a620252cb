/**
 * SdkEcrRegistry against a mocked ECRClient (aws-sdk-client-mock): what it sends, how it narrows the
 * answers, and which SDK errors it absorbs (not found, the create race) and which it passes on.
 * Errors are the SDK's own exception classes, built as the SDK builds them.
 */
import * as assert from 'node:assert/strict';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  LimitExceededException,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  ServerException,
  ECRServiceException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { AuthorizationTokenError } from '../../../src/ecr/authorizationToken';
import { SdkEcrRegistry } from '../../../src/ecr/SdkEcrRegistry';
import { credentials, freshRegistry } from './mockedEcr';

const ACCOUNT = '123456789012';
const HOST = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const notFound = () =>
  new RepositoryNotFoundException({
    message: `The repository with name 'team/app' does not exist in the registry with id '${ACCOUNT}'`,
    $metadata: { httpStatusCode: 400 },
  });

describe('SdkEcrRegistry', () => {
  const ecr = mockClient(ECRClient);
  let registry: SdkEcrRegistry;

  beforeEach(async () => (registry = await freshRegistry(ecr)));

  after(() => ecr.restore());

  describe('create', () => {
    it('configures the client with region, endpoint override and a retry budget', async () => {
      const custom = await SdkEcrRegistry.create({
        region: 'eu-central-2',
        endpoint: 'http://127.0.0.1:4566',
        credentials,
        maxAttempts: 2,
      });
      const client = (custom as unknown as { client: ECRClient }).client;
      assert.equal(await client.config.region(), 'eu-central-2');
      assert.equal(await client.config.maxAttempts(), 2);
      const endpoint = await client.config.endpoint?.();
      assert.equal(endpoint?.hostname, '127.0.0.1');
      assert.equal(endpoint?.port, 4566);
      assert.equal(endpoint?.protocol, 'http:');
    });

    it('defaults to four attempts and treats an empty endpoint as none', async () => {
      const plain = await SdkEcrRegistry.create({ region: 'us-east-1', endpoint: '', credentials });
      const client = (plain as unknown as { client: ECRClient }).client;
      assert.equal(await client.config.maxAttempts(), 4);
      assert.equal(client.config.endpoint, undefined);
    });
  });

  describe('describeRepository', () => {
    it('returns the repository, narrowed', async () => {
      const createdAt = new Date('2024-05-01T10:00:00Z');
      ecr.on(DescribeRepositoriesCommand).resolves({
        repositories: [
          {
            repositoryName: 'team/app',
            repositoryUri: `${HOST}/team/app`,
            repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/team/app`,
            registryId: ACCOUNT,
            createdAt,
            imageTagMutability: 'IMMUTABLE',
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfiguration: { encryptionType: 'AES256' },
          },
        ],
      });
      assert.deepEqual(await registry.describeRepository('team/app', ACCOUNT), {
        name: 'team/app',
        uri: `${HOST}/team/app`,
        arn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/team/app`,
        registryId: ACCOUNT,
        createdAt,
        imageTagMutability: 'IMMUTABLE',
        scanOnPush: true,
        encryptionType: 'AES256',
      });
      const calls = ecr.commandCalls(DescribeRepositoriesCommand);
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].args[0].input, { repositoryNames: ['team/app'], registryId: ACCOUNT });
    });

    it('sends no registryId for the caller’s own registry', async () => {
      ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'app', repositoryUri: `${HOST}/app` }] });
      await registry.describeRepository('app');
      assert.equal(ecr.commandCalls(DescribeRepositoriesCommand)[0].args[0].input.registryId, undefined);
    });

    it('returns undefined on RepositoryNotFoundException', async () => {
      ecr.on(DescribeRepositoriesCommand).rejects(notFound());
      assert.equal(await registry.describeRepository('team/app'), undefined);
    });

    it('returns undefined when ECR answers with an empty list', async () => {
      ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [] });
      assert.equal(await registry.describeRepository('team/app'), undefined);
    });

    it('passes other errors on unchanged', async () => {
      const denied = new ECRServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: `User: arn:aws:iam::${ACCOUNT}:user/x is not authorized to perform: ecr:DescribeRepositories`,
        $metadata: { httpStatusCode: 400 },
      });
      ecr.on(DescribeRepositoriesCommand).rejects(denied);
      await assert.rejects(registry.describeRepository('team/app'), (error) => error === denied);
    });

    it('passes the abort signal to the SDK', async () => {
      ecr.on(DescribeRepositoriesCommand).rejects(notFound());
      const controller = new AbortController();
      await registry.describeRepository('app', undefined, controller.signal);
      // send(command, options): the typed spy only declares the command, so read the options loosely.
      const args = ecr.commandCalls(DescribeRepositoriesCommand)[0].args as unknown[];
      const options = args[1] as { abortSignal?: AbortSignal } | undefined;
      assert.equal(options?.abortSignal, controller.signal);
    });
  });

  describe('createRepository', () => {
    it('sends mutability, scan-on-push and registry id, and reports created', async () => {
      ecr.on(CreateRepositoryCommand).resolves({
        repository: {
          repositoryName: 'team/app',
          repositoryUri: `${HOST}/team/app`,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: false },
        },
      });
      const result = await registry.createRepository({
        name: 'team/app',
        registryId: ACCOUNT,
        imageTagMutability: 'IMMUTABLE',
        scanOnPush: false,
      });
      assert.equal(result.created, true);
      assert.equal(result.repository?.name, 'team/app');
      assert.equal(result.repository?.uri, `${HOST}/team/app`);
      assert.equal(result.repository?.imageTagMutability, 'IMMUTABLE');
      assert.equal(result.repository?.scanOnPush, false);
      const calls = ecr.commandCalls(CreateRepositoryCommand);
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].args[0].input, {
        repositoryName: 'team/app',
        registryId: ACCOUNT,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
      });
    });

    it('sends MUTABLE and scanOnPush true as given', async () => {
      ecr.on(CreateRepositoryCommand).resolves({ repository: { repositoryName: 'app' } });
      await registry.createRepository({ name: 'app', imageTagMutability: 'MUTABLE', scanOnPush: true });
      assert.deepEqual(ecr.commandCalls(CreateRepositoryCommand)[0].args[0].input, {
        repositoryName: 'app',
        registryId: undefined,
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
      });
    });

    it('counts RepositoryAlreadyExistsException as success with created: false (another pusher won the race)', async () => {
      ecr.on(CreateRepositoryCommand).rejects(
        new RepositoryAlreadyExistsException({
          message: `The repository with name 'app' already exists in the registry with id '${ACCOUNT}'`,
          $metadata: {},
        }),
      );
      assert.deepEqual(await registry.createRepository({ name: 'app', imageTagMutability: 'MUTABLE', scanOnPush: true }), {
        created: false,
      });
    });

    it('the not-found path: describe → undefined, then create succeeds', async () => {
      ecr.on(DescribeRepositoriesCommand).rejects(notFound());
      ecr.on(CreateRepositoryCommand).resolves({ repository: { repositoryName: 'team/app', repositoryUri: `${HOST}/team/app` } });
      assert.equal(await registry.describeRepository('team/app'), undefined);
      const created = await registry.createRepository({ name: 'team/app', imageTagMutability: 'MUTABLE', scanOnPush: true });
      assert.equal(created.created, true);
      assert.equal(ecr.commandCalls(DescribeRepositoriesCommand).length, 1);
      assert.equal(ecr.commandCalls(CreateRepositoryCommand).length, 1);
    });

    it('passes LimitExceededException on (a quota is not a race)', async () => {
      const limit = new LimitExceededException({
        message: 'The operation did not succeed because it would have exceeded a service limit for your account.',
        $metadata: {},
      });
      ecr.on(CreateRepositoryCommand).rejects(limit);
      await assert.rejects(
        registry.createRepository({ name: 'app', imageTagMutability: 'MUTABLE', scanOnPush: true }),
        (error) => error === limit,
      );
    });
  });

  describe('getAuthorization', () => {
    it('decodes the token and takes the host from proxyEndpoint', async () => {
      const expiresAt = new Date('2030-01-01T12:00:00Z');
      ecr.on(GetAuthorizationTokenCommand).resolves({
        authorizationData: [{ authorizationToken: b64('AWS:registry-password'), proxyEndpoint: `https://${HOST}`, expiresAt }],
      });
      assert.deepEqual(await registry.getAuthorization(), {
        username: 'AWS',
        password: 'registry-password',
        registryHost: HOST,
        proxyEndpoint: `https://${HOST}`,
        expiresAt,
      });
      assert.deepEqual(ecr.commandCalls(GetAuthorizationTokenCommand)[0].args[0].input, {});
    });

    it('asks for another account’s registry by id', async () => {
      ecr.on(GetAuthorizationTokenCommand).resolves({
        authorizationData: [{ authorizationToken: b64('AWS:pw'), proxyEndpoint: 'https://210987654321.dkr.ecr.us-east-1.amazonaws.com' }],
      });
      const auth = await registry.getAuthorization('210987654321');
      assert.equal(auth.registryHost, '210987654321.dkr.ecr.us-east-1.amazonaws.com');
      assert.deepEqual(ecr.commandCalls(GetAuthorizationTokenCommand)[0].args[0].input, { registryIds: ['210987654321'] });
    });

    it('keeps a local proxyEndpoint as ECR gave it', async () => {
      ecr
        .on(GetAuthorizationTokenCommand)
        .resolves({ authorizationData: [{ authorizationToken: b64('AWS:pw'), proxyEndpoint: 'http://127.0.0.1:5055' }] });
      assert.equal((await registry.getAuthorization()).registryHost, '127.0.0.1:5055');
    });

    it('raises AuthorizationTokenError on an empty authorizationData list', async () => {
      ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] });
      await assert.rejects(registry.getAuthorization(), (error: unknown) => {
        assert.ok(error instanceof AuthorizationTokenError);
        assert.match(error.message, /no authorization data/);
        return true;
      });
    });

    it('raises AuthorizationTokenError when authorizationData is missing', async () => {
      ecr.on(GetAuthorizationTokenCommand).resolves({});
      await assert.rejects(registry.getAuthorization(), AuthorizationTokenError);
    });

    it('raises AuthorizationTokenError for a token that is not base64, without echoing it', async () => {
      const token = 'this-is-not%base64-SECRET';
      ecr
        .on(GetAuthorizationTokenCommand)
        .resolves({ authorizationData: [{ authorizationToken: token, proxyEndpoint: `https://${HOST}` }] });
      await assert.rejects(registry.getAuthorization(), (error: unknown) => {
        assert.ok(error instanceof AuthorizationTokenError);
        assert.match(error.message, /not valid base64/);
        assert.ok(!error.message.includes('SECRET'));
        return true;
      });
    });

    it('raises AuthorizationTokenError for a missing proxyEndpoint', async () => {
      ecr.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [{ authorizationToken: b64('AWS:pw') }] });
      await assert.rejects(registry.getAuthorization(), /no proxyEndpoint/);
    });

    it('passes SDK errors on', async () => {
      const server = new ServerException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } });
      ecr.on(GetAuthorizationTokenCommand).rejects(server);
      await assert.rejects(registry.getAuthorization(), (error) => error === server);
    });
  });

  describe('describeImageByTag', () => {
    const digest = `sha256:${'4d'.repeat(32)}`;

    it('returns the digest, tags, size and push time for the tag', async () => {
      const pushedAt = new Date('2024-06-01T00:00:00Z');
      ecr.on(DescribeImagesCommand).resolves({
        imageDetails: [{ imageDigest: digest, imageTags: ['1.0', 'latest'], imageSizeInBytes: 2048, imagePushedAt: pushedAt }],
      });
      assert.deepEqual(await registry.describeImageByTag('team/app', '1.0', ACCOUNT), {
        digest,
        tags: ['1.0', 'latest'],
        sizeBytes: 2048,
        pushedAt,
      });
      assert.deepEqual(ecr.commandCalls(DescribeImagesCommand)[0].args[0].input, {
        repositoryName: 'team/app',
        registryId: ACCOUNT,
        imageIds: [{ imageTag: '1.0' }],
      });
    });

    it('returns undefined on ImageNotFoundException', async () => {
      ecr.on(DescribeImagesCommand).rejects(
        new ImageNotFoundException({
          message: "The image with imageId {imageTag:'1.0'} does not exist within the repository",
          $metadata: {},
        }),
      );
      assert.equal(await registry.describeImageByTag('app', '1.0'), undefined);
    });

    it('returns undefined when ECR lists no image or one without a digest', async () => {
      ecr
        .on(DescribeImagesCommand)
        .resolvesOnce({ imageDetails: [] })
        .resolvesOnce({ imageDetails: [{ imageTags: ['1.0'] }] });
      assert.equal(await registry.describeImageByTag('app', '1.0'), undefined);
      assert.equal(await registry.describeImageByTag('app', '1.0'), undefined);
    });

    it('reports an untagged answer with an empty tag list', async () => {
      ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: digest }] });
      assert.deepEqual((await registry.describeImageByTag('app', '1.0'))?.tags, []);
    });

    it('passes RepositoryNotFoundException on (verification must not pass silently)', async () => {
      const error = notFound();
      ecr.on(DescribeImagesCommand).rejects(error);
      await assert.rejects(registry.describeImageByTag('team/app', '1.0'), (e) => e === error);
    });
  });
});
