import { GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { fromIni } from '@aws-sdk/credential-providers';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSsoTokenCache } from '../fixtures/fakeSts/ssoCache';
import { control, ecrClient, sharedStack, uniqueName, withEnv } from './sharedStack';

const START_URL = 'https://stack.awsapps.com/start';

/** A private HOME and AWS config with an `sso` profile for the second account, through `[sso-session stack]`. */
function ssoSetup(): { home: string; env: Record<string, string | undefined> } {
  const { ecr, sso } = sharedStack();
  const [, second] = ecr.accounts;
  const home = path.join(sharedStack().workDir, uniqueName('sso-home'));
  fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
  const config = path.join(home, '.aws', 'config');
  fs.writeFileSync(
    config,
    [
      '[profile sso]',
      'sso_session = stack',
      `sso_account_id = ${second.accountId}`,
      'sso_role_name = ECRPusher',
      `region = ${ecr.region}`,
      '',
      '[sso-session stack]',
      `sso_start_url = ${START_URL}`,
      `sso_region = ${ecr.region}`,
      '',
    ].join('\n'),
  );
  return {
    home,
    env: {
      HOME: home,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
      AWS_ENDPOINT_URL_SSO: sso.endpoint,
      AWS_PROFILE: undefined,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
    },
  };
}

describe('fake SSO portal: profiles with sso_session', () => {
  beforeEach(() => control().reset());

  it("turns a cached SSO login into role credentials of the profile's account through AWS_ENDPOINT_URL_SSO", async () => {
    const [, second] = sharedStack().ecr.accounts;
    const { home, env } = ssoSetup();
    const token = await control().issueSsoAccessToken();
    writeSsoTokenCache(home, 'stack', { ...token, region: sharedStack().ecr.region, startUrl: START_URL });
    await withEnv(env, () =>
      ecrClient({ credentials: fromIni({ profile: 'sso', ignoreCache: true }) }).send(new GetAuthorizationTokenCommand({})),
    );

    const [call] = await control().stsCalls();
    assert.equal(call.action, 'SSO:GetRoleCredentials');
    assert.equal(call.roleArn, `arn:aws:iam::${second.accountId}:role/ECRPusher`);
    assert.match(call.issuedAccessKeyId ?? '', /^ASIA/);
    assert.deepEqual(
      (await control().calls()).map((c) => [c.accessKeyId, c.accountId]),
      [[call.issuedAccessKeyId, second.accountId]],
    );
  });

  it('fails with "run aws sso login" for an expired cached login (no portal call) and for a token the portal does not know', async () => {
    const { home, env } = ssoSetup();
    writeSsoTokenCache(home, 'stack', {
      accessToken: 'expired',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
      region: sharedStack().ecr.region,
      startUrl: START_URL,
    });
    await assert.rejects(
      withEnv(env, () => fromIni({ profile: 'sso', ignoreCache: true })()),
      /aws sso login/,
    );
    assert.deepEqual(await control().stsCalls(), []);

    writeSsoTokenCache(home, 'stack', {
      accessToken: 'never-issued',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      region: sharedStack().ecr.region,
      startUrl: START_URL,
    });
    await assert.rejects(
      withEnv(env, () => fromIni({ profile: 'sso', ignoreCache: true })()),
      /Session token not found or invalid/,
    );
    assert.deepEqual(
      (await control().stsCalls()).map((c) => [c.action, c.errorType]),
      [['SSO:GetRoleCredentials', 'UnauthorizedException']],
    );
  });
});
