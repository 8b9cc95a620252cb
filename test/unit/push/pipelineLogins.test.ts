/**
 * The pipeline's login step in plain Node (issue 11): a cancel reaches docker login and docker tag (run
 * with spawnSync in the helper process) as it reaches docker push, and with loginTarget = user and the
 * ecr-login credential helper, docker push gets the selected identity in its environment and nowhere else.
 */
import * as assert from 'node:assert/strict';
import { PushError } from '../../../src/push/pushErrors';
import { HAPPY, MemoryEcr, PipelineHarness, TEST_SECRET_KEY } from './pipelineHarness';
import { isAlive } from '../process/helpers';

const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE-session-token-of-the-selected-identity';

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met');
}

describe('PushPipeline: the login step', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  let ecr: MemoryEcr;
  afterEach(() => harness.cleanup());

  for (const step of ['login', 'tag'] as const) {
    it(`a cancel while docker ${step} hangs ends the push as cancelled and kills docker ${step}`, async () => {
      ecr = new MemoryEcr();
      // docker's own timeout far beyond the wait below: only the cancel can end this step in time. (A push
      // whose signal never reached the step also ends as cancelled, but only once that timeout fires.)
      harness = new PipelineHarness({ ...HAPPY, [step]: { hang: true } }, ecr, undefined, { shortTimeoutMs: 60_000 });
      const controller = new AbortController();
      const running = harness.run({}, controller.signal);
      // The fake CLI logs its call (with its pid) before it starts to hang.
      const call = await waitFor(() => harness.dockerCalls().find((c) => c.sub === step));
      assert.ok(isAlive(call.pid), `docker ${step} is not running`);
      controller.abort();
      const ended = await Promise.race([
        running.then(
          () => 'pushed',
          (error: unknown) => error,
        ),
        // unref: a push that ended in time leaves no timer holding the test run open.
        new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000).unref()),
      ]);
      assert.ok(ended instanceof PushError, `the push was ${String(ended)} 15 s after the cancel`);
      assert.equal(ended.code, 'cancelled');
      await waitFor(() => (isAlive(call.pid) ? undefined : true));
      assert.deepEqual(
        harness.subcommands().filter((sub) => sub === 'push'),
        [],
        'docker push ran after the cancel',
      );
    });
  }

  it('loginTarget = user with the ecr-login helper: no docker login; docker push gets the selected identity in its environment only', async () => {
    ecr = new MemoryEcr();
    // The host's environment names another profile: left in place, the helper's AWS chain would use it.
    harness = new PipelineHarness(HAPPY, ecr, undefined, { env: { AWS_PROFILE: 'someone-else', AWS_DEFAULT_PROFILE: 'someone-else' } });
    harness.loginTarget = 'user';
    harness.ecrLoginHelper = true;
    harness.sessionToken = SESSION_TOKEN;
    await harness.run();

    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'tag', 'push']);
    const [push] = harness.dockerCalls().filter((c) => c.sub === 'push');
    assert.equal(push.aws.AWS_ACCESS_KEY_ID, 'AKIAEXAMPLEEXAMPLE00');
    assert.equal(push.aws.AWS_SECRET_ACCESS_KEY, TEST_SECRET_KEY);
    assert.equal(push.aws.AWS_SESSION_TOKEN, SESSION_TOKEN);
    assert.equal(push.aws.AWS_REGION, 'us-east-1');
    assert.equal(push.aws.AWS_PROFILE, undefined, 'a profile in the environment overrides the keys');
    assert.equal(push.aws.AWS_DEFAULT_PROFILE, undefined);
    for (const call of harness.dockerCalls()) {
      const argv = call.argv.join(' ');
      assert.ok(!argv.includes(TEST_SECRET_KEY) && !argv.includes(SESSION_TOKEN), `a secret in the argv of docker ${call.sub}`);
      if (call.sub !== 'push') {
        assert.equal(call.aws.AWS_SECRET_ACCESS_KEY, undefined, `docker ${call.sub} got the identity too`);
      }
    }
    assert.ok(harness.secrets.includes(SESSION_TOKEN), 'the session token handed to docker was not registered for masking');
  });
});
