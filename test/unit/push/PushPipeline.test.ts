/**
 * The pipeline end to end in plain Node: the real DockerCli and spawn helpers run a fake docker CLI that
 * replays captured real output; ECR is an in-memory EcrRegistry. Asserts step order, what docker was
 * asked to do (and that the password only went to stdin), and the retry-once rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PushError } from '../../../src/push/pushErrors';
import { HAPPY, HOST, MemoryEcr, PipelineHarness, PUSHED_DIGEST, TEST_SECRET_KEY } from './pipelineHarness';

describe('PushPipeline (fake docker CLI through the real spawn helpers)', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  let ecr: MemoryEcr;
  afterEach(() => harness.cleanup());

  function newHarness(scenario: Readonly<Record<string, unknown>>): PipelineHarness {
    ecr = new MemoryEcr();
    return new PipelineHarness(scenario, ecr);
  }

  it('runs the steps in order, creates a missing repository and reports the verified digest', async () => {
    harness = newHarness(HAPPY);
    harness.createRepository = { imageTagMutability: 'IMMUTABLE', scanOnPush: true };
    const result = await harness.run();
    assert.deepEqual(harness.steps, ['checkImage', 'credentials', 'repository', 'authenticate', 'tag', 'push', 'verify']);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push']);
    assert.deepEqual(ecr.calls, ['DescribeRepositories', 'CreateRepository', 'GetAuthorizationToken', 'DescribeImages']);
    assert.deepEqual(ecr.created, [{ name: 'team/app', registryId: undefined, imageTagMutability: 'IMMUTABLE', scanOnPush: true }]);
    assert.equal(result.imageUri, `${HOST}/team/app:1.0`);
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.equal(result.repositoryCreated, true);
    const [, , login, tag, push] = harness.dockerCalls();
    assert.deepEqual(tag.argv, ['tag', 'team/app:1.0', `${HOST}/team/app:1.0`]);
    const configDir = login.argv[1];
    assert.equal(path.dirname(configDir), harness.privateDockerConfigRoot, 'a folder of its own under the private root');
    assert.deepEqual(push.argv, ['--config', configDir, 'push', `${HOST}/team/app:1.0`]);
    assert.deepEqual(login.argv, ['--config', configDir, 'login', '--username', 'AWS', '--password-stdin', HOST]);
    assert.equal(login.stdin.trim(), 'registry-password-1-s3cr3t');
    for (const call of harness.dockerCalls()) {
      assert.ok(!call.argv.join(' ').includes('s3cr3t'), `password in argv of docker ${call.sub}`);
    }
    assert.ok(!harness.lines.join('\n').includes('s3cr3t'), 'password in the log');
  });

  it('tags and pushes every requested tag and verifies each', async () => {
    harness = newHarness(HAPPY);
    const result = await harness.run({ tags: ['1.0', 'latest'] });
    assert.deepEqual(result.imageUris, [`${HOST}/team/app:1.0`, `${HOST}/team/app:latest`]);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'tag', 'push', 'push']);
    assert.equal(ecr.calls.filter((c) => c === 'DescribeImages').length, 2);
  });

  it('reuses the cached token and skips docker login on a second push', async () => {
    harness = newHarness(HAPPY);
    await harness.run();
    await harness.run();
    assert.equal(ecr.calls.filter((c) => c === 'GetAuthorizationToken').length, 1);
    assert.equal(harness.subcommands().filter((s) => s === 'login').length, 1);
    assert.equal(ecr.calls.filter((c) => c === 'CreateRepository').length, 1, 'created once, then found');
  });

  it('logs in again when the login on disk is not this token (another window logged in since, or docker lost it)', async () => {
    harness = newHarness(HAPPY);
    await harness.run();
    const configDir = harness.dockerCalls().find((call) => call.sub === 'login')!.argv[1];
    // Another window with the same identity logged in with its own token: this window's token is not on disk.
    const file = path.join(configDir, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    config.auths[HOST] = { auth: Buffer.from('AWS:another-windows-token').toString('base64') };
    fs.writeFileSync(file, JSON.stringify(config));
    await harness.run();
    assert.equal(harness.subcommands().filter((sub) => sub === 'login').length, 2, 'the missing login is made again before the push');
    assert.equal(ecr.tokensIssued, 1, 'with the same, still valid token');
    // Emptied as the old bug left it (credsStore dropped, empty auths entry): still no push without a login.
    config.auths[HOST] = {};
    fs.writeFileSync(file, JSON.stringify(config));
    await harness.run();
    assert.equal(harness.subcommands().filter((sub) => sub === 'login').length, 3);
  });

  it('tells its observer every secret it learns: the secret key, the registry password and its base64 form', async () => {
    harness = newHarness(HAPPY);
    await harness.run();
    assert.ok(harness.secrets.includes(TEST_SECRET_KEY));
    assert.ok(harness.secrets.includes('registry-password-1-s3cr3t'));
    assert.ok(harness.secrets.includes(Buffer.from('AWS:registry-password-1-s3cr3t').toString('base64')));
  });

  it('on an expired token mid-push gets a new token, logs in again and retries exactly once', async () => {
    harness = newHarness({
      ...HAPPY,
      push: [
        { stdout: 'push-token-expired.stdout.txt', stderr: 'push-token-expired.stderr.txt', exit: 1 },
        { stdout: 'push-single.stdout.txt' },
      ],
    });
    const result = await harness.run();
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.equal(ecr.tokensIssued, 2);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push', 'login', 'push']);
    const logins = harness.dockerCalls().filter((c) => c.sub === 'login');
    assert.equal(logins[1].stdin.trim(), 'registry-password-2-s3cr3t', 'the retry logs in with the fresh token');
  });

  it('never loops: a second expiry fails the push with tokenExpired', async () => {
    harness = newHarness({
      ...HAPPY,
      push: { stdout: 'push-token-expired.stdout.txt', stderr: 'push-token-expired.stderr.txt', exit: 1 },
    });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'tokenExpired');
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 2);
    assert.equal(ecr.tokensIssued, 2);
  });

  it('a missing local image fails before AWS or the registry is touched', async () => {
    harness = newHarness({
      ...HAPPY,
      'image inspect': { stdout: 'inspect-missing.stdout.txt', stderr: 'inspect-missing.stderr.txt', exit: 1 },
    });
    await assert.rejects(harness.run({ source: 'no/such-image:1' }), (error: PushError) => {
      assert.equal(error.code, 'imageNotFound');
      assert.match(error.message, /no\/such-image:1/);
      return true;
    });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
    assert.deepEqual(ecr.calls, []);
  });

  it('a stopped daemon is reported as such before anything else runs', async () => {
    harness = newHarness({ ...HAPPY, version: { stdout: 'daemon-down.stdout.txt', stderr: 'daemon-down.stderr.txt', exit: 1 } });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'dockerDaemonUnavailable');
    assert.deepEqual(harness.subcommands(), ['version']);
    assert.deepEqual(ecr.calls, []);
  });

  it('invalid input runs nothing at all', async () => {
    harness = newHarness(HAPPY);
    await assert.rejects(harness.run({ repository: 'Team/App', tags: ['-bad'] }), (error: PushError) => {
      assert.equal(error.code, 'invalidInput');
      assert.match(error.message, /lowercase/);
      assert.match(error.message, /cannot start with/);
      return true;
    });
    assert.deepEqual(harness.dockerCalls(), []);
    assert.deepEqual(ecr.calls, []);
  });

  it('missing credentials stop the push with the actions that fix it', async () => {
    harness = newHarness(HAPPY);
    harness.credentialsMissing = true;
    await assert.rejects(harness.run(), (error: PushError) => {
      assert.equal(error.code, 'credentialsMissing');
      assert.deepEqual(error.actions, ['selectProfile', 'setCredentials', 'openAwsConfigDocs']);
      return true;
    });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
  });

  it('a digest that ECR does not confirm is a verification failure, not a success', async () => {
    harness = newHarness(HAPPY);
    ecr.imageDigest = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(harness.run(), (error: PushError) => {
      assert.equal(error.code, 'verificationFailed');
      assert.match(error.message, /sha256:0{64}/);
      assert.match(error.message, new RegExp(PUSHED_DIGEST));
      return true;
    });
  });

  it('an immutable tag conflict says to choose a new tag', async () => {
    harness = newHarness({ ...HAPPY, push: { stdout: 'push-single.stdout.txt', stderr: 'push-tag-invalid.stderr.txt', exit: 1 } });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'tagImmutable' && /new tag/.test(error.remedy));
  });

  it('cancelling during the push kills docker and reports cancelled, never pushed', async () => {
    harness = newHarness({ ...HAPPY, push: { hang: true } });
    const controller = new AbortController();
    const running = harness.run({}, controller.signal);
    // Abort once docker push has started (it prints its pid first).
    await waitFor(() => harness.lines.some((l) => l.startsWith('pid ')));
    const pid = Number(harness.lines.find((l) => l.startsWith('pid '))?.slice(4));
    controller.abort();
    await assert.rejects(running, (error: PushError) => error.code === 'cancelled');
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'docker push process still alive after cancel');
    assert.deepEqual(ecr.calls.includes('DescribeImages'), false, 'nothing verified after cancel');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(condition(), 'condition not met');
}
