/**
 * Docker faults (issue 5) through the real DockerCli and spawn helpers, with the fake docker CLI
 * replaying captured real output (per-call sequences for retries): the right message, the right retry
 * behaviour, and nothing done after the step that failed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PushError } from '../../../src/push/pushErrors';
import { readCaptured } from '../fakeCli/paths';
import { caseTitle, reliabilityCase } from './cases';
import { HAPPY, HOST, MemoryEcr, ownFixture, PipelineHarness, PUSHED_DIGEST } from './harness';

const EXPIRED = { stdout: 'push-token-expired.stdout.txt', stderr: 'push-token-expired.stderr.txt', exit: 1 };

async function fails(harness: PipelineHarness, id: string, code: string): Promise<PushError> {
  let caught: PushError | undefined;
  await assert.rejects(harness.run(), (error: unknown) => {
    assert.ok(error instanceof PushError, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(
      error.userMessage.includes(reliabilityCase(id).expected),
      `expected "${reliabilityCase(id).expected}" in: ${error.userMessage}`,
    );
    caught = error;
    return true;
  });
  return caught as PushError;
}

describe('reliability: docker faults (fake CLI replaying captures)', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  afterEach(() => harness.cleanup());

  it(caseTitle('D01'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness(HAPPY, ecr, '/nonexistent/docker');
    const error = await fails(harness, 'D01', 'dockerCliNotFound');
    assert.deepEqual(error.actions, ['installDocker', 'openSettings']);
    assert.deepEqual(ecr.calls, []);
  });

  it(caseTitle('D02'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness(
      { ...HAPPY, version: { stdout: 'daemon-down.stdout.txt', stderr: 'daemon-down.stderr.txt', exit: 1 } },
      ecr,
    );
    await fails(harness, 'D02', 'dockerDaemonUnavailable');
    assert.deepEqual(harness.subcommands(), ['version'], 'login must not run when the daemon is down');
    assert.deepEqual(ecr.calls, []);
  });

  it(caseTitle('D03'), async () => {
    harness = new PipelineHarness({ ...HAPPY, login: { stdout: 'login-401.stdout.txt', stderr: 'login-401.stderr.txt', exit: 1 } });
    await fails(harness, 'D03', 'loginFailed');
    const argv = harness.pushArgvs('team/app:1.0', `${HOST}/team/app:1.0`);
    assert.deepEqual(harness.argvs(), [argv.version, argv.inspect, argv.login]);
  });

  it(caseTitle('D04'), async () => {
    harness = new PipelineHarness(HAPPY);
    assert.match(readCaptured('login-ok.stderr.txt'), /WARNING!/);
    const result = await harness.run();
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.ok(harness.lines.includes(reliabilityCase('D04').expected), harness.lines.join('\n'));
    const argv = harness.pushArgvs('team/app:1.0', `${HOST}/team/app:1.0`);
    assert.deepEqual(harness.argvs(), [argv.version, argv.inspect, argv.login, argv.tag, argv.push]);
  });

  it(caseTitle('D05'), async () => {
    harness = new PipelineHarness({
      ...HAPPY,
      push: { stdout: 'push-tag-invalid.stdout.txt', stderr: 'push-tag-invalid.stderr.txt', exit: 1 },
    });
    await fails(harness, 'D05', 'tagImmutable');
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 1);
  });

  it(caseTitle('D07'), async () => {
    harness = new PipelineHarness({
      ...HAPPY,
      push: { stdout: 'push-single.stdout.txt', stderr: ownFixture('push-denied.stderr.txt'), exit: 1 },
    });
    const error = await fails(harness, 'D07', 'registryAccessDenied');
    assert.match(error.message, /ecr:InitiateLayerUpload/);
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 1);
  });

  it(caseTitle('D08'), async () => {
    harness = new PipelineHarness({ ...HAPPY, push: { stderr: ownFixture('push-toomanyrequests.stderr.txt'), exit: 1 } });
    await fails(harness, 'D08', 'rateLimited');
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 1);
  });

  it(caseTitle('D09'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness({ ...HAPPY, push: [EXPIRED, { stdout: 'push-single.stdout.txt' }] }, ecr);
    const result = await harness.run();
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.ok(harness.lines.some((l) => l.includes('getting a new token and retrying once')));
    assert.equal(ecr.calls.filter((c) => c === 'GetAuthorizationToken').length, 2);
    const argv = harness.pushArgvs('team/app:1.0', `${HOST}/team/app:1.0`);
    assert.deepEqual(harness.argvs(), [argv.version, argv.inspect, argv.login, argv.tag, argv.push, argv.login, argv.push]);
    const logins = harness.dockerCalls().filter((c) => c.sub === 'login');
    assert.notEqual(logins[0].stdin, logins[1].stdin, 'the retry must log in with the fresh token');
  });

  it(caseTitle('D10'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness({ ...HAPPY, push: [EXPIRED, EXPIRED, { stdout: 'push-single.stdout.txt' }] }, ecr);
    await fails(harness, 'D10', 'tokenExpired');
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 2);
    assert.equal(harness.subcommands().filter((s) => s === 'login').length, 2);
    assert.equal(ecr.calls.filter((c) => c === 'GetAuthorizationToken').length, 2);
    assert.ok(!ecr.calls.includes('DescribeImages'));
  });

  it(caseTitle('D12'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness({ ...HAPPY, push: { hang: true } }, ecr);
    const controller = new AbortController();
    let pid: number | undefined;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const pushing = harness.run({}, controller.signal, (line) => {
      const match = /^pid (\d+)$/.exec(line);
      if (match) {
        pid = Number(match[1]);
        started();
      }
    });
    await running;
    assert.ok(pid && fs.existsSync(`/proc/${pid}`), 'the fake docker push is running');
    controller.abort();
    await assert.rejects(pushing, (error: PushError) => {
      assert.equal(error.code, 'cancelled');
      assert.equal(error.message, reliabilityCase('D12').expected);
      return true;
    });
    // Gone and reaped (no zombie): the /proc entry disappears; the issue allows 2 s.
    const deadline = Date.now() + 2_000;
    while (fs.existsSync(`/proc/${pid}`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(fs.existsSync(`/proc/${pid}`), false, `docker push ${pid} still exists 2 s after cancelling`);
    assert.ok(!ecr.calls.includes('DescribeImages'));
  });

  it(caseTitle('D14'), async () => {
    const ecr = new MemoryEcr();
    ecr.imageDigest = 'sha256:' + 'e'.repeat(64);
    harness = new PipelineHarness(HAPPY, ecr);
    const error = await fails(harness, 'D14', 'verificationFailed');
    assert.match(error.message, /ECR lists team\/app:1\.0 with digest sha256:e{64}/);
  });
});
