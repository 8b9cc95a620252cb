import { DescribeRepositoriesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { fromIni } from '@aws-sdk/credential-providers';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { awsCliEnv, AWS_CLI } from '../fixtures/awsCli';
import { runChild } from '../fixtures/childProcess';
import { credentialProcessCommand, type CredentialProcessOptions } from '../fixtures/credentialProcess/command';
import { control, ecrClient, sharedStack, uniqueName } from './sharedStack';

/** A private AWS config with one `proc` profile running the stack's credential_process; returns it and the counter file. */
function processProfile(options: Omit<CredentialProcessOptions, 'counterFile'> = {}): { config: string; counter: string } {
  const dir = path.join(sharedStack().workDir, uniqueName('aws-process'));
  fs.mkdirSync(dir, { recursive: true });
  const counter = path.join(dir, 'runs.txt');
  const config = path.join(dir, 'config');
  fs.writeFileSync(
    config,
    `[profile proc]\ncredential_process = ${credentialProcessCommand(sharedStack(), { ...options, counterFile: counter })}\nregion = ${sharedStack().ecr.region}\n`,
  );
  return { config, counter };
}

function runs(counter: string): string[] {
  return fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean) : [];
}

/** The SDK's fromIni for the `proc` profile of `config`, with no other credentials around. */
function procCredentials(config: string) {
  return fromIni({ profile: 'proc', configFilepath: config, filepath: path.join(path.dirname(config), 'credentials') });
}

describe('credential_process that mints fresh temporary credentials per run', () => {
  beforeEach(() => control().reset());

  it("runs under the SDK's fromIni, once per run a fresh ASIA key of the asked account, which ECR accepts", async () => {
    const [, second] = sharedStack().ecr.accounts;
    const { config, counter } = processProfile({ accountId: second.accountId });
    const first = await procCredentials(config)();
    const again = await procCredentials(config)();
    assert.match(first.accessKeyId, /^ASIA/);
    assert.notEqual(again.accessKeyId, first.accessKeyId);
    assert.ok(first.sessionToken && first.expiration);
    assert.equal(first.accountId, second.accountId);
    assert.deepEqual(
      runs(counter).map((line) => line.split(' ')[1]),
      [first.accessKeyId, again.accessKeyId],
    );
    await ecrClient({ credentials: first }).send(new GetAuthorizationTokenCommand({}));
    assert.deepEqual(
      (await control().calls()).map((call) => [call.accessKeyId, call.accountId]),
      [[first.accessKeyId, second.accountId]],
    );
  });

  it('is run again by the SDK for every call when its credentials expire within five minutes, and only once when they last an hour', async () => {
    const short = processProfile({ durationSeconds: 240 });
    const client = ecrClient({ credentials: procCredentials(short.config) });
    await client.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    await client.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    // The SDK may resolve them more than once per call; what matters is that it never reuses them.
    assert.ok(runs(short.counter).length >= 2, `${runs(short.counter).length} runs`);

    const long = processProfile({ durationSeconds: 3600 });
    const reused = ecrClient({ credentials: procCredentials(long.config) });
    await reused.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    await reused.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    assert.equal(runs(long.counter).length, 1);
    const keys = (await control().calls()).map((call) => call.accessKeyId);
    assert.equal(new Set(keys.slice(0, 2)).size, 2, 'the two short-lived calls used the same key');
    assert.equal(keys[2], keys[3]);
  });

  it("fails with the process's own message when asked to, and counts that run", async () => {
    const { config, counter } = processProfile({ failWith: 'SSO session expired, run aws sso login' });
    await assert.rejects(procCredentials(config)(), /SSO session expired, run aws sso login/);
    assert.match(runs(counter)[0] ?? '', / failed$/);
  });

  it('runs under the awscli too, which splits the command line without a shell', async function () {
    this.timeout(60_000);
    const stack = sharedStack();
    const { config, counter } = processProfile();
    const env: NodeJS.ProcessEnv = { ...awsCliEnv(stack, stack.workDir), AWS_CONFIG_FILE: config };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const result = await runChild(
      AWS_CLI,
      ['--profile', 'proc', '--endpoint-url', stack.sts.endpoint, 'sts', 'get-caller-identity', '--output', 'json'],
      {
        env,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Account: string; UserId: string };
    assert.equal(identity.Account, stack.ecr.accountId);
    assert.deepEqual(
      runs(counter).map((line) => line.split(' ')[1]),
      [identity.UserId],
    );
  });

  it('refuses to build a command line a shell would read differently', () => {
    assert.throws(() => credentialProcessCommand(sharedStack(), { counterFile: '/tmp/$HOME/runs.txt' }), /safely/);
    assert.throws(() => credentialProcessCommand(sharedStack(), { failWith: 'a "quoted" word' }), /safely/);
  });
});
