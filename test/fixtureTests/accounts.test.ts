import { DescribeRepositoriesCommand, ECRServiceException, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import { awsCliEnv, AWS_CLI } from '../fixtures/awsCli';
import { runChild } from '../fixtures/childProcess';
import type { TemporaryCredentials } from '../fixtures/ecrControl';
import { delay } from '../fixtures/network';
import { control, ecrClient, sharedStack } from './sharedStack';

async function rejection(promise: Promise<unknown>): Promise<ECRServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ECRServiceException, `not an ECR error: ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

/** A registry request with the password of `token` (base64 `AWS:<password>`), straight to the front. */
async function ping(token: string): Promise<number> {
  const response = await fetch(`http://${sharedStack().registry.host}/v2/`, { headers: { authorization: `Basic ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

/** The SDK's credential shape of minted credentials (no expiration: the SDK would not refresh a static key anyway). */
function sdkCredentials({ accessKeyId, secretAccessKey, sessionToken }: TemporaryCredentials) {
  return { accessKeyId, secretAccessKey, sessionToken };
}

describe('accounts and temporary credentials', () => {
  beforeEach(() => control().reset());

  it("signs with either account's key; the call log and each registry token name the caller's account", async () => {
    const [first, second] = sharedStack().ecr.accounts;
    for (const account of [first, second]) {
      const client = ecrClient({ credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey } });
      const token = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
      assert.ok(token);
      assert.equal(await ping(token), 200);
    }
    assert.deepEqual(
      (await control().calls()).map((call) => [call.operation, call.accountId, call.accessKeyId]),
      [
        ['GetAuthorizationToken', first.accountId, first.accessKeyId],
        ['GetAuthorizationToken', second.accountId, second.accessKeyId],
      ],
    );
    assert.deepEqual(
      (await control().registryRequests()).map((request) => [
        request.path,
        request.status,
        request.auth,
        request.account,
        request.accessKeyId,
      ]),
      [
        ['/v2/', 200, 'token', first.accountId, first.accessKeyId],
        ['/v2/', 200, 'token', second.accountId, second.accessKeyId],
      ],
    );
  });

  it('accepts minted temporary credentials only with their own session token, and binds their registry tokens to their account', async () => {
    const [, second] = sharedStack().ecr.accounts;
    const minted = await control().mintTemporaryCredentials({ accountId: second.accountId, durationSeconds: 900 });
    assert.match(minted.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.equal(minted.accountId, second.accountId);
    assert.ok(minted.sessionToken.length > 200);
    const expiresIn = Date.parse(minted.expiration) - Date.now();
    assert.ok(expiresIn > 800_000 && expiresIn <= 900_000, `expires in ${expiresIn} ms`);

    const withToken = ecrClient({ credentials: sdkCredentials(minted) });
    const token = (await withToken.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
    assert.ok(token);
    assert.equal(await ping(token), 200);
    const [request] = await control().registryRequests();
    assert.deepEqual([request.account, request.accessKeyId], [second.accountId, minted.accessKeyId]);

    const noToken = { accessKeyId: minted.accessKeyId, secretAccessKey: minted.secretAccessKey };
    const missing = await rejection(ecrClient({ credentials: noToken }).send(new DescribeRepositoriesCommand({})));
    assert.equal(missing.name, 'UnrecognizedClientException');
    const other = await control().mintTemporaryCredentials({ accountId: second.accountId });
    const crossed = await rejection(
      ecrClient({ credentials: { ...noToken, sessionToken: other.sessionToken } }).send(new DescribeRepositoriesCommand({})),
    );
    assert.equal(crossed.name, 'UnrecognizedClientException');
    assert.equal(crossed.message, 'The security token included in the request is invalid.');
  });

  it('answers ExpiredTokenException once temporary credentials expire, to the SDK and to the awscli alike', async function () {
    this.timeout(60_000);
    const stack = sharedStack();
    const cli = (credentials: TemporaryCredentials, args: string[]) =>
      runChild(AWS_CLI, ['--endpoint-url', stack.ecr.endpoint, 'ecr', ...args], {
        env: {
          ...awsCliEnv(stack, stack.workDir),
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_SESSION_TOKEN: credentials.sessionToken,
        },
      });
    // The awscli takes seconds to start on a busy machine: it proves it is accepted with credentials that outlive it.
    const accepted = await cli(await control().mintTemporaryCredentials({ durationSeconds: 900 }), [
      'describe-repositories',
      '--max-items',
      '1',
    ]);
    assert.equal(accepted.code, 0, accepted.stderr);

    const minted = await control().mintTemporaryCredentials({ durationSeconds: 3 });
    const client = ecrClient({ credentials: sdkCredentials(minted) });
    await client.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    await delay(Math.max(0, Date.parse(minted.expiration) - Date.now()) + 100);
    const expired = await rejection(client.send(new DescribeRepositoriesCommand({})));
    assert.equal(expired.name, 'ExpiredTokenException');
    assert.equal(expired.message, 'The security token included in the request is expired');
    assert.equal(expired.$metadata.httpStatusCode, 400);
    const refused = await cli(minted, ['describe-repositories']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(ExpiredTokenException\)/);
    assert.deepEqual(
      (await control().calls()).map((call) => call.errorType ?? 'ok'),
      ['ok', 'ok', 'ExpiredTokenException', 'ExpiredTokenException'],
    );
  });

  it('refuses to mint for an account the stack does not have', async () => {
    await assert.rejects(control().mintTemporaryCredentials({ accountId: '999999999999' }), /not one of the stack's accounts/);
  });
});
