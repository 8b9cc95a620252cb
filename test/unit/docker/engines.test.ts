/**
 * Podman, nerdctl and Finch next to docker: telling them apart by what the CLI says, their listings, their
 * push output, their logins, and DockerCli driving each through the fake CLI. Podman's outputs are real
 * captures (fixtures/captured/podman); nerdctl's and Finch's are written from their source (see the
 * README in each folder), since neither runs here.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EngineCache, identifyEngine } from '../../../src/docker/containerEngine';
import { DockerCli } from '../../../src/docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig } from '../../../src/docker/dockerConfig';
import { DockerError } from '../../../src/docker/dockerErrors';
import { engineCommands } from '../../../src/docker/engineCommands';
import { NerdctlPushOutputParser, PodmanPushOutputParser } from '../../../src/docker/enginePushProgress';
import { parseImageListOutput } from '../../../src/docker/localImage';
import { podmanLoginArgs, podmanPushArgs, privateAuthFile } from '../../../src/docker/podmanArgs';
import { parsePodmanImageList } from '../../../src/docker/podmanImageList';
import type { PushProgress } from '../../../src/docker/pushProgress';
import { explainError } from '../../../src/push/explainError';
import { fakeCli, fakeDockerFolder, loggedCalls, readCaptured } from '../fakeCli/paths';
import { HOST, MemoryEcr, PipelineHarness } from '../push/pipelineHarness';

const PASSWORD = 'eyJwYXlsb2FkIjoiZmFrZSJ9-Secret+Value/123==';

describe('identifyEngine: which CLI it is, from what it says about itself', () => {
  it('docker: Client and Server; a daemon that is down leaves Server null', () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('version.json')), {
      kind: 'docker',
      reachable: true,
      clientVersion: '28.2.2',
      serverVersion: '20.10.24+dfsg1',
    });
    assert.deepStrictEqual(identifyEngine(readCaptured('daemon-down.stdout.txt'), readCaptured('daemon-down.stderr.txt')), {
      kind: 'docker',
      reachable: false,
      clientVersion: '28.2.2',
    });
  });

  it('podman: a local install has no Server section and is still reachable (it runs images itself)', () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('podman/version.json')), {
      kind: 'podman',
      reachable: true,
      clientVersion: '4.3.1',
    });
  });

  it('podman through a service (podman machine): Client and Server', () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('podman/remote-version.json')), {
      kind: 'podman',
      reachable: true,
      clientVersion: '4.3.1',
      serverVersion: '4.3.1',
    });
  });

  it('podman with its machine down says so only on stderr, and is still told apart', () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('podman/remote-down.stdout.txt'), readCaptured('podman/remote-down.stderr.txt')), {
      kind: 'podman',
      reachable: false,
    });
  });

  it('nerdctl: Components on both sides, containerd as the server; containerd down leaves Server null', () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('nerdctl/version.json')), {
      kind: 'nerdctl',
      reachable: true,
      clientVersion: 'v2.1.2',
      serverVersion: 'v2.1.1',
    });
    assert.deepStrictEqual(
      identifyEngine(
        readCaptured('nerdctl/version-containerd-down.stdout.txt'),
        readCaptured('nerdctl/version-containerd-down.stderr.txt'),
      ),
      { kind: 'nerdctl', reachable: false, clientVersion: 'v2.1.2' },
    );
  });

  it("Finch: nerdctl's client wrapped in NerdctlClient; with its VM stopped, only 'Finch version:'", () => {
    assert.deepStrictEqual(identifyEngine(readCaptured('finch/version.json')), {
      kind: 'finch',
      reachable: true,
      clientVersion: 'v1.8.0',
      serverVersion: 'v1.7.24',
    });
    assert.deepStrictEqual(
      identifyEngine(readCaptured('finch/version-vm-stopped.stdout.txt'), readCaptured('finch/version-vm-stopped.stderr.txt')),
      { kind: 'finch', clientVersion: 'v1.8.0', reachable: false },
    );
  });

  it('reads Windows output (CRLF) the same, and names nothing for text that names no engine', () => {
    const crlf = readCaptured('podman/version.json').replace(/\n/g, '\r\n');
    assert.strictEqual(identifyEngine(crlf)?.kind, 'podman');
    assert.strictEqual(identifyEngine('Finch version:\tv1.8.0\r\n')?.clientVersion, 'v1.8.0');
    assert.strictEqual(identifyEngine('hello', 'something else went wrong'), undefined);
    assert.strictEqual(identifyEngine('{"NotClient":{}}'), undefined);
  });
});

describe('parsePodmanImageList: podman images --format json (real capture)', () => {
  const now = new Date('2026-11-29T18:21:13Z');
  const images = parsePodmanImageList(readCaptured('podman/images.json'), now);

  it('gives one image per name, the repeated entries of a three-name image merged', () => {
    assert.deepStrictEqual(
      images.map((i) => i.reference),
      [
        '127.0.0.1:5078/team/multi:1.0',
        'localhost/capture/app:1.0',
        'localhost/capture/app:latest',
        '127.0.0.1:5078/team/app:1.0',
        'sha256:fde6284f82fc023b7934f86716beef81cff1a0fb2fe1dd4e11ea4a66d7a87144',
      ],
    );
    const app = images.find((i) => i.reference === 'localhost/capture/app:1.0');
    assert.deepStrictEqual(
      { ...app, createdAt: app?.createdAt?.toISOString() },
      {
        id: 'sha256:8dcb33204072623e16d40b2e1bdb69faa3f4a65cdb5c795ebd8ec628bfb7e685',
        repository: 'localhost/capture/app',
        tag: '1.0',
        dangling: false,
        reference: 'localhost/capture/app:1.0',
        sizeBytes: 203223,
        sizeText: '203.2kB',
        createdAt: '2026-11-29T18:19:13.000Z',
        createdSince: '2 minutes ago',
      },
    );
  });

  it('keeps an untagged image as one dangling row referenced by its id', () => {
    const dangling = images.filter((i) => i.dangling);
    assert.deepStrictEqual(
      dangling.map((i) => [i.repository, i.tag, i.sizeText]),
      [['<none>', '<none>', '303.1kB']],
    );
  });

  it('never offers podman’s local manifest digest as the repository digest', () => {
    assert.ok(images.every((i) => i.digest === undefined));
  });

  it('reads CRLF output, an empty listing, and a name with a registry port but no tag', () => {
    assert.strictEqual(parsePodmanImageList(readCaptured('podman/images.json').replace(/\n/g, '\r\n'), now).length, 5);
    assert.deepStrictEqual(parsePodmanImageList('[]\r\n'), []);
    assert.deepStrictEqual(parsePodmanImageList(''), []);
    const [row] = parsePodmanImageList(JSON.stringify([{ Id: 'ab'.repeat(32), Names: ['localhost:5000/zoë/app'] }]));
    assert.deepStrictEqual([row.repository, row.tag], ['localhost:5000/zoë/app', 'latest']);
  });

  it('refuses output that is not podman’s array, naming what is wrong', () => {
    assert.throws(() => parsePodmanImageList(readCaptured('image-ls.jsonl')), /podman images output is not JSON/);
    assert.throws(() => parsePodmanImageList('{"Id":"x"}'), /not a JSON array/);
    assert.throws(() => parsePodmanImageList('[{"Names":["a:1"]}]'), /entry 0 has no Id/);
  });
});

describe('push output of podman and nerdctl', () => {
  function feedAll(parser: PodmanPushOutputParser | NerdctlPushOutputParser, stdout: string, stderr: string): PushProgress[] {
    const seen: PushProgress[] = [];
    for (const [text, stream] of [
      [stdout, 'stdout'],
      [stderr, 'stderr'],
    ] as const) {
      for (const line of text.split(/\r?\n/)) {
        if (parser.feed(line, stream)) seen.push(parser.progress);
      }
    }
    return seen;
  }

  it('podman: a layer per "Copying blob", all written once the config is copied (real capture)', () => {
    const parser = new PodmanPushOutputParser();
    const seen = feedAll(parser, readCaptured('podman/push-multi-first.stdout.txt'), readCaptured('podman/push-multi-first.stderr.txt'));
    assert.deepStrictEqual(
      seen.map((p) => [p.done, p.total]),
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [3, 3],
      ],
    );
  });

  it('podman: a push refused before any layer finished shows none finished', () => {
    const parser = new PodmanPushOutputParser();
    feedAll(parser, '', readCaptured('podman/push-no-auth.stderr.txt'));
    assert.deepStrictEqual([parser.progress.done, parser.progress.total], [0, 1]);
  });

  it('podman: a reused layer ("skipped: already exists", newer podman) counts as already there; CRLF lines too', () => {
    const parser = new PodmanPushOutputParser();
    parser.feed(`Copying blob sha256:${'a'.repeat(64)} skipped: already exists\r`);
    assert.strictEqual(parser.progress.layers.get('a'.repeat(64)), 'exists');
    assert.deepStrictEqual([parser.progress.done, parser.progress.total], [1, 1]);
  });

  it('nerdctl: layer rows of the repeated job table only, and the pushed digest from its log line', () => {
    const parser = new NerdctlPushOutputParser();
    const seen = feedAll(parser, readCaptured('nerdctl/push.stdout.txt'), readCaptured('nerdctl/push.stderr.txt'));
    assert.strictEqual(parser.progress.total, 3, 'manifest and config rows are not layers');
    assert.strictEqual(parser.progress.done, 3);
    assert.deepStrictEqual(
      seen.map((p) => p.done),
      [0, 0, 0, 1, 1, 2, 3, 3],
    );
    assert.match(parser.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.ok(readCaptured('nerdctl/push.stderr.txt').includes(parser.digest ?? 'none'));
  });

  it('nerdctl on a terminal: cursor escapes around the rows change nothing', () => {
    const parser = new NerdctlPushOutputParser();
    parser.feed(`\x1b[1A\x1b[2K\rlayer-sha256:${'b'.repeat(64)}:   done   |++++|`);
    assert.strictEqual(parser.progress.done, 1);
  });
});

describe('argument builders per engine', () => {
  const privateDir = 'C:\\Users\\Zoë Müller\\AppData\\Roaming\\Code\\User\\globalStorage\\ecr-push.ecr-push\\docker-config\\3f2a';

  it('podman logs in to the private folder’s auth file, password on stdin', () => {
    const file = privateAuthFile(privateDir);
    assert.deepStrictEqual(podmanLoginArgs('123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'AWS', privateDir), [
      'login',
      '--authfile',
      file,
      '--username',
      'AWS',
      '--password-stdin',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ]);
    assert.ok(file.startsWith(privateDir) && file.endsWith('config.json'));
  });

  it('podman pushes with the same auth file and a digest file, and never --tls-verify=false', () => {
    const args = podmanPushArgs('127.0.0.1:5000/team/app:1.0', '/home/zoë/with space/cfg', '/tmp/ecr push/digest');
    assert.deepStrictEqual(args, [
      'push',
      '--authfile',
      path.join('/home/zoë/with space/cfg', 'config.json'),
      '--digestfile',
      '/tmp/ecr push/digest',
      '127.0.0.1:5000/team/app:1.0',
    ]);
    for (const kind of ['docker', 'podman', 'nerdctl', 'finch'] as const) {
      const all = [
        ...engineCommands(kind).push('h/r:1', '/cfg', '/d').args,
        ...engineCommands(kind).login('h', 'AWS', '/cfg').args,
        ...engineCommands(kind).imageList().args,
      ];
      assert.ok(!all.some((a) => a.startsWith('--tls-verify')), `${kind}: ${all.join(' ')}`);
    }
  });

  it('podman without a private folder uses its own auth file (loginTarget user)', () => {
    assert.deepStrictEqual(podmanLoginArgs('h', 'AWS'), ['login', '--username', 'AWS', '--password-stdin', 'h']);
  });

  it('nerdctl and Finch get the private folder as DOCKER_CONFIG, docker as --config', () => {
    for (const kind of ['nerdctl', 'finch'] as const) {
      const engine = engineCommands(kind);
      assert.deepStrictEqual(engine.login('h', 'AWS', privateDir), {
        args: ['login', '--username', 'AWS', '--password-stdin', 'h'],
        env: { DOCKER_CONFIG: privateDir },
      });
      assert.deepStrictEqual(engine.push('h/r:1', privateDir, '/unused'), { args: ['push', 'h/r:1'], env: { DOCKER_CONFIG: privateDir } });
    }
    assert.deepStrictEqual(engineCommands('docker').push('h/r:1', privateDir, '/unused'), {
      args: ['--config', privateDir, 'push', 'h/r:1'],
    });
  });

  it('refuses operands that would read as flags, for every engine', () => {
    for (const kind of ['docker', 'podman', 'nerdctl', 'finch'] as const) {
      assert.throws(() => engineCommands(kind).push('--tls-verify=false', undefined, '/d'), /must not be empty or start with '-'/);
      assert.throws(() => engineCommands(kind).login('-h', 'AWS'), /must not be empty or start with '-'/);
    }
  });

  it('nerdctl’s listing: docker’s parser, one row per tag even with a row per platform', () => {
    const rows = engineCommands('nerdctl').imageList().parse(readCaptured('nerdctl/image-ls.jsonl'));
    assert.deepStrictEqual(
      rows.map((r) => r.reference),
      ['capture/app:1.0', '127.0.0.1:5055/team/multi:1.0', rows[2].id],
    );
    assert.strictEqual(parseImageListOutput(readCaptured('nerdctl/image-ls.jsonl')).length, 4);
    assert.strictEqual(rows[1].sizeText, '1.921MB');
  });
});

describe('DockerCli driving podman, nerdctl and Finch (the fake CLI replays their outputs)', function () {
  this.timeout(20000);
  let dir: string;
  let log: string;
  let scenarioFile: string;

  beforeEach(() => ({ dir, log, scenarioFile } = fakeDockerFolder('engines-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  interface Call {
    argv: string[];
    stdin: string;
    sub: string;
    dockerConfig?: string;
  }
  function cli(engine: string, scenario: Record<string, unknown>, engines = new EngineCache()): DockerCli {
    fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
    return new DockerCli({
      executable: fakeCli('fake-docker.js'),
      env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_SCENARIO: scenarioFile, FAKE_DOCKER_ENGINE: engine, DOCKER_CONFIG: undefined },
      engines,
    });
  }
  function calls(): Call[] {
    return loggedCalls<Call>(log);
  }

  describe('podman', () => {
    const podman = (extra: Record<string, unknown> = {}) => cli('podman', { version: { stdout: 'podman/version.json' }, ...extra });

    it('is a working engine without a Server section: the version line says it needs no service', async () => {
      const info = await podman().checkDaemon();
      assert.deepStrictEqual(info, {
        engine: 'podman',
        clientVersion: '4.3.1',
        description: 'Podman 4.3.1 (no service: it runs images itself)',
      });
    });

    it('lists images from its own JSON, asking which engine it is once for the CLI file', async () => {
      const engines = new EngineCache();
      const scenario = { version: { stdout: 'podman/version.json' }, images: { stdout: 'podman/images.json' } };
      const first = await cli('podman', scenario, engines).listImages();
      const second = await cli('podman', scenario, engines).listImages({ includeDangling: true });
      assert.strictEqual(first.length, 4);
      assert.strictEqual(second.length, 5);
      assert.deepStrictEqual(
        calls().map((c) => c.argv),
        [
          ['version', '--format', '{{json .}}'],
          ['images', '--format', 'json'],
          ['images', '--format', 'json'],
        ],
      );
    });

    it('logs in to the private folder’s auth file, which the pipeline’s "is this login on disk" check then reads', async () => {
      const privateDir = path.join(dir, 'docker-config', 'ab12 zoë');
      preparePrivateDockerConfig(privateDir, '127.0.0.1:5078', path.join(dir, 'user-docker'));
      await podman({ login: { stdout: 'podman/login-ok.stdout.txt' } }).login('127.0.0.1:5078', 'AWS', PASSWORD, privateDir);
      const login = calls().find((c) => c.sub === 'login');
      assert.deepStrictEqual(login?.argv, [
        'login',
        '--authfile',
        path.join(privateDir, 'config.json'),
        '--username',
        'AWS',
        '--password-stdin',
        '127.0.0.1:5078',
      ]);
      assert.strictEqual(login?.stdin, PASSWORD);
      assert.ok(hasLogin(privateDir, '127.0.0.1:5078', { username: 'AWS', password: PASSWORD }));
      assert.ok(!fs.existsSync(path.join(dir, 'user-docker', 'config.json')), 'the user folder is only read');
    });

    it('a wrong password is a failed login in podman’s words', async () => {
      await assert.rejects(
        podman({ login: { stderr: 'podman/login-401.stderr.txt', exit: 125 } }).login('127.0.0.1:5078', 'AWS', 'wrong'),
        (err: unknown) =>
          err instanceof DockerError &&
          err.kind === 'loginFailed' &&
          err.engine === 'podman' &&
          /^podman login failed: Error: logging into "127\.0\.0\.1:5078": invalid username\/password/.test(err.message),
      );
    });

    it('pushes with the auth file and takes the digest podman wrote to --digestfile, progress from stderr', async () => {
      const progress: PushProgress[] = [];
      const lines: string[] = [];
      const result = await podman({
        push: { stderr: 'podman/push-multi-first.stderr.txt', digest: 'podman/push-multi-first.digest.txt' },
      }).push('127.0.0.1:5078/team/multi:1.0', {
        configDir: '/priv/dir with space',
        onProgress: (p) => progress.push(p),
        onLine: (line, stream) => lines.push(`${stream}: ${line}`),
      });
      assert.strictEqual(result.digest, readCaptured('podman/registry-multi-digest.txt').trim());
      assert.deepStrictEqual([result.progress.done, result.progress.total], [3, 3]);
      assert.ok(lines.includes('stderr: Writing manifest to image destination'));
      const push = calls().find((c) => c.sub === 'push');
      const digestAt = push?.argv.indexOf('--digestfile') ?? -1;
      assert.deepStrictEqual(push?.argv.slice(0, 3), ['push', '--authfile', path.join('/priv/dir with space', 'config.json')]);
      assert.ok(digestAt > 0 && !fs.existsSync(push!.argv[digestAt + 1]), 'the digest file is removed after the push');
    });

    it('a push refused by the registry is noBasicAuth, so the pipeline logs in once more', async () => {
      await assert.rejects(
        podman({ push: { stderr: 'podman/push-no-auth.stderr.txt', exit: 125 } }).push('127.0.0.1:5078/team/app:1.0', {}),
        (err: unknown) => err instanceof DockerError && err.kind === 'noBasicAuth' && err.engine === 'podman',
      );
    });

    it('a missing image is "not there", not an error ("image not known")', async () => {
      const details = await podman({
        'image inspect': { stdout: 'podman/inspect-missing.stdout.txt', stderr: 'podman/inspect-missing.stderr.txt', exit: 125 },
      }).inspectImage('no/such-image:1');
      assert.strictEqual(details, undefined);
      const found = await podman({ 'image inspect': { stdout: 'podman/image-inspect.json' } }).inspectImage('capture/app:1.0');
      assert.deepStrictEqual(found?.repoTags, ['localhost/capture/app:1.0', 'localhost/capture/app:latest', '127.0.0.1:5078/team/app:1.0']);
    });

    it('with its machine down: daemonUnavailable, and the advice is to start the podman machine', async () => {
      const down = cli('podman', {
        version: { stdout: 'podman/remote-down.stdout.txt', stderr: 'podman/remote-down.stderr.txt', exit: 125 },
      });
      const error = await down.checkDaemon().then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(error instanceof DockerError && error.kind === 'daemonUnavailable' && error.engine === 'podman', String(error));
      const explained = explainError(error, {});
      assert.match(explained.message, /^Cannot connect to Podman: its machine or service is not running/);
      assert.match(explained.remedy, /podman machine start/);
    });

    it('a `docker` that is podman-docker’s wrapper is driven as podman', async () => {
      const docker = new DockerCli({
        executable: fakeCli('fake-docker.js'),
        env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_SCENARIO: scenarioFile, FAKE_DOCKER_ENGINE: 'podman' },
      });
      fs.writeFileSync(
        scenarioFile,
        JSON.stringify({ version: { stdout: 'podman/version.json' }, images: { stdout: 'podman/images.json' } }),
      );
      assert.strictEqual(await docker.engine(), 'podman');
      assert.strictEqual((await docker.listImages()).length, 4);
    });
  });

  describe('nerdctl', () => {
    const nerdctl = (extra: Record<string, unknown> = {}) => cli('nerdctl', { version: { stdout: 'nerdctl/version.json' }, ...extra });

    it('names containerd as what runs its images', async () => {
      assert.deepStrictEqual(await nerdctl().checkDaemon(), {
        engine: 'nerdctl',
        clientVersion: 'v2.1.2',
        serverVersion: 'v2.1.1',
        description: 'nerdctl v2.1.2, containerd v2.1.1',
      });
    });

    it('logs in with the private folder as DOCKER_CONFIG (no --config flag), password on stdin', async () => {
      const privateDir = path.join(dir, 'private');
      await nerdctl({ login: { stdout: 'nerdctl/login-ok.stdout.txt' } }).login('127.0.0.1:5055', 'AWS', PASSWORD, privateDir);
      const login = calls().find((c) => c.sub === 'login');
      assert.deepStrictEqual(login?.argv, ['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055']);
      assert.strictEqual(login?.dockerConfig, privateDir);
      assert.strictEqual(login?.stdin, PASSWORD);
      assert.ok(hasLogin(privateDir, '127.0.0.1:5055', { username: 'AWS', password: PASSWORD }));
    });

    it('pushes with DOCKER_CONFIG, layer progress from the job table, the digest from its log line', async () => {
      const result = await nerdctl({ push: { stdout: 'nerdctl/push.stdout.txt', stderr: 'nerdctl/push.stderr.txt' } }).push(
        '127.0.0.1:5055/team/multi:1.0',
        { configDir: '/priv' },
      );
      assert.deepStrictEqual([result.progress.done, result.progress.total], [3, 3]);
      assert.ok(readCaptured('nerdctl/push.stderr.txt').includes(`${result.digest})`));
      assert.strictEqual(calls().find((c) => c.sub === 'push')?.dockerConfig, '/priv');
    });

    it('without containerd: daemonUnavailable, advising to start containerd', async () => {
      const error = await cli('nerdctl', {
        version: { stdout: 'nerdctl/version-containerd-down.stdout.txt', stderr: 'nerdctl/version-containerd-down.stderr.txt', exit: 1 },
      })
        .checkDaemon()
        .catch((err: unknown) => err);
      assert.ok(error instanceof DockerError && error.kind === 'daemonUnavailable' && error.engine === 'nerdctl', String(error));
      assert.match(explainError(error, {}).remedy, /systemctl start containerd/);
    });

    it('a missing image is "not there" ("no such image")', async () => {
      const details = await nerdctl({ 'image inspect': { stderr: 'nerdctl/inspect-missing.stderr.txt', exit: 1 } }).inspectImage(
        'no/such-image:1',
      );
      assert.strictEqual(details, undefined);
    });
  });

  describe('Finch', () => {
    it('is Finch, not nerdctl, though it wraps nerdctl', async () => {
      const info = await cli('finch', { version: { stdout: 'finch/version.json' } }).checkDaemon();
      assert.deepStrictEqual(info, {
        engine: 'finch',
        clientVersion: 'v1.8.0',
        serverVersion: 'v1.7.24',
        description: 'Finch v1.8.0, containerd v1.7.24',
      });
    });

    it('with its VM stopped: daemonUnavailable, advising `finch vm start`', async () => {
      const error = await cli('finch', {
        version: { stdout: 'finch/version-vm-stopped.stdout.txt', stderr: 'finch/version-vm-stopped.stderr.txt', exit: 1 },
      })
        .checkDaemon()
        .catch((err: unknown) => err);
      assert.ok(error instanceof DockerError && error.kind === 'daemonUnavailable' && error.engine === 'finch', String(error));
      const explained = explainError(error, {});
      assert.strictEqual(explained.message, 'The Finch VM is not running.');
      assert.match(explained.remedy, /finch vm start/);
    });

    it('a push with the VM stopped says the VM is down, not that the push failed', async () => {
      const error = await cli('finch', {
        version: { stdout: 'finch/version.json' },
        push: { stderr: 'finch/push-vm-stopped.stderr.txt', exit: 1 },
      })
        .push('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1', { configDir: '/priv' })
        .catch((err: unknown) => err);
      assert.ok(error instanceof DockerError && error.kind === 'daemonUnavailable' && error.engine === 'finch', String(error));
    });

    it('logs in on the host with the private folder as DOCKER_CONFIG (Finch ≥ 1.15.1 hands it to the VM)', async () => {
      const privateDir = path.join(dir, 'private');
      await cli('finch', { version: { stdout: 'finch/version.json' }, login: { stdout: 'finch/login-ok.stdout.txt' } }).login(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        'AWS',
        PASSWORD,
        privateDir,
      );
      assert.strictEqual(calls().find((c) => c.sub === 'login')?.dockerConfig, privateDir);
      assert.ok(hasLogin(privateDir, '123456789012.dkr.ecr.us-east-1.amazonaws.com', { username: 'AWS', password: PASSWORD }));
    });
  });
});

describe('the push pipeline, unchanged, over podman (the fake CLI replays podman’s captures)', function () {
  this.timeout(30000);

  it('logs in once to the private auth file, pushes every tag with --digestfile, and verifies podman’s digest with ECR', async () => {
    const digest = readCaptured('podman/push-single.digest.txt').trim();
    const ecr = new MemoryEcr();
    ecr.imageDigest = digest;
    const harness = new PipelineHarness(
      {
        version: { stdout: 'podman/version.json' },
        'image inspect': { stdout: 'podman/image-inspect.json' },
        login: { stdout: 'podman/login-ok.stdout.txt' },
        tag: {},
        push: { stderr: 'podman/push-single.stderr.txt', digest: 'podman/push-single.digest.txt' },
      },
      ecr,
      undefined,
      { env: { FAKE_DOCKER_ENGINE: 'podman' } },
    );
    const result = await harness.run({ source: 'capture/app:1.0', tags: ['1.0', 'latest'] });
    assert.strictEqual(result.digest, digest);
    assert.ok(harness.lines.includes('Podman 4.3.1 (no service: it runs images itself).'), harness.lines.join('\n'));
    const [folder] = fs.readdirSync(harness.privateDockerConfigRoot);
    const authFile = path.join(harness.privateDockerConfigRoot, folder, 'config.json');
    const argvs = harness.argvs();
    assert.deepStrictEqual(
      argvs.filter((argv) => argv[0] === 'login'),
      [['login', '--authfile', authFile, '--username', 'AWS', '--password-stdin', HOST]],
    );
    const pushes = argvs.filter((argv) => argv[0] === 'push');
    const digestFiles = pushes.map((argv) => argv[4]);
    assert.deepStrictEqual(pushes, [
      ['push', '--authfile', authFile, '--digestfile', digestFiles[0], `${HOST}/team/app:1.0`],
      ['push', '--authfile', authFile, '--digestfile', digestFiles[1], `${HOST}/team/app:latest`],
    ]);
    assert.ok(
      digestFiles.every((file) => /ecr-push-digest-[^/]+[/\\]digest$/.test(file)) && digestFiles[0] !== digestFiles[1],
      digestFiles.join(', '),
    );
    // The next push finds podman's login on disk, in docker's format, and does not log in again.
    await harness.run({ source: 'capture/app:1.0', tags: ['2.0'] });
    assert.strictEqual(harness.subcommands().filter((s) => s === 'login').length, 1);
  });
});
