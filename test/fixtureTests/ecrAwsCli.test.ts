import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { AWS_CLI, awsCliEnv } from '../fixtures/awsCli';
import { type ChildResult, runChild } from '../fixtures/childProcess';
import { control, sharedStack, uniqueName } from './sharedStack';

/** Runs `aws ecr …` against the fake ECR with the stack's credentials in the environment only. */
function aws(args: string[], overrides: Record<string, string> = {}): Promise<ChildResult> {
  const stack = sharedStack();
  return runChild(AWS_CLI, ['ecr', ...args, '--endpoint-url', stack.ecr.endpoint, '--output', 'json'], {
    env: { ...awsCliEnv(stack, stack.workDir), ...overrides },
    timeoutMs: 60_000,
  });
}

function json<T>(result: ChildResult): T {
  assert.equal(result.code, 0, `aws failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

describe("fake ECR through Debian's awscli v2", function () {
  before(function () {
    if (!fs.existsSync(AWS_CLI)) {
      // A missing tool is a failure, never a skip: the suite must not pass without the second client.
      throw new Error(`${AWS_CLI} not found: install Debian's awscli package`);
    }
  });

  beforeEach(() => control().reset());

  it('create-repository keeps settings and describe-repositories finds it', async () => {
    const { registry, ecr } = sharedStack();
    const name = uniqueName('cli/app');
    const created = json<{ repository: Record<string, unknown> }>(
      await aws([
        'create-repository',
        '--repository-name',
        name,
        '--image-tag-mutability',
        'IMMUTABLE',
        '--image-scanning-configuration',
        'scanOnPush=true',
      ]),
    );
    assert.equal(created.repository.repositoryUri, `${registry.host}/${name}`);
    assert.equal(created.repository.registryId, ecr.accountId);
    assert.equal(created.repository.imageTagMutability, 'IMMUTABLE');
    assert.deepEqual(created.repository.imageScanningConfiguration, { scanOnPush: true });

    const described = json<{ repositories: Array<{ repositoryName: string; imageTagMutability: string }> }>(
      await aws(['describe-repositories', '--repository-names', name]),
    );
    assert.deepEqual(
      described.repositories.map((r) => [r.repositoryName, r.imageTagMutability]),
      [[name, 'IMMUTABLE']],
    );

    // The CLI pages by itself through every repository.
    const all = json<{ repositories: Array<{ repositoryName: string }> }>(await aws(['describe-repositories', '--page-size', '1']));
    assert.deepEqual(
      all.repositories.map((r) => r.repositoryName),
      (await control().repositories()).map((r) => r.repositoryName),
    );

    const again = await aws(['create-repository', '--repository-name', name]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /RepositoryAlreadyExistsException.*already exists in the registry with id/);
  });

  it('describe-repositories of a missing repository fails with RepositoryNotFoundException', async () => {
    const missing = uniqueName('cli-missing');
    const result = await aws(['describe-repositories', '--repository-names', missing]);
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      new RegExp(
        `\\(RepositoryNotFoundException\\) when calling the DescribeRepositories operation: The repository with name '${missing}' does not exist`,
      ),
    );
  });

  it('get-login-password prints a password the registry front accepts, get-authorization-token the matching token', async () => {
    const { registry } = sharedStack();
    const login = await aws(['get-login-password']);
    assert.equal(login.code, 0, login.stderr);
    const password = login.stdout.trim();
    const basic = 'Basic ' + Buffer.from(`AWS:${password}`).toString('base64');
    assert.equal((await fetch(`http://${registry.host}/v2/`, { headers: { authorization: basic } })).status, 200);

    const token = json<{ authorizationData: Array<{ authorizationToken: string; proxyEndpoint: string; expiresAt: string | number }> }>(
      await aws(['get-authorization-token']),
    );
    const data = token.authorizationData[0];
    assert.equal(data.proxyEndpoint, `http://${registry.host}`);
    assert.match(Buffer.from(data.authorizationToken, 'base64').toString('utf8'), /^AWS:.{20,}$/);
    assert.ok(new Date(data.expiresAt).getTime() > Date.now() + 11 * 3600_000, `expiresAt ${data.expiresAt}`);
    assert.deepEqual(
      (await control().calls()).map((c) => c.operation),
      ['GetAuthorizationToken', 'GetAuthorizationToken'],
    );
  });

  it('describe-images answers an empty list, and ImageNotFoundException for a missing tag', async () => {
    const name = uniqueName('cli-images');
    json(await aws(['create-repository', '--repository-name', name]));
    assert.deepEqual(json<{ imageDetails: unknown[] }>(await aws(['describe-images', '--repository-name', name])).imageDetails, []);
    const missing = await aws(['describe-images', '--repository-name', name, '--image-ids', 'imageTag=nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(ImageNotFoundException\).*imageTag:'nope'/);
  });

  it('a wrong secret fails with InvalidSignatureException, an unknown key with UnrecognizedClientException', async () => {
    const { ecr } = sharedStack();
    const wrong = await aws(['describe-repositories'], { AWS_SECRET_ACCESS_KEY: ecr.secretAccessKey.split('').reverse().join('') });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /\(InvalidSignatureException\).*The request signature we calculated does not match/);
    const unknown = await aws(['get-login-password'], { AWS_ACCESS_KEY_ID: 'AKIAAAAAAAAAAAAAAAAA' });
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /\(UnrecognizedClientException\).*The security token included in the request is invalid/);
    assert.equal(unknown.stdout.trim(), '');
  });

  it('sees injected faults like the SDK does', async () => {
    await control().injectFault({ operation: 'GetAuthorizationToken', count: 1, errorType: 'AccessDeniedException' });
    const denied = await aws(['get-login-password']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /\(AccessDeniedException\).*is not authorized to perform: ecr:GetAuthorizationToken/);
    assert.equal((await aws(['get-login-password'])).code, 0);
  });
});
