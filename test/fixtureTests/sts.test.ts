import { GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { fromIni } from '@aws-sdk/credential-providers';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { awsCliEnv, AWS_CLI } from '../fixtures/awsCli';
import { runChild } from '../fixtures/childProcess';
import { STS_FAULTS } from '../fixtures/ecrControl';
import { control, ecrClient, sharedStack, uniqueName, withEnv } from './sharedStack';

const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/stack-user';

/**
 * Private AWS config and credentials files: a `source` profile with the primary account's key and a
 * `role` profile that assumes a role in the second account with MFA. Extra config lines go at the end.
 */
function awsFiles(extraConfig = ''): { config: string; credentials: string } {
  const { ecr } = sharedStack();
  const [first, second] = ecr.accounts;
  const dir = path.join(sharedStack().workDir, uniqueName('aws-sts'));
  fs.mkdirSync(dir, { recursive: true });
  const credentials = path.join(dir, 'credentials');
  fs.writeFileSync(credentials, `[source]\naws_access_key_id = ${first.accessKeyId}\naws_secret_access_key = ${first.secretAccessKey}\n`);
  const config = path.join(dir, 'config');
  fs.writeFileSync(
    config,
    [
      '[profile role]',
      `role_arn = arn:aws:iam::${second.accountId}:role/ecr-pusher`,
      'source_profile = source',
      `mfa_serial = ${MFA_SERIAL}`,
      'role_session_name = stack-session',
      `region = ${ecr.region}`,
      '',
      extraConfig,
    ].join('\n'),
  );
  return { config, credentials };
}

/** The environment the SDK reads the AWS files and the STS endpoint from (no ambient AWS_* credentials). */
function sdkEnv(files: { config: string; credentials: string }, stsEndpoint: string | undefined): Record<string, string | undefined> {
  return {
    AWS_CONFIG_FILE: files.config,
    AWS_SHARED_CREDENTIALS_FILE: files.credentials,
    AWS_ENDPOINT_URL_STS: stsEndpoint,
    AWS_ENDPOINT_URL: undefined,
    AWS_PROFILE: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** GetAuthorizationToken with credentials from `fromIni({ profile: 'role' })`; the MFA code provider records its calls. */
async function tokenThroughRole(code: string, asked: string[]): Promise<void> {
  const credentials = fromIni({
    profile: 'role',
    ignoreCache: true,
    mfaCodeProvider: async (serial) => {
      asked.push(serial);
      return code;
    },
  });
  await ecrClient({ credentials }).send(new GetAuthorizationTokenCommand({}));
}

describe('fake STS: assume role with MFA', () => {
  beforeEach(() => control().reset());

  it("fromIni assumes a second-account role from a source profile with MFA through AWS_ENDPOINT_URL_STS; ECR sees the role's account", async () => {
    const { ecr, sts } = sharedStack();
    const [first, second] = ecr.accounts;
    const asked: string[] = [];
    await withEnv(sdkEnv(awsFiles(), sts.endpoint), () => tokenThroughRole('123456', asked));
    assert.deepEqual(asked, [MFA_SERIAL]);

    const [call] = await control().stsCalls();
    assert.equal(call.action, 'AssumeRole');
    assert.equal(call.accessKeyId, first.accessKeyId, 'signed with the source profile key');
    assert.equal(call.roleArn, `arn:aws:iam::${second.accountId}:role/ecr-pusher`);
    assert.equal(call.roleSessionName, 'stack-session');
    assert.equal(call.serialNumber, MFA_SERIAL);
    assert.equal(call.tokenCode, '123456');
    assert.match(call.issuedAccessKeyId ?? '', /^ASIA/);
    assert.deepEqual(
      (await control().calls()).map((c) => [c.operation, c.accountId, c.accessKeyId]),
      [['GetAuthorizationToken', second.accountId, call.issuedAccessKeyId]],
    );
  });

  it('refuses an MFA code that is not six digits with AccessDenied, and calls ECR with nothing', async () => {
    const asked: string[] = [];
    await assert.rejects(
      withEnv(sdkEnv(awsFiles(), sharedStack().sts.endpoint), () => tokenThroughRole('12ab', asked)),
      (error: Error) => error.name === 'AccessDenied' && /MultiFactorAuthentication failed/.test(error.message),
    );
    assert.deepEqual(
      (await control().stsCalls()).map((c) => [c.action, c.tokenCode, c.errorType]),
      [['AssumeRole', '12ab', 'AccessDenied']],
    );
    assert.deepEqual(await control().calls(), []);
  });

  it('reaches the fake STS through a services section on the default profile too, but not through one on the role profile', async () => {
    const { sts } = sharedStack();
    const services = `[services local-sts]\nsts =\n  endpoint_url = ${sts.endpoint}\n`;
    // fromIni's STS client resolves its endpoint for the default profile (or AWS_PROFILE), not for the role profile.
    await withEnv(sdkEnv(awsFiles(`[default]\nservices = local-sts\n\n${services}`), undefined), () => tokenThroughRole('654321', []));
    assert.equal((await control().stsCalls()).length, 1);

    // A region no DNS knows keeps the SDK's default STS host from resolving anywhere (no call to real AWS).
    const roleOnly = awsFiles(services).config;
    fs.writeFileSync(
      roleOnly,
      fs
        .readFileSync(roleOnly, 'utf8')
        .replace('[profile role]\n', '[profile role]\nservices = local-sts\n')
        .replace(/^region = .*$/m, 'region = xx-nowhere-1'),
    );
    await assert.rejects(
      withEnv(sdkEnv({ config: roleOnly, credentials: path.join(path.dirname(roleOnly), 'credentials') }, undefined), () =>
        tokenThroughRole('654321', []),
      ),
      /sts\.xx-nowhere-1\.amazonaws\.com/,
    );
    assert.equal((await control().stsCalls()).length, 1, 'the role profile services section reached the fake STS');
  });

  it('hands out credentials that last as long as an armed STS:AssumeRole fault says, or fails as it says', async () => {
    const { sts } = sharedStack();
    await control().injectFault({ operation: STS_FAULTS.assumeRole, count: 1, credentialSeconds: 120 });
    await control().injectFault({
      operation: STS_FAULTS.assumeRole,
      count: 1,
      errorType: 'ExpiredToken',
      message: 'The MFA session expired',
    });
    const files = awsFiles();
    let expiration: Date | undefined;
    await withEnv(sdkEnv(files, sts.endpoint), async () => {
      const credentials = await fromIni({ profile: 'role', ignoreCache: true, mfaCodeProvider: async () => '111111' })();
      expiration = credentials.expiration;
    });
    assert.ok(expiration, 'no expiration');
    const lasts = expiration.getTime() - Date.now();
    assert.ok(lasts > 60_000 && lasts <= 120_000, `lasts ${lasts} ms`);
    await assert.rejects(
      withEnv(sdkEnv(files, sts.endpoint), () => fromIni({ profile: 'role', ignoreCache: true, mfaCodeProvider: async () => '111111' })()),
      (error: Error) => error.name === 'ExpiredToken' && error.message === 'The MFA session expired',
    );
  });

  it("answers the awscli's get-caller-identity with the account of a long-term or a temporary key", async function () {
    this.timeout(60_000);
    const stack = sharedStack();
    const [, second] = stack.ecr.accounts;
    const minted = await control().mintTemporaryCredentials({ accountId: second.accountId });
    const identity = async (env: Record<string, string>) => {
      const result = await runChild(AWS_CLI, ['--endpoint-url', stack.sts.endpoint, 'sts', 'get-caller-identity', '--output', 'json'], {
        env: { ...awsCliEnv(stack, stack.workDir), ...env },
      });
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as { Account: string; UserId: string; Arn: string };
    };
    assert.equal((await identity({})).Account, stack.ecr.accountId);
    const temporary = await identity({
      AWS_ACCESS_KEY_ID: minted.accessKeyId,
      AWS_SECRET_ACCESS_KEY: minted.secretAccessKey,
      AWS_SESSION_TOKEN: minted.sessionToken,
    });
    assert.deepEqual([temporary.Account, temporary.UserId], [second.accountId, minted.accessKeyId]);
  });
});
