/**
 * The pull pipeline in plain Node: the real DockerCli runs the fake docker CLI (captured real output),
 * ECR is in memory. It logs in exactly as a push does (a push's login is reused, folder and all), pulls
 * with one fresh token and one retry on an expired login, and refuses bad input before anything runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DockerCli } from '../../../src/docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig } from '../../../src/docker/dockerConfig';
import { PullPipeline, type PullRequest, type PullStep } from '../../../src/push/PullPipeline';
import { PushError } from '../../../src/push/pushErrors';
import { fakeCli } from '../fakeCli/paths';
import { caseTitle } from '../reliability/cases';
import { processExists } from '../process/helpers';
import { HAPPY, HOST, PipelineHarness, TEST_SECRET_KEY } from './pipelineHarness';

const DIGEST = 'sha256:6d289f70acc2e0d117d7b7071bfc1ef0b4e034d48ce2766217aa1b99cccbfb4e';
const PULL_OK = { stdout: 'pull-tag.stdout.txt' };
const EXPIRED = { stderr: 'pull-token-expired.stderr.txt', exit: 1 };

/** A pull pipeline over the same fake CLI, token cache, login tracker and docker config root as a push harness. */
function pullSetup(harness: PipelineHarness, scenario: Record<string, unknown>) {
  fs.writeFileSync(harness.scenarioFile, JSON.stringify({ ...HAPPY, ...scenario }));
  const docker = new DockerCli({
    executable: fakeCli('fake-docker.js'),
    env: { FAKE_DOCKER_LOG: harness.logFile, FAKE_DOCKER_SCENARIO: harness.scenarioFile, FAKE_DOCKER_STATE: harness.dir },
    shortTimeoutMs: 10_000,
  });
  const pipeline = new PullPipeline({
    docker,
    sessions: {
      open: async () => ({
        registry: harness.ecr,
        identity: 'AKIAEXAMPLEEXAMPLE00',
        credentialSource: 'profile test',
        sourceDescription: 'a test',
        credentials: async () => ({ accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: TEST_SECRET_KEY }),
        forgetCredentials: () => undefined,
      }),
    },
    tokens: harness.tokens,
    logins: harness.logins,
    dockerConfig: { preparePrivateDockerConfig, hasLogin, usesEcrLoginHelper: () => false },
  });
  const steps: PullStep[] = [];
  const lines: string[] = [];
  const run = (request: Partial<PullRequest> = {}, signal?: AbortSignal) =>
    pipeline.run(
      { repository: 'team/app', tag: '1.0', region: 'us-east-1', ...request },
      { loginTarget: 'private', privateDockerConfigRoot: harness.privateDockerConfigRoot },
      {
        step: (step) => steps.push(step),
        info: (line) => lines.push(line),
        warn: (line) => lines.push(line),
        dockerLine: (line) => {
          lines.push(line);
          const pid = /^pid (\d+)$/.exec(line)?.[1];
          if (pid) {
            onHangingDocker?.(Number(pid));
          }
        },
        layers: () => undefined,
        secrets: () => undefined,
      },
      signal,
    );
  let onHangingDocker: ((pid: number) => void) | undefined;
  return { run, steps, lines, onHang: (listener: (pid: number) => void) => (onHangingDocker = listener) };
}

describe('PullPipeline', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  beforeEach(() => (harness = new PipelineHarness(HAPPY)));
  afterEach(() => harness.cleanup());

  it('checks docker, logs in to a private config and pulls by tag; the result names the local image and digest', async () => {
    const { run, steps } = pullSetup(harness, { pull: PULL_OK });
    const result = await run();
    assert.equal(result.localImage, `${HOST}/team/app:1.0`);
    assert.equal(result.digest, DIGEST);
    assert.equal(result.upToDate, false);
    assert.match(result.imageId ?? '', /^sha256:/);
    assert.deepEqual(steps, ['checkDocker', 'credentials', 'authenticate', 'pull', 'verify']);
    const calls = harness.dockerCalls();
    assert.deepEqual(
      calls.map((c) => c.sub),
      ['version', 'login', 'pull', 'image inspect'],
    );
    const pull = calls[2].argv;
    assert.equal(pull[0], '--config');
    assert.ok(pull[1].startsWith(harness.privateDockerConfigRoot), pull[1]);
    assert.deepEqual(pull.slice(2), ['pull', `${HOST}/team/app:1.0`]);
    assert.equal(calls[1].argv[1], pull[1], 'login and pull use the same config folder');
  });

  it('pulls by digest', async () => {
    const { run } = pullSetup(harness, { pull: { stdout: 'pull-digest.stdout.txt' } });
    const result = await run({ tag: undefined, digest: DIGEST });
    assert.equal(result.localImage, `${HOST}/team/app@${DIGEST}`);
    assert.deepEqual(harness.dockerCalls()[2].argv.slice(2), ['pull', `${HOST}/team/app@${DIGEST}`]);
  });

  it('reuses the login a push made: same token, same folder, no second docker login', async () => {
    await harness.run();
    const pushLogin = harness.dockerCalls().find((c) => c.sub === 'login');
    const { run } = pullSetup(harness, { pull: PULL_OK });
    await run();
    const calls = harness.dockerCalls();
    assert.equal(calls.filter((c) => c.sub === 'login').length, 1, 'only the push logged in');
    const pull = calls.find((c) => c.sub === 'pull');
    assert.equal(pull?.argv[1], pushLogin?.argv[1], 'the pull uses the push’s config folder');
  });

  it('on an expired login gets a new token, logs in again and retries exactly once', async () => {
    const { run, lines, steps } = pullSetup(harness, { pull: [EXPIRED, PULL_OK] });
    const result = await run();
    assert.equal(result.digest, DIGEST);
    assert.deepEqual(
      harness.dockerCalls().map((c) => c.sub),
      ['version', 'login', 'pull', 'login', 'pull', 'image inspect'],
    );
    assert.ok(lines.some((l) => l.includes('getting a new token and retrying once')));
    assert.deepEqual(steps.filter((s) => s === 'authenticate').length, 2);
  });

  // Never loops: a second expiry fails the pull with tokenExpired, saying "pull again".
  it(caseTitle('D17'), async () => {
    const { run } = pullSetup(harness, { pull: [EXPIRED, EXPIRED] });
    await assert.rejects(run(), (error: unknown) => {
      assert.ok(error instanceof PushError);
      assert.equal(error.code, 'tokenExpired');
      assert.equal(error.message, 'The registry rejected the login token even after a fresh login.');
      assert.match(error.remedy, /^Pull again/);
      return true;
    });
    assert.equal(harness.dockerCalls().filter((c) => c.sub === 'pull').length, 2);
  });

  it('a tag the registry does not have → remoteImageNotFound naming the image, no retry', async () => {
    const { run } = pullSetup(harness, { pull: { stderr: 'pull-missing-tag.stderr.txt', exit: 1 } });
    await assert.rejects(run({ tag: 'nope' }), (error: unknown) => {
      assert.ok(error instanceof PushError);
      assert.equal(error.code, 'remoteImageNotFound');
      assert.match(error.message, /^The registry has no image team\/app:nope\./);
      return true;
    });
    assert.equal(harness.dockerCalls().filter((c) => c.sub === 'pull').length, 1);
  });

  // Bad input runs nothing at all.
  it(caseTitle('B50'), async () => {
    const { run } = pullSetup(harness, { pull: PULL_OK });
    await assert.rejects(run({ repository: 'Team/App', tag: 'a b' }), (error: unknown) => {
      assert.ok(error instanceof PushError);
      assert.equal(error.code, 'invalidInput');
      assert.match(error.message, /Repository names must be lowercase.*"a b" is not a valid tag/);
      return true;
    });
    await assert.rejects(run({ tag: undefined }), /Name the image to pull/);
    await assert.rejects(run({ tag: '1.0,2.0' }), /"1\.0,2\.0" is not one tag\./);
    await assert.rejects(run({ tag: undefined, digest: 'sha256:abc' }), /imageDigest must be sha256:/);
    assert.deepEqual(harness.dockerCalls(), []);
  });

  // Cancelling during the pull kills docker and reports cancelled.
  it(caseTitle('D16'), async () => {
    const { run, onHang } = pullSetup(harness, { pull: { hang: true } });
    const controller = new AbortController();
    let pid = 0;
    onHang((hanging) => {
      pid = hanging;
      controller.abort();
    });
    await assert.rejects(run({}, controller.signal), (error: unknown) => error instanceof PushError && error.code === 'cancelled');
    assert.ok(pid > 0, 'docker pull was running');
    assert.equal(processExists(pid), false, 'and is gone');
    assert.equal(harness.dockerCalls().filter((c) => c.sub === 'image inspect').length, 0, 'nothing after the cancel');
  });
});
