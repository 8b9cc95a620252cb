/**
 * DockerCli's builds against the fake CLI replaying real build output: the argv, the image id from
 * --iidfile, streamed lines and step progress, a failed build's lines, cancel, and docker buildx.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerCli } from '../../../src/docker/DockerCli';
import { DockerBuildError, DockerError } from '../../../src/docker/dockerErrors';
import type { BuildProgress } from '../../../src/docker/buildOutput';
import { fakeCli, loggedCalls } from '../fakeCli/paths';
import { processRunning, waitFor } from '../process/helpers';
import { APP_BUILD_START, twoPlatformBuildxStart } from './buildFixtures';

const IMAGE_ID = 'sha256:b7295204efef6e6d2ab1b7c6c7e46fd1d4e0e9c0a4a9c1d3a4b5c6d7e8f90123';
const INDEX_DIGEST = 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6';

interface Call {
  argv: string[];
  sub: string;
}

describe('DockerCli builds, against a fake docker CLI replaying captured output', function () {
  this.timeout(20_000);
  let dir: string;
  let log: string;
  let scenarioFile: string;
  const spec = { dockerfile: '/w/app/Dockerfile', context: '/w/app', buildArgs: { GREETING: 'bonjour' }, target: 'base' };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockercli-build-'));
    log = path.join(dir, 'calls.jsonl');
    scenarioFile = path.join(dir, 'scenario.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The fake CLI as docker (or as `engine`), pinned: each test scripts the build calls alone. */
  function cli(scenario: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, engine: 'docker' | 'podman' = 'docker'): DockerCli {
    fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
    return new DockerCli({
      executable: fakeCli('fake-docker.js'),
      env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_SCENARIO: scenarioFile, FAKE_DOCKER_ENGINE: engine, ...env },
      engine,
    });
  }
  const calls = (): Call[] => loggedCalls<Call>(log);

  describe('build', () => {
    const ok = { stdout: 'build-legacy-ok.stdout.txt', stderr: 'build-legacy-ok.stderr.txt', iid: IMAGE_ID };

    it('runs the engine’s build with the exact argv and resolves to the id from --iidfile', async () => {
      const result = await cli({ build: ok }).build(spec, { tag: 'team/app:1.0' });
      assert.equal(result.imageId, IMAGE_ID);
      assert.equal(result.localName, 'team/app:1.0');
      const [call] = calls();
      const iidAt = call.argv.indexOf('--iidfile');
      assert.deepEqual(call.argv, [
        ...APP_BUILD_START,
        call.argv[iidAt + 1],
        '--build-arg',
        'GREETING=bonjour',
        '--target',
        'base',
        '/w/app',
      ]);
      assert.equal(fs.existsSync(call.argv[iidAt + 1]), false, 'the id file’s folder is removed afterwards');
    });

    it('streams every line and reports each step', async () => {
      const lines: string[] = [];
      const steps: BuildProgress[] = [];
      await cli({ build: ok }).build(spec, { tag: 'team/app:1.0', onLine: (line) => lines.push(line), onProgress: (p) => steps.push(p) });
      assert.ok(lines.includes('Step 3/4 : LABEL greeting=$GREETING'));
      assert.ok(lines.includes('Successfully tagged capture/built:1'));
      assert.deepEqual(
        steps.map((p) => p.step),
        [1, 2, 3, 4],
      );
    });

    it('falls back to the id the output names when there is no id file (64 hex digits become sha256:…)', async () => {
      const result = await cli({ build: { stdout: 'build-podman-ok.stdout.txt' } }).build(spec, { tag: 'team/app:1.0' });
      assert.equal(result.imageId, 'sha256:702250499a1e5acb06cf2b26172cb94ef8b977c7ea907609b17f141939138695');
    });

    it('a failed build is a DockerBuildError with the failing step and docker’s reason', async () => {
      const failing = { stdout: 'build-legacy-copy-missing.stdout.txt', stderr: 'build-legacy-copy-missing.stderr.txt', exit: 1 };
      await assert.rejects(
        () => cli({ build: failing }).build(spec, { tag: 'team/app:1.0' }),
        (error: unknown) => {
          assert.ok(error instanceof DockerBuildError);
          assert.equal(error.kind, 'buildFailed');
          assert.equal(error.failingStep, 'Step 3/4 : COPY missing.txt /missing.txt');
          assert.match(error.lines.at(-1) ?? '', /^COPY failed: file not found in build context/);
          return true;
        },
      );
    });

    it('a daemon that is down is not the Dockerfile’s fault: daemonUnavailable', async () => {
      await assert.rejects(
        () => cli({ build: { stderr: 'daemon-down-image-ls.stderr.txt', exit: 1 } }).build(spec, { tag: 'team/app:1.0' }),
        (error: unknown) => error instanceof DockerError && !(error instanceof DockerBuildError) && error.kind === 'daemonUnavailable',
      );
    });

    it('cancel ends the build process and rejects with cancelled', async () => {
      const controller = new AbortController();
      let pid = 0;
      const building = cli({ build: { hang: true } }).build(spec, {
        tag: 'team/app:1.0',
        signal: controller.signal,
        onLine: (line) => {
          const match = /^pid (\d+)$/.exec(line);
          if (match) {
            pid = Number(match[1]);
            controller.abort();
          }
        },
      });
      await assert.rejects(building, (error: unknown) => error instanceof DockerError && error.kind === 'cancelled');
      assert.ok(pid > 0);
      await waitFor(() => !processRunning(pid));
    });

    it('podman: the same argv; the built image is named as podman files it, under localhost/', async () => {
      const podmanOk = { stdout: 'build-podman-ok.stdout.txt', stderr: 'build-podman-ok.stderr.txt', iid: IMAGE_ID };
      const result = await cli({ build: podmanOk }, {}, 'podman').build(spec, { tag: 'team/app:1.0' });
      assert.deepEqual(result, { imageId: IMAGE_ID, localName: 'localhost/team/app:1.0' });
      assert.deepEqual(calls()[0].argv.slice(0, 5), ['build', '-f', '/w/app/Dockerfile', '-t', 'team/app:1.0']);
      const named = await cli({ build: podmanOk }, {}, 'podman').build(spec, { tag: '127.0.0.1:5000/team/app:1.0' });
      assert.equal(named.localName, '127.0.0.1:5000/team/app:1.0', 'a name with a registry host is kept');
    });

    it('refuses an argument that would be read as a flag before running anything', async () => {
      await assert.rejects(() => cli({ build: ok }).build({ ...spec, context: '--output=/' }, { tag: 'team/app:1.0' }), /build context/);
      assert.deepEqual(calls(), []);
    });
  });

  describe('buildx', () => {
    it('buildxVersion: the version line; buildxMissing for docker’s real "unknown command"', async () => {
      assert.match(
        await cli({ 'buildx version': { stdout: 'reconstructed-buildx-version.stdout.txt' } }).buildxVersion(),
        /^github.com\/docker\/buildx v0\.5\.1/,
      );
      await assert.rejects(
        () => cli({ 'buildx version': { stderr: 'buildx-missing.stderr.txt', exit: 1 } }).buildxVersion(),
        (error: unknown) => error instanceof DockerError && error.kind === 'buildxMissing',
      );
    });

    it('buildxBuild pushes with the private config, keeps the user’s builders, and reads the index digest', async () => {
      const steps: BuildProgress[] = [];
      const result = await cli({
        'buildx build': { stderr: 'reconstructed-buildx-push.stderr.txt', metadata: 'reconstructed-buildx-metadata.json' },
      }).buildxBuild(spec, {
        platforms: ['linux/amd64', 'linux/arm64'],
        tags: ['127.0.0.1:5055/team/multi:1.0'],
        configDir: '/private/cfg',
        userConfigDir: '/home/u/.docker',
        onProgress: (p) => steps.push(p),
      });
      assert.equal(result.digest, INDEX_DIGEST);
      assert.equal(steps.length, 4);
      const [call] = calls();
      assert.deepEqual(call.argv.slice(0, 9), twoPlatformBuildxStart('/private/cfg'));
      assert.equal(call.sub, 'buildx build');
    });

    it('points BUILDX_CONFIG at the user’s buildx folder only when a private config is used and none is set', async () => {
      const envScript = path.join(dir, 'env-docker.js');
      fs.writeFileSync(
        envScript,
        `#!/usr/bin/env node\nrequire('fs').appendFileSync(${JSON.stringify(path.join(dir, 'env.log'))}, (process.env.BUILDX_CONFIG || '-') + '\\n');\n`,
        { mode: 0o755 },
      );
      const run = (env: NodeJS.ProcessEnv, configDir?: string) =>
        new DockerCli({ executable: envScript, env }).buildxBuild(spec, {
          platforms: ['linux/amd64'],
          tags: ['h/a:1'],
          configDir,
          userConfigDir: '/home/u/.docker',
        });
      await run({}, '/private/cfg');
      await run({ BUILDX_CONFIG: '/mine' }, '/private/cfg');
      await run({ BUILDX_CONFIG: '' });
      assert.deepEqual(fs.readFileSync(path.join(dir, 'env.log'), 'utf8').trim().split('\n'), [
        path.join('/home/u/.docker', 'buildx'),
        '/mine',
        '-',
      ]);
    });

    it('an expired registry login during buildx keeps its kind (the pipeline logs in again); a build error is a DockerBuildError', async () => {
      const options = { platforms: ['linux/amd64'], tags: ['127.0.0.1:5055/team/multi:1.0'] };
      await assert.rejects(
        () => cli({ 'buildx build': { stderr: 'reconstructed-buildx-push-token-expired.stderr.txt', exit: 1 } }).buildxBuild(spec, options),
        (error: unknown) => error instanceof DockerError && error.kind === 'tokenExpired',
      );
      await assert.rejects(
        () => cli({ 'buildx build': { stderr: 'reconstructed-buildkit-copy-missing.stderr.txt', exit: 1 } }).buildxBuild(spec, options),
        (error: unknown) => error instanceof DockerBuildError && error.failingStep === '#4 [1/2] COPY missing.txt /missing.txt',
      );
    });
  });
});
