/**
 * What a Windows or macOS desktop hands the docker layer that Linux CI does not: CRLF line ends from
 * every CLI, folders with spaces (`Program Files`, `Application Support`) and user names beyond ASCII.
 * Every parser reads CRLF output as it reads LF output, and every argument builder passes such paths as
 * one argument each, untouched. The real captures are turned into CRLF here, not hand-written.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { identifyEngine } from '../../../src/docker/containerEngine';
import { imageListArgs, loginArgs, pushArgs, tagArgs } from '../../../src/docker/dockerArgs';
import { DockerCli } from '../../../src/docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig, privateDockerConfigDir } from '../../../src/docker/dockerConfig';
import { classifyDockerOutput, DockerError } from '../../../src/docker/dockerErrors';
import { engineCommands } from '../../../src/docker/engineCommands';
import { NerdctlPushOutputParser, PodmanPushOutputParser } from '../../../src/docker/enginePushProgress';
import { parseImageInspectOutput, parseImageListOutput } from '../../../src/docker/localImage';
import { parsePodmanImageList } from '../../../src/docker/podmanImageList';
import { PushOutputParser, type PushLineParser } from '../../../src/docker/pushProgress';
import { LineSplitter } from '../../../src/process/lineSplitter';
import { fakeCli, readCaptured } from '../fakeCli/paths';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** Lines as runAsync delivers them: through the LineSplitter, which ends a line at \r\n, \n or \r. */
function lines(text: string): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter((line) => out.push(line));
  splitter.push(text);
  splitter.end();
  return out;
}

function feedAll(parser: PushLineParser, text: string, stream: 'stdout' | 'stderr'): PushLineParser {
  for (const line of lines(text)) parser.feed(line, stream);
  return parser;
}

const WINDOWS_CONFIG = 'C:\\Users\\Zoë Müller\\AppData\\Roaming\\Code\\User\\globalStorage\\ecr-push.ecr-push\\docker-config\\9f1c';
const MAC_CONFIG = '/Users/zoë müller/Library/Application Support/Code/User/globalStorage/ecr-push.ecr-push/docker-config/9f1c';

describe('CRLF output in every parser', () => {
  it('docker image ls and image inspect', () => {
    for (const file of ['image-ls.jsonl', 'image-ls-digests-after-push.jsonl']) {
      assert.deepStrictEqual(parseImageListOutput(crlf(readCaptured(file))), parseImageListOutput(readCaptured(file)));
    }
    assert.deepStrictEqual(
      parseImageInspectOutput(crlf(readCaptured('image-inspect.json'))),
      parseImageInspectOutput(readCaptured('image-inspect.json')),
    );
  });

  it('docker, podman and nerdctl push output, progress and digest alike', () => {
    const pairs: Array<[() => PushLineParser, string, 'stdout' | 'stderr']> = [
      [() => new PushOutputParser(), 'push-multi-first.stdout.txt', 'stdout'],
      [() => new PushOutputParser(), 'push-multi-seven.stdout.txt', 'stdout'],
      [() => new PodmanPushOutputParser(), 'podman/push-multi-first.stderr.txt', 'stderr'],
      [() => new NerdctlPushOutputParser(), 'nerdctl/push.stdout.txt', 'stdout'],
      [() => new NerdctlPushOutputParser(), 'nerdctl/push.stderr.txt', 'stderr'],
    ];
    for (const [make, file, stream] of pairs) {
      const lf = feedAll(make(), readCaptured(file), stream);
      const windows = feedAll(make(), crlf(readCaptured(file)), stream);
      assert.deepStrictEqual([windows.progress, windows.digest], [lf.progress, lf.digest], file);
    }
    assert.match(feedAll(new PushOutputParser(), crlf(readCaptured('push-multi-first.stdout.txt')), 'stdout').digest ?? '', /^sha256:/);
  });

  it('error texts: classified, and the meaningful line quoted without a stray \\r', () => {
    for (const [file, kind] of [
      ['daemon-down.stderr.txt', 'daemonUnavailable'],
      ['push-no-auth.stderr.txt', 'noBasicAuth'],
      ['login-401.stderr.txt', 'loginFailed'],
      ['podman/remote-down.stderr.txt', 'daemonUnavailable'],
      ['podman/inspect-missing.stderr.txt', 'imageNotFound'],
      ['nerdctl/version-containerd-down.stderr.txt', 'daemonUnavailable'],
      ['finch/push-vm-stopped.stderr.txt', 'daemonUnavailable'],
    ] as const) {
      const text = crlf(readCaptured(file));
      assert.strictEqual(classifyDockerOutput(text), kind, file);
      assert.ok(!new DockerError(kind, 'push', text).message.includes('\r'), file);
    }
  });

  it('version output of each engine, and podman’s image list', () => {
    for (const file of [
      'version.json',
      'podman/version.json',
      'podman/remote-version.json',
      'nerdctl/version.json',
      'finch/version.json',
    ]) {
      assert.deepStrictEqual(identifyEngine(crlf(readCaptured(file))), identifyEngine(readCaptured(file)), file);
    }
    const now = new Date('2026-11-29T18:30:00Z');
    assert.deepStrictEqual(
      parsePodmanImageList(crlf(readCaptured('podman/images.json')), now),
      parsePodmanImageList(readCaptured('podman/images.json'), now),
    );
  });
});

describe('paths with spaces and non-ASCII user names in every argument builder', () => {
  it('docker: --config takes the folder as one argument, on Windows and macOS alike', () => {
    for (const dir of [WINDOWS_CONFIG, MAC_CONFIG]) {
      assert.deepStrictEqual(loginArgs('123456789012.dkr.ecr.eu-central-1.amazonaws.com', 'AWS', dir), [
        '--config',
        dir,
        'login',
        '--username',
        'AWS',
        '--password-stdin',
        '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      ]);
      assert.deepStrictEqual(pushArgs('h/team/app:1.0', dir), ['--config', dir, 'push', 'h/team/app:1.0']);
    }
    assert.deepStrictEqual(tagArgs('zoë/app:1', 'h/zoë/app:1'), ['tag', 'zoë/app:1', 'h/zoë/app:1']);
    assert.deepStrictEqual(imageListArgs(), ['image', 'ls', '--digests', '--no-trunc', '--format', '{{json .}}']);
  });

  it('podman, nerdctl, Finch: the auth file, the digest file and DOCKER_CONFIG keep spaces and accents whole', () => {
    const digestFile = path.join(os.tmpdir(), 'ecr push digest ü', 'digest');
    const podmanPush = engineCommands('podman').push('h/app:1', MAC_CONFIG, digestFile);
    assert.deepStrictEqual(podmanPush.args, [
      'push',
      '--authfile',
      path.join(MAC_CONFIG, 'config.json'),
      '--digestfile',
      digestFile,
      'h/app:1',
    ]);
    for (const kind of ['nerdctl', 'finch'] as const) {
      assert.deepStrictEqual(engineCommands(kind).login('h', 'AWS', WINDOWS_CONFIG).env, { DOCKER_CONFIG: WINDOWS_CONFIG });
    }
  });
});

describe('a private login folder under a path with spaces and a non-ASCII user name, for real', function () {
  this.timeout(20000);
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'Zoë Müller '));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is made, logged in through the CLI (docker and podman shapes), and found logged in', async () => {
    const root = path.join(home, 'Application Support', 'docker-config');
    for (const engine of ['docker', 'podman'] as const) {
      const dir = privateDockerConfigDir(root, `identity of ${engine}`);
      preparePrivateDockerConfig(dir, 'h:5000', path.join(home, '.docker'));
      const log = path.join(home, `${engine} calls.jsonl`);
      const scenario = path.join(home, `${engine} scenario.json`);
      fs.writeFileSync(
        scenario,
        JSON.stringify({ login: { stdout: engine === 'podman' ? 'podman/login-ok.stdout.txt' : 'login-ok.stdout.txt' } }),
      );
      const cli = new DockerCli({
        executable: fakeCli('fake-docker.js'),
        env: { FAKE_DOCKER_LOG: log, FAKE_DOCKER_SCENARIO: scenario, FAKE_DOCKER_ENGINE: engine },
        engine,
      });
      await cli.login('h:5000', 'AWS', 'pässwörd with spaces', dir);
      assert.ok(hasLogin(dir, 'h:5000', { username: 'AWS', password: 'pässwörd with spaces' }), engine);
      const [call] = fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { argv: string[]; stdin: string });
      assert.ok(call.argv.includes(engine === 'podman' ? path.join(dir, 'config.json') : dir), call.argv.join(' | '));
      assert.strictEqual(call.stdin, 'pässwörd with spaces');
    }
  });

  it('lists images from CRLF output streamed by the CLI', async () => {
    const listing = path.join(home, 'image ls.jsonl');
    fs.writeFileSync(listing, crlf(readCaptured('image-ls.jsonl')));
    const scenario = path.join(home, 'scenario.json');
    fs.writeFileSync(scenario, JSON.stringify({ 'image ls': { stdout: listing } }));
    const cli = new DockerCli({ executable: fakeCli('fake-docker.js'), env: { FAKE_DOCKER_SCENARIO: scenario }, engine: 'docker' });
    const images = await cli.listImages({ includeDangling: true });
    assert.deepStrictEqual(images, parseImageListOutput(readCaptured('image-ls.jsonl')));
  });
});
