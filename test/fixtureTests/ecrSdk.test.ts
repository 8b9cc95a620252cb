import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  paginateDescribeRepositories,
  DescribeImagesCommand,
  ListImagesCommand,
  BatchDeleteImageCommand,
  DeleteRepositoryCommand,
} from '@aws-sdk/client-ecr';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import * as assert from 'node:assert/strict';
import { control, ecrClient, rejection, sharedStack, tokenPassword, uniqueName } from './sharedStack';

describe('fake ECR through the AWS SDK v3', () => {
  beforeEach(() => control().reset());

  it("CreateRepository keeps mutability, scan-on-push and encryption and answers ECR's repository shape", async () => {
    const { ecr, registry } = sharedStack();
    const name = uniqueName('team/api');
    const before = Date.now();
    const { repository } = await ecrClient().send(
      new CreateRepositoryCommand({
        repositoryName: name,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS' },
      }),
    );
    assert.ok(repository);
    assert.equal(repository.repositoryName, name);
    assert.equal(repository.repositoryUri, `${registry.host}/${name}`);
    assert.equal(repository.repositoryArn, `arn:aws:ecr:${ecr.region}:${ecr.accountId}:repository/${name}`);
    assert.equal(repository.registryId, ecr.accountId);
    assert.equal(repository.imageTagMutability, 'IMMUTABLE');
    assert.equal(repository.imageScanningConfiguration?.scanOnPush, true);
    assert.equal(repository.encryptionConfiguration?.encryptionType, 'KMS');
    assert.ok(repository.createdAt instanceof Date);
    assert.ok(repository.createdAt.getTime() >= before - 1000);

    const defaults = (await ecrClient().send(new CreateRepositoryCommand({ repositoryName: uniqueName('plain') }))).repository;
    assert.equal(defaults?.imageTagMutability, 'MUTABLE');
    assert.equal(defaults?.imageScanningConfiguration?.scanOnPush, false);
    assert.equal(defaults?.encryptionConfiguration?.encryptionType, 'AES256');

    const state = (await control().repositories()).find((r) => r.repositoryName === name);
    assert.deepEqual(
      { ...state, encryptionType: undefined, repositoryUri: undefined },
      { repositoryName: name, imageTagMutability: 'IMMUTABLE', scanOnPush: true, encryptionType: undefined, repositoryUri: undefined },
    );
  });

  it('CreateRepository refuses an existing name and an invalid one, as ECR does', async () => {
    const { ecr } = sharedStack();
    const name = uniqueName('dup');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: name }));
    const exists = await rejection(ecrClient().send(new CreateRepositoryCommand({ repositoryName: name })));
    assert.equal(exists.name, 'RepositoryAlreadyExistsException');
    assert.equal(exists.message, `The repository with name '${name}' already exists in the registry with id '${ecr.accountId}'`);
    assert.equal(exists.$metadata.httpStatusCode, 400);
    assert.ok(exists.$metadata.requestId);

    for (const invalid of ['Upper/Case', 'a', 'trailing/', 'double--dash-', 'sp ace']) {
      const error = await rejection(ecrClient().send(new CreateRepositoryCommand({ repositoryName: invalid })));
      assert.equal(error.name, 'InvalidParameterException', invalid);
      assert.match(error.message, /^Invalid parameter at 'repositoryName' failed to satisfy constraint/);
    }
    assert.equal(
      (await control().repositories()).some((r) => r.repositoryName === 'a'),
      false,
    );
  });

  it("DescribeRepositories finds by name and answers RepositoryNotFoundException with ECR's message", async () => {
    const { ecr } = sharedStack();
    const name = uniqueName('described');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: 'IMMUTABLE' }));
    const found = await ecrClient().send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    assert.deepEqual(
      found.repositories?.map((r) => [r.repositoryName, r.imageTagMutability]),
      [[name, 'IMMUTABLE']],
    );

    const missing = uniqueName('missing');
    const error = await rejection(ecrClient().send(new DescribeRepositoriesCommand({ repositoryNames: [name, missing] })));
    assert.equal(error.name, 'RepositoryNotFoundException');
    assert.equal(error.message, `The repository with name '${missing}' does not exist in the registry with id '${ecr.accountId}'`);
  });

  it('DescribeRepositories pages with maxResults and nextToken', async () => {
    const names = [1, 2, 3, 4, 5].map(() => uniqueName('paged'));
    for (const repositoryName of names) {
      await ecrClient().send(new CreateRepositoryCommand({ repositoryName }));
    }
    const firstPage = await ecrClient().send(new DescribeRepositoriesCommand({ maxResults: 2 }));
    assert.equal(firstPage.repositories?.length, 2);
    assert.ok(firstPage.nextToken);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeRepositories({ client: ecrClient(), pageSize: 2 }, {})) {
      pages++;
      assert.ok((page.repositories?.length ?? 0) <= 2);
      seen.push(...(page.repositories ?? []).map((r) => r.repositoryName ?? ''));
    }
    const all = (await control().repositories()).map((r) => r.repositoryName);
    assert.deepEqual(seen, all);
    assert.equal(pages, Math.ceil(all.length / 2));
    for (const name of names) {
      assert.ok(seen.includes(name));
    }
    const bad = await rejection(ecrClient().send(new DescribeRepositoriesCommand({ nextToken: 'garbage' })));
    assert.equal(bad.name, 'InvalidParameterException');
  });

  it('GetAuthorizationToken hands out a distinct AWS:<password> token per call, valid 12 hours, naming the registry front', async () => {
    const { registry } = sharedStack();
    const first = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    const second = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    assert.ok(first?.authorizationToken && second?.authorizationToken);
    assert.equal(first.proxyEndpoint, `http://${registry.host}`);
    const password = tokenPassword(first.authorizationToken);
    assert.notEqual(password, tokenPassword(second.authorizationToken));
    assert.notEqual(password, registry.password);
    const issued = await control().issuedPasswords();
    assert.ok(issued.includes(password) && issued.includes(tokenPassword(second.authorizationToken)));
    assert.ok(first.expiresAt instanceof Date);
    assert.ok(first.expiresAt.getTime() > Date.now() + 11 * 3600_000);
    assert.ok(first.expiresAt.getTime() <= Date.now() + 12 * 3600_000 + 60_000);

    // The registry front accepts the token's password, and nothing else.
    const status = async (auth?: string) =>
      (await fetch(`http://${registry.host}/v2/`, { headers: auth ? { authorization: auth } : {} })).status;
    assert.equal(await status('Basic ' + first.authorizationToken), 200);
    assert.equal(await status('Basic ' + Buffer.from('AWS:not-issued').toString('base64')), 401);
  });

  it('rejects a wrong secret with InvalidSignatureException and an unknown key with UnrecognizedClientException', async () => {
    const { ecr } = sharedStack();
    const wrongSecret = ecrClient({
      credentials: { accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey.replace(/^./, (c) => (c === 'x' ? 'y' : 'x')) },
    });
    const signature = await rejection(wrongSecret.send(new DescribeRepositoriesCommand({})));
    assert.equal(signature.name, 'InvalidSignatureException');
    assert.match(signature.message, /^The request signature we calculated does not match the signature you provided/);
    assert.equal(signature.$metadata.httpStatusCode, 400);

    const unknownKey = ecrClient({ credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: ecr.secretAccessKey } });
    const unrecognized = await rejection(unknownKey.send(new GetAuthorizationTokenCommand({})));
    assert.equal(unrecognized.name, 'UnrecognizedClientException');
    assert.equal(unrecognized.message, 'The security token included in the request is invalid.');
    assert.equal(unrecognized.$metadata.httpStatusCode, 400);

    const wrongRegion = ecrClient({ region: 'eu-west-1' });
    assert.equal((await rejection(wrongRegion.send(new DescribeRepositoriesCommand({})))).name, 'InvalidSignatureException');

    const calls = await control().calls();
    assert.deepEqual(
      calls.map((c) => [c.operation, c.errorType]),
      [
        ['DescribeRepositories', 'InvalidSignatureException'],
        ['GetAuthorizationToken', 'UnrecognizedClientException'],
        ['DescribeRepositories', 'InvalidSignatureException'],
      ],
    );
  });

  it('answers a signed request for an unknown operation with UnknownOperationException, and a body tampered after signing with InvalidSignatureException', async () => {
    const { ecr } = sharedStack();
    const url = new URL(ecr.endpoint);
    const send = async (target: string, body: string, sentBody = body, applyChecksum = true) => {
      // With applyChecksum the signer also signs an x-amz-content-sha256 header; without it only the body hash.
      const signer = new SignatureV4({
        credentials: ecr,
        region: ecr.region,
        service: 'ecr',
        sha256: Hash.bind(null, 'sha256'),
        applyChecksum,
      });
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: {},
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
      const response = await fetch(ecr.endpoint + '/', {
        method: 'POST',
        headers: signed.headers as Record<string, string>,
        body: sentBody,
      });
      return { status: response.status, json: (await response.json()) as { __type: string; message?: string }, headers: response.headers };
    };
    const unknown = await send('AmazonEC2ContainerRegistry_V20150921.LaunchRockets', '{}');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.__type, 'UnknownOperationException');
    assert.equal(unknown.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.ok(unknown.headers.get('x-amzn-requestid'));

    const good = await send('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', '{}');
    assert.equal(good.status, 200);
    const tampered = await send('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories', '{"maxResults":1}', '{"maxResults":2}');
    assert.equal(tampered.status, 400);
    assert.equal(tampered.json.__type, 'InvalidSignatureException');
    const tamperedNoHeader = await send(
      'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      '{"maxResults":1}',
      '{"maxResults":2}',
      false,
    );
    assert.equal(tamperedNoHeader.json.__type, 'InvalidSignatureException');
    const goodNoHeader = await send(
      'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      '{"maxResults":1}',
      '{"maxResults":1}',
      false,
    );
    assert.equal(goodNoHeader.status, 200);

    const unsigned = await fetch(ecr.endpoint + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      },
      body: '{}',
    });
    assert.equal(unsigned.status, 400);
    assert.equal(((await unsigned.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
  });

  it('fails the next N calls of an operation with the injected error, then recovers', async () => {
    const client = ecrClient();
    await control().injectFault({ operation: 'DescribeRepositories', count: 2, errorType: 'ThrottlingException' });
    for (let i = 0; i < 2; i++) {
      const error = await rejection(client.send(new DescribeRepositoriesCommand({})));
      assert.equal(error.name, 'ThrottlingException');
      assert.equal(error.$metadata.httpStatusCode, 400);
    }
    await client.send(new DescribeRepositoriesCommand({}));
    // Other operations were never affected.
    await client.send(new GetAuthorizationTokenCommand({}));

    await control().injectFault({ operation: 'GetAuthorizationToken', count: 1, errorType: 'ServerException' });
    const server = await rejection(client.send(new GetAuthorizationTokenCommand({})));
    assert.equal(server.name, 'ServerException');
    assert.equal(server.$metadata.httpStatusCode, 500);

    const name = uniqueName('denied');
    await control().injectFault({ operation: 'CreateRepository', count: 1, errorType: 'AccessDeniedException' });
    const denied = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: name })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(
      denied.message,
      /^User: arn:aws:iam::\d{12}:user\/test is not authorized to perform: ecr:CreateRepository on resource: .* because no identity-based policy allows the ecr:CreateRepository action$/,
    );
    assert.equal(
      (await control().repositories()).some((r) => r.repositoryName === name),
      false,
    );

    await control().injectFault({
      operation: 'CreateRepository',
      count: 1,
      errorType: 'LimitExceededException',
      message: 'custom limit text',
      httpStatus: 400,
    });
    const limit = await rejection(client.send(new CreateRepositoryCommand({ repositoryName: name })));
    assert.deepEqual([limit.name, limit.message], ['LimitExceededException', 'custom limit text']);
    await client.send(new CreateRepositoryCommand({ repositoryName: name }));

    assert.deepEqual(
      (await control().calls()).map((c) => [c.operation, c.errorType]),
      [
        ['DescribeRepositories', 'ThrottlingException'],
        ['DescribeRepositories', 'ThrottlingException'],
        ['DescribeRepositories', undefined],
        ['GetAuthorizationToken', undefined],
        ['GetAuthorizationToken', 'ServerException'],
        ['CreateRepository', 'AccessDeniedException'],
        ['CreateRepository', 'LimitExceededException'],
        ['CreateRepository', undefined],
      ],
    );
  });

  it("lets the SDK's own retry recover from a throttled call (retryable errors look retryable)", async () => {
    await control().injectFault({ operation: 'DescribeRepositories', count: 1, errorType: 'ThrottlingException' });
    await ecrClient({ maxAttempts: 3 }).send(new DescribeRepositoriesCommand({}));
    assert.deepEqual(
      (await control().calls()).map((c) => c.errorType ?? 'ok'),
      ['ThrottlingException', 'ok'],
    );
  });

  it('hands out an already expired token when asked, which the registry front rejects as expired', async () => {
    const { registry } = sharedStack();
    await control().injectFault({ operation: 'GetAuthorizationToken', count: 1, expiredToken: true });
    const expired = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    assert.ok(expired?.expiresAt && expired.authorizationToken);
    assert.ok(expired.expiresAt.getTime() < Date.now());
    const response = await fetch(`http://${registry.host}/v2/`, { headers: { authorization: 'Basic ' + expired.authorizationToken } });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      errors: [{ code: 'DENIED', message: 'Your authorization token has expired. Reauthenticate and try again.' }],
    });

    const fresh = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
    assert.ok(fresh?.expiresAt && fresh.expiresAt.getTime() > Date.now());
  });

  it('answers image operations on an empty or missing repository like ECR', async () => {
    const { ecr } = sharedStack();
    const name = uniqueName('empty');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: name }));
    assert.deepEqual((await ecrClient().send(new DescribeImagesCommand({ repositoryName: name }))).imageDetails, []);
    assert.deepEqual((await ecrClient().send(new ListImagesCommand({ repositoryName: name }))).imageIds, []);
    const notFound = await rejection(
      ecrClient().send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'nope' }] })),
    );
    assert.equal(notFound.name, 'ImageNotFoundException');
    assert.equal(
      notFound.message,
      `The image with imageId {imageDigest:'null', imageTag:'nope'} does not exist within the repository with name '${name}' in the registry with id '${ecr.accountId}'`,
    );
    const deleted = await ecrClient().send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: [{ imageTag: 'nope' }] }));
    assert.deepEqual(deleted.imageIds, []);
    assert.deepEqual(
      deleted.failures?.map((f) => f.failureCode),
      ['ImageNotFound'],
    );
    const missingRepo = await rejection(ecrClient().send(new DescribeImagesCommand({ repositoryName: uniqueName('nowhere') })));
    assert.equal(missingRepo.name, 'RepositoryNotFoundException');
    await ecrClient().send(new DeleteRepositoryCommand({ repositoryName: name }));
    assert.equal(
      (await control().repositories()).some((r) => r.repositoryName === name),
      false,
    );
  });
});
