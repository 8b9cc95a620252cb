/**
 * A push that builds first, through the real pipeline, DockerCli and spawn helpers, against the fake CLI
 * replaying real build output (docker's legacy builder, captured) and buildx's documented output.
 */
import * as assert from 'node:assert/strict';
import { PushError } from '../../../src/push/pushErrors';
import type { BuildRequest } from '../../../src/push/buildRequest';
import { HAPPY, HOST, MemoryEcr, PipelineHarness } from './pipelineHarness';
import { twoPlatformBuildxStart } from '../docker/buildFixtures';

const IMAGE_ID = 'sha256:b7295204efef6e6d2ab1b7c6c7e46fd1d4e0e9c0a4a9c1d3a4b5c6d7e8f90123';
const INDEX_DIGEST = 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6';
const BUILD: BuildRequest = { dockerfile: '/w/app/Dockerfile', context: '/w/app', buildArgs: { GREETING: 'bonjour' }, target: 'base' };
const BUILT = { stdout: 'build-legacy-ok.stdout.txt', stderr: 'build-legacy-ok.stderr.txt', iid: IMAGE_ID };

describe('PushPipeline with a build first', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  let ecr: MemoryEcr;
  afterEach(() => harness.cleanup());

  function newHarness(scenario: Readonly<Record<string, unknown>>, env?: NodeJS.ProcessEnv): PipelineHarness {
    ecr = new MemoryEcr();
    return new PipelineHarness(scenario, ecr, undefined, { env });
  }

  it('builds, then checks, tags and pushes exactly the built image (by id), and reports it', async () => {
    harness = newHarness({ ...HAPPY, build: BUILT });
    const result = await harness.run({ source: 'team/app:1.0', build: BUILD });
    assert.deepEqual(harness.steps, ['build', 'checkImage', 'credentials', 'repository', 'authenticate', 'tag', 'push', 'verify']);
    // The engine is asked first: how it names the built image depends on it (podman's localhost/).
    assert.deepEqual(harness.subcommands(), ['version', 'build', 'version', 'image inspect', 'login', 'tag', 'push']);
    const [, build, , inspect, , tag] = harness.dockerCalls();
    assert.deepEqual(build.argv.slice(0, 5), ['build', '-f', '/w/app/Dockerfile', '-t', 'team/app:1.0']);
    assert.deepEqual(inspect.argv, ['image', 'inspect', IMAGE_ID]);
    assert.deepEqual(tag.argv, ['tag', IMAGE_ID, `${HOST}/team/app:1.0`]);
    assert.deepEqual(result.built, { imageId: IMAGE_ID, localImage: 'team/app:1.0' });
    assert.ok(harness.lines.includes('Step 3/4 : LABEL greeting=$GREETING'), 'the build’s lines reach the observer');
    assert.ok(harness.lines.some((line) => line === `Built ${IMAGE_ID} as team/app:1.0.`));
  });

  it('reports build progress to the observer', async () => {
    harness = newHarness({ ...HAPPY, build: BUILT });
    const steps: string[] = [];
    await harness.pipeline.run(
      { source: 'team/app:1.0', repository: 'team/app', tags: ['1.0'], region: 'us-east-1', build: BUILD },
      harness.options,
      { ...harness.observer(), buildProgress: (p) => steps.push(`${p.step}/${p.total}`) },
    );
    assert.deepEqual(steps, ['1/4', '2/4', '3/4', '4/4']);
  });

  it('a failed build pushes nothing and touches neither ECR nor the login: buildFailed with the failing step’s lines', async () => {
    harness = newHarness({
      build: { stdout: 'build-legacy-copy-missing.stdout.txt', stderr: 'build-legacy-copy-missing.stderr.txt', exit: 1 },
    });
    await assert.rejects(
      () => harness.run({ source: 'team/app:1.0', build: BUILD }),
      (error: unknown) => {
        assert.ok(error instanceof PushError);
        assert.equal(error.code, 'buildFailed');
        assert.equal(
          error.message,
          'The image build failed at Step 3/4 : COPY missing.txt /missing.txt:\n' +
            'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
        );
        assert.match(error.remedy, /Nothing was pushed/);
        return true;
      },
    );
    assert.deepEqual(harness.subcommands(), ['version', 'build']);
    assert.deepEqual(ecr.calls, []);
    assert.deepEqual(harness.steps, ['build']);
  });

  it('refuses a bad build before running anything', async () => {
    harness = newHarness({ build: BUILT });
    await assert.rejects(
      () => harness.run({ source: 'team/app:1.0', build: { ...BUILD, dockerfile: 'Dockerfile', buildArgs: { 'BAD-NAME': 'x' } } }),
      (error: unknown) =>
        error instanceof PushError &&
        error.code === 'invalidInput' &&
        /Dockerfile path must be absolute/.test(error.message) &&
        /Build argument name "BAD-NAME"/.test(error.message),
    );
    assert.deepEqual(harness.dockerCalls(), []);
  });

  it('cancel during the build stops it; nothing is pushed', async () => {
    harness = newHarness({ build: { hang: true } });
    const controller = new AbortController();
    await assert.rejects(
      () =>
        harness.run({ source: 'team/app:1.0', build: BUILD }, controller.signal, (line) => line.startsWith('pid ') && controller.abort()),
      (error: unknown) => error instanceof PushError && error.code === 'cancelled',
    );
    assert.deepEqual(harness.subcommands(), ['version', 'build']);
    assert.deepEqual(ecr.calls, []);
  });

  describe('several platforms (docker buildx, not on this machine: the fake CLI replays buildx’s documented output)', () => {
    const MULTI: BuildRequest = { dockerfile: '/w/app/Dockerfile', context: '/w/app', platforms: ['linux/amd64', 'linux/arm64'] };
    const BUILDX = {
      version: { stdout: 'version.json' },
      login: HAPPY.login,
      'buildx version': { stdout: 'reconstructed-buildx-version.stdout.txt' },
      'buildx build': { stderr: 'reconstructed-buildx-push.stderr.txt', metadata: 'reconstructed-buildx-metadata.json' },
    };

    it('logs in as for any push, then buildx builds and pushes one index with that login; ECR verifies the index digest', async () => {
      harness = newHarness(BUILDX);
      ecr.imageDigest = INDEX_DIGEST;
      const result = await harness.run({ source: 'team/multi:1.0', repository: 'team/multi', tags: ['1.0', 'latest'], build: MULTI });
      assert.deepEqual(harness.steps, ['build', 'credentials', 'repository', 'authenticate', 'push', 'verify']);
      // `version` tells the engine (docker, so buildx), once: the login's engine is the same.
      assert.deepEqual(harness.subcommands(), ['version', 'buildx version', 'login', 'buildx build']);
      const login = harness.dockerCalls()[2];
      const buildx = harness.dockerCalls()[3];
      const configDir = login.argv[1];
      assert.deepEqual(buildx.argv.slice(0, 14), [
        ...twoPlatformBuildxStart(configDir),
        '-t',
        `${HOST}/team/multi:1.0`,
        '-t',
        `${HOST}/team/multi:latest`,
        '--metadata-file',
      ]);
      assert.equal(result.digest, INDEX_DIGEST);
      assert.deepEqual(result.imageUris, [`${HOST}/team/multi:1.0`, `${HOST}/team/multi:latest`]);
      assert.deepEqual(result.built, {}, 'an index is not a local image');
      assert.deepEqual(ecr.calls, [
        'DescribeRepositories',
        'CreateRepository',
        'GetAuthorizationToken',
        'DescribeImages',
        'DescribeImages',
      ]);
    });

    it('without buildx: buildxMissing says how to get it, and nothing else runs', async () => {
      harness = newHarness({ version: { stdout: 'version.json' }, 'buildx version': { stderr: 'buildx-missing.stderr.txt', exit: 1 } });
      await assert.rejects(
        () => harness.run({ source: 'team/multi:1.0', repository: 'team/multi', build: MULTI }),
        (error: unknown) => {
          assert.ok(error instanceof PushError);
          assert.equal(error.code, 'buildxMissing');
          assert.match(error.message, /needs docker buildx/);
          assert.match(error.remedy, /docker-buildx-plugin/);
          assert.ok(error.actions.includes('installBuildx'));
          return true;
        },
      );
      assert.deepEqual(harness.subcommands(), ['version', 'buildx version']);
      assert.deepEqual(ecr.calls, []);
    });

    it('an expired login while buildx pushes: one fresh token, one login, one retry', async () => {
      harness = newHarness({
        ...BUILDX,
        'buildx build': [
          { stderr: 'reconstructed-buildx-push-token-expired.stderr.txt', exit: 1 },
          { stderr: 'reconstructed-buildx-push.stderr.txt', metadata: 'reconstructed-buildx-metadata.json' },
        ],
      });
      ecr.imageDigest = INDEX_DIGEST;
      const result = await harness.run({ source: 'team/multi:1.0', repository: 'team/multi', build: MULTI });
      assert.equal(result.digest, INDEX_DIGEST);
      assert.deepEqual(harness.subcommands(), ['version', 'buildx version', 'login', 'buildx build', 'login', 'buildx build']);
      assert.equal(ecr.tokensIssued, 2);
    });
  });

  describe('several platforms with podman (no buildx: build --manifest, then manifest push --all; replayed from podman 4.3 captures)', () => {
    const MULTI: BuildRequest = { dockerfile: '/w/app/Dockerfile', context: '/w/app', platforms: ['linux/amd64', 'linux/arm64'] };
    const LIST_DIGEST = 'sha256:c76e13fa2d58f851aae418c33ab5f4911851cc4f52fdc3157fb5bea2135b0420';
    const PODMAN = {
      version: { stdout: 'podman/version.json' },
      login: { stdout: 'podman/login-ok.stdout.txt', stderr: 'podman/login-ok.stderr.txt' },
      'manifest rm': { stderr: 'podman/manifest-rm-missing.stderr.txt', exit: 1 },
      build: { stdout: 'build-podman-ok.stdout.txt', stderr: 'build-podman-ok.stderr.txt' },
      'manifest push': { stderr: 'podman/manifest-push.stderr.txt', digest: 'podman/manifest-push.digest.txt' },
    };

    it('builds every platform into a manifest list, pushes it under each tag with the private login; ECR verifies the list digest', async () => {
      harness = newHarness(PODMAN, { FAKE_DOCKER_ENGINE: 'podman' });
      ecr.imageDigest = LIST_DIGEST;
      const result = await harness.run({ source: 'team/multi:1.0', repository: 'team/multi', tags: ['1.0', 'latest'], build: MULTI });
      assert.deepEqual(harness.steps, ['build', 'credentials', 'repository', 'authenticate', 'push', 'push', 'verify']);
      assert.deepEqual(harness.subcommands(), ['version', 'manifest rm', 'build', 'login', 'manifest push', 'manifest push']);
      const [, rm, build, login, first, second] = harness.dockerCalls();
      assert.deepEqual(rm.argv, ['manifest', 'rm', 'team/multi:1.0'], 'a list left by an earlier build goes first');
      assert.deepEqual(build.argv, [
        'build',
        '-f',
        '/w/app/Dockerfile',
        '--platform',
        'linux/amd64,linux/arm64',
        '--manifest',
        'team/multi:1.0',
        '/w/app',
      ]);
      const authFile = login.argv[login.argv.indexOf('--authfile') + 1];
      for (const [call, tag] of [
        [first, '1.0'],
        [second, 'latest'],
      ] as const) {
        const digestFile = call.argv[call.argv.indexOf('--digestfile') + 1];
        assert.deepEqual(call.argv, [
          'manifest',
          'push',
          '--all',
          '--authfile',
          authFile,
          '--digestfile',
          digestFile,
          'team/multi:1.0',
          `docker://${HOST}/team/multi:${tag}`,
        ]);
      }
      assert.equal(result.digest, LIST_DIGEST);
      assert.deepEqual(result.imageUris, [`${HOST}/team/multi:1.0`, `${HOST}/team/multi:latest`]);
      assert.deepEqual(result.built, {}, 'a list is not one local image');
      assert.ok(harness.lines.includes('Writing manifest list to image destination'), 'podman’s lines reach the observer');
    });

    it('a failed build pushes nothing and never logs in', async () => {
      harness = newHarness(
        { ...PODMAN, build: { stdout: 'build-podman-copy-missing.stdout.txt', stderr: 'build-podman-copy-missing.stderr.txt', exit: 125 } },
        { FAKE_DOCKER_ENGINE: 'podman' },
      );
      await assert.rejects(
        () => harness.run({ source: 'team/multi:1.0', repository: 'team/multi', build: MULTI }),
        (error: unknown) => error instanceof PushError && error.code === 'buildFailed',
      );
      assert.deepEqual(harness.subcommands(), ['version', 'manifest rm', 'build']);
      assert.deepEqual(ecr.calls, []);
    });
  });
});
