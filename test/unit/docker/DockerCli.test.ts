import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DockerCli } from '../../../src/docker/DockerCli';
import { DockerError, DockerFailureKind } from '../../../src/docker/dockerErrors';
import { PushProgress } from '../../../src/docker/pushProgress';
import { captured, fakeCli, fakeDockerFolder, loggedCalls, readCaptured } from '../fakeCli/paths';
import { processExists } from '../process/helpers';

interface Call {
  argv: string[];
  stdin: string;
  sub: string;
  dockerHost?: string;
}
interface Step {
  stdout?: string;
  stderr?: string;
  exit?: number;
  hang?: boolean;
  echoStdin?: boolean;
  waitMs?: number;
}

const PASSWORD = 'eyJwYXlsb2FkIjoiZmFrZSJ9-Secret+Value/123==';

describe('DockerCli against a fake docker CLI replaying captured output', function () {
  this.timeout(20000);
  let dir: string;
  let log: string;
  let scenarioFile: string;

  beforeEach(() => {
    ({ dir, log, scenarioFile } = fakeDockerFolder('dockercli-'));
    fs.writeFileSync(scenarioFile, '{}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function cli(scenario: Record<string, Step>, shortTimeoutMs?: number): DockerCli {
    fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
    return new DockerCli({
      executable: fakeCli('fake-docker.js'),
      env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_SCENARIO: scenarioFile, DOCKER_HOST: 'unix:///tmp/test-engine.sock' },
      shortTimeoutMs,
      // These cases script docker's own calls; engine detection has its tests in engines.test.ts.
      engine: 'docker',
    });
  }
  function calls(): Call[] {
    return loggedCalls<Call>(log);
  }
  function isDockerError(kind: DockerFailureKind, check?: (err: DockerError) => void) {
    return (err: unknown) => {
      assert.ok(err instanceof DockerError, `expected DockerError, got ${String(err)}`);
      assert.strictEqual(err.kind, kind);
      check?.(err);
      return true;
    };
  }

  describe('login', () => {
    it('sends the password on stdin only, with --config before the subcommand', async () => {
      await cli({ login: { stdout: 'login-ok.stdout.txt', stderr: 'login-ok.stderr.txt' } }).login(
        '127.0.0.1:5055',
        'AWS',
        PASSWORD,
        '/priv/config',
      );
      const [call] = calls();
      assert.deepStrictEqual(call.argv, ['--config', '/priv/config', 'login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055']);
      assert.strictEqual(call.stdin, PASSWORD);
      assert.ok(!call.argv.some((a) => a.includes(PASSWORD)));
      assert.strictEqual(call.dockerHost, 'unix:///tmp/test-engine.sock', 'env is laid over process.env');
    });

    it('classifies a rejected login and keeps the password out of the error', async () => {
      await assert.rejects(
        () => cli({ login: { stderr: 'login-401.stderr.txt', exit: 1, echoStdin: true } }).login('127.0.0.1:5055', 'AWS', PASSWORD),
        isDockerError('loginFailed', (err) => {
          assert.strictEqual(err.operation, 'login');
          assert.match(err.message, /login attempt to http:\/\/127\.0\.0\.1:5055\/v2\/ failed with status: 401 Unauthorized/);
          assert.ok(!err.message.includes(PASSWORD) && !err.stderr.includes(PASSWORD) && !err.stack!.includes(PASSWORD));
          assert.match(err.stderr, /got: \*\*\*/);
        }),
      );
    });

    it('counts an unclassified login failure as loginFailed', async () => {
      await assert.rejects(() => cli({ login: { exit: 1 } }).login('h.example', 'AWS', PASSWORD), isDockerError('loginFailed'));
    });

    it('reports the daemon being down as such', async () => {
      await assert.rejects(
        () => cli({ login: { stderr: 'daemon-down.stderr.txt', exit: 1 } }).login('h.example', 'AWS', PASSWORD),
        isDockerError('daemonUnavailable'),
      );
    });

    it('times out a hanging login', async () => {
      await assert.rejects(() => cli({ login: { hang: true } }, 500).login('h.example', 'AWS', PASSWORD), isDockerError('timeout'));
    });
  });

  describe('tag', () => {
    it('runs docker tag SOURCE TARGET', async () => {
      await cli({ tag: {} }).tag('capture/app:1.0', '127.0.0.1:5055/team/app:1.0');
      assert.deepStrictEqual(calls()[0].argv, ['tag', 'capture/app:1.0', '127.0.0.1:5055/team/app:1.0']);
    });

    it('classifies a missing source image', async () => {
      await assert.rejects(
        () => cli({ tag: { stderr: 'tag-missing.stderr.txt', exit: 1 } }).tag('no/such-image:1', 'h/x:1'),
        isDockerError('imageNotFound', (err) =>
          assert.strictEqual(err.message, 'docker tag failed: Error response from daemon: No such image: no/such-image:1'),
        ),
      );
    });
  });

  describe('the fake CLI itself', () => {
    it('fails loudly on a subcommand its scenario does not script, so a forgotten step cannot pass', async () => {
      await assert.rejects(
        () => cli({ login: {} }).tag('capture/app:1.0', '127.0.0.1:5055/team/app:1.0'),
        isDockerError('unknown', (err) => {
          assert.match(err.message, /^docker tag failed: fake-docker: no scripted answer for "tag"/);
          assert.match(
            err.stderr,
            /fake-docker: no scripted answer for "tag" \(argv: \["tag","capture\/app:1\.0","127\.0\.0\.1:5055\/team\/app:1\.0"\]\)/,
          );
        }),
      );
    });
  });

  describe('push', () => {
    it('streams lines and progress and returns the digest', async () => {
      const lines: string[] = [];
      const progress: PushProgress[] = [];
      const result = await cli({ push: { stdout: 'push-multi-shared.stdout.txt' } }).push('127.0.0.1:5055/team/multi:2.0', {
        configDir: '/priv/config',
        onLine: (line, stream) => stream === 'stdout' && lines.push(line),
        onProgress: (p) => progress.push(p),
      });
      assert.deepStrictEqual(calls()[0].argv, ['--config', '/priv/config', 'push', '127.0.0.1:5055/team/multi:2.0']);
      assert.deepStrictEqual(lines, readCaptured('push-multi-shared.stdout.txt').trimEnd().split('\n'));
      assert.strictEqual(result.digest, 'sha256:a679ce21f2c22557a7a6778011212ee66013965004cb2247276ed0a128cfd501');
      assert.strictEqual(result.manifestSize, 1157);
      assert.strictEqual(result.progress.total, 4);
      assert.strictEqual(result.progress.done, 4);
      assert.deepStrictEqual(
        progress.map((p) => p.done),
        [...progress.map((p) => p.done)].sort((a, b) => a - b),
        'done never decreases',
      );
      assert.strictEqual(progress[progress.length - 1].done, 4);
    });

    for (const [stderr, kind] of [
      ['push-no-auth.stderr.txt', 'noBasicAuth'],
      ['push-bad-credentials.stderr.txt', 'noBasicAuth'],
      ['push-missing.stderr.txt', 'imageNotFound'],
    ] as const) {
      it(`classifies a failed push (${stderr} -> ${kind})`, async () => {
        await assert.rejects(
          cli({ push: { stdout: 'push-no-auth.stdout.txt', stderr, exit: 1 } }).push('127.0.0.1:5055/team/app:1.0', {}),
          isDockerError(kind, (err) => assert.strictEqual(err.stderr, readCaptured(stderr))),
        );
      });
    }

    it('is cancelled by the signal, leaving no process behind', async () => {
      const controller = new AbortController();
      let pid = 0;
      await assert.rejects(
        cli({ push: { hang: true } }).push('h/x:1', {
          signal: controller.signal,
          onLine: (line) => {
            pid = Number(/^pid (\d+)/.exec(line)?.[1] ?? pid);
            controller.abort();
          },
        }),
        isDockerError('cancelled'),
      );
      assert.ok(pid > 0 && !processExists(pid));
    });
  });

  describe('checkDaemon', () => {
    it('reads client and server versions from real docker version output', async () => {
      const info = await cli({ version: { stdout: 'version.json' } }).checkDaemon();
      assert.deepStrictEqual(info, {
        engine: 'docker',
        clientVersion: '28.2.2',
        serverVersion: '20.10.24+dfsg1',
        description: 'Docker client 28.2.2, engine 20.10.24+dfsg1',
      });
      assert.deepStrictEqual(calls()[0].argv, ['version', '--format', '{{json .}}']);
    });

    it('throws daemonUnavailable when the daemon is down', async () => {
      await assert.rejects(
        cli({ version: { stdout: 'daemon-down.stdout.txt', stderr: 'daemon-down.stderr.txt', exit: 1 } }).checkDaemon(),
        isDockerError('daemonUnavailable', (err) =>
          assert.match(err.message, /^docker version failed: Cannot connect to the Docker daemon at unix:/),
        ),
      );
    });

    it('throws daemonUnavailable when version exits 0 without a server', async () => {
      await assert.rejects(cli({ version: { stdout: 'daemon-down.stdout.txt' } }).checkDaemon(), isDockerError('daemonUnavailable'));
    });

    it('throws cliNotFound naming a missing executable', async () => {
      await assert.rejects(
        new DockerCli({ executable: '/nonexistent/bin/docker' }).checkDaemon(),
        isDockerError('cliNotFound', (err) => assert.match(err.message, /\/nonexistent\/bin\/docker/)),
      );
    });

    it('throws cliNotFound saying a directory is not an executable', async () => {
      await assert.rejects(
        new DockerCli({ executable: dir }).checkDaemon(),
        isDockerError('cliNotFound', (err) => assert.match(err.message, /is a directory/)),
      );
      await assert.rejects(() => new DockerCli({ executable: dir }).tag('a', 'b'), isDockerError('cliNotFound'));
    });
  });

  describe('listImages and inspectImage', () => {
    it("lists every image when the output is longer than the 256 KiB stdout capture (the bench's 2,000 tags)", async () => {
      const lines = readCaptured('image-ls.jsonl').trim().split('\n');
      const many: string[] = [];
      for (let i = 0; many.length < 2000; i++) {
        const row = JSON.parse(lines[i % lines.length]) as Record<string, string>;
        if (row.Repository === '<none>') continue;
        many.push(JSON.stringify({ ...row, Repository: `bench/scale-${String(i % 100).padStart(3, '0')}`, Tag: `t${i}` }));
      }
      const big = path.join(dir, 'image-ls-2000.jsonl');
      fs.writeFileSync(big, many.join('\n') + '\n');
      assert.ok(fs.statSync(big).size > 256 * 1024, 'the listing must overflow the capture for this test to mean anything');
      // The fake replays files relative to the captured folder.
      const images = await cli({ 'image ls': { stdout: path.relative(path.dirname(captured('x')), big) } }).listImages();
      assert.strictEqual(images.length, 2000);
      const written = many.map((line) => JSON.parse(line) as Record<string, string>).map((row) => `${row.Repository}:${row.Tag}`);
      assert.deepStrictEqual(
        images.map((image) => image.reference),
        written,
      );
    });

    it('lists images with one call, hiding untagged ones unless asked', async () => {
      const docker = cli({ 'image ls': { stdout: 'image-ls.jsonl' } });
      const tagged = await docker.listImages();
      const all = await docker.listImages({ includeDangling: true });
      assert.strictEqual(all.length, 8);
      assert.strictEqual(tagged.length, 7);
      assert.ok(tagged.every((i) => !i.dangling));
      assert.deepStrictEqual(
        calls().map((c) => c.argv),
        [
          ['image', 'ls', '--digests', '--no-trunc', '--format', '{{json .}}'],
          ['image', 'ls', '--digests', '--no-trunc', '--format', '{{json .}}'],
        ],
      );
    });

    it('inspects an existing image', async () => {
      const details = await cli({ 'image inspect': { stdout: 'image-inspect-after-push.json' } }).inspectImage(
        '127.0.0.1:5055/team/multi:1.0',
      );
      assert.strictEqual(details?.id, 'sha256:2416f71169aaa7509d3dc2d783eb982123309cc13f60464dc7fffc0090dff533');
      assert.deepStrictEqual(calls()[0].argv, ['image', 'inspect', '127.0.0.1:5055/team/multi:1.0']);
    });

    it('returns undefined for a missing image, but throws when the daemon is down', async () => {
      assert.strictEqual(
        await cli({
          'image inspect': { stdout: 'inspect-missing.stdout.txt', stderr: 'inspect-missing.stderr.txt', exit: 1 },
        }).inspectImage('no/such-image:1'),
        undefined,
      );
      await assert.rejects(
        cli({ 'image inspect': { stderr: 'daemon-down.stderr.txt', exit: 1 } }).inspectImage('x:1'),
        isDockerError('daemonUnavailable'),
      );
    });
  });
});
