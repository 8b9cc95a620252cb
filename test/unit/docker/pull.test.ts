/**
 * `docker pull` as the extension runs it: the argument array, the progress read from real captured
 * non-TTY output, the failures classified from real stderr, and DockerCli.pull streaming and
 * cancelling a fake CLI that replays those captures.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerCli } from '../../../src/docker/DockerCli';
import { pullArgs } from '../../../src/docker/dockerArgs';
import { engineCommands } from '../../../src/docker/engineCommands';
import { classifyDockerOutput, DockerError } from '../../../src/docker/dockerErrors';
import { PullOutputParser, type PullProgress } from '../../../src/docker/pullProgress';
import { fakeCli, readCaptured } from '../fakeCli/paths';
import { processExists } from '../process/helpers';

const DIGEST = 'sha256:6d289f70acc2e0d117d7b7071bfc1ef0b4e034d48ce2766217aa1b99cccbfb4e';

function feed(file: string): { parser: PullOutputParser; snapshots: PullProgress[] } {
  const parser = new PullOutputParser();
  const snapshots: PullProgress[] = [];
  for (const line of readCaptured(file).split('\n')) {
    if (parser.feed(line)) {
      snapshots.push(parser.progress);
    }
  }
  return { parser, snapshots };
}

describe('docker pull', () => {
  it('builds pull with --config before the subcommand, and refuses a flag-like reference', () => {
    assert.deepEqual(pullArgs('h/team/app:1.0'), ['pull', 'h/team/app:1.0']);
    assert.deepEqual(pullArgs(`h/team/app@${DIGEST}`, '/cfg'), ['--config', '/cfg', 'pull', `h/team/app@${DIGEST}`]);
    assert.throws(() => pullArgs('--all-tags'), /start with '-'/);
  });

  it('follows a pull by tag: three layers to "Pull complete", the digest and "Downloaded newer image"', () => {
    const { parser, snapshots } = feed('pull-tag.stdout.txt');
    assert.deepEqual(Object.fromEntries(parser.progress.layers), {
      '220242a301b7': 'complete',
      bd4009991ff8: 'complete',
      '6df59af6483a': 'complete',
    });
    assert.equal(parser.digest, DIGEST);
    assert.equal(parser.status, 'Downloaded newer image for 127.0.0.1:5055/team/pull:1.0');
    assert.equal(parser.upToDate, false);
    // Counts only go up, and end at 3 of 3.
    const done = snapshots.map((s) => s.done);
    assert.deepEqual(
      done,
      [...done].sort((a, b) => a - b),
    );
    assert.deepEqual([parser.progress.done, parser.progress.total], [3, 3]);
  });

  it('reads a pull by digest, and a pull of an image that is already there', () => {
    assert.equal(feed('pull-digest.stdout.txt').parser.digest, DIGEST);
    const again = feed('pull-again.stdout.txt').parser;
    assert.equal(again.upToDate, true);
    assert.equal(again.progress.total, 0);
    assert.equal(again.digest, DIGEST);
  });

  it('classifies what a failed pull prints', () => {
    assert.equal(classifyDockerOutput(readCaptured('pull-missing-tag.stderr.txt')), 'manifestNotFound');
    assert.equal(classifyDockerOutput(readCaptured('pull-no-repository.stderr.txt')), 'repositoryNotFound');
    assert.equal(classifyDockerOutput(readCaptured('pull-no-auth.stderr.txt')), 'noBasicAuth');
  });

  it('every engine pulls through the login folder its push uses', () => {
    const privateDir = path.join(os.tmpdir(), 'ecr push', 'cfg');
    assert.deepEqual(engineCommands('docker').pull('h/r:1', privateDir), { args: ['--config', privateDir, 'pull', 'h/r:1'] });
    assert.deepEqual(engineCommands('podman').pull('h/r:1', privateDir), {
      args: ['pull', '--authfile', path.join(privateDir, 'config.json'), 'h/r:1'],
    });
    for (const kind of ['nerdctl', 'finch'] as const) {
      assert.deepEqual(engineCommands(kind).pull('h/r:1', privateDir), { args: ['pull', 'h/r:1'], env: { DOCKER_CONFIG: privateDir } });
    }
    for (const kind of ['docker', 'podman', 'nerdctl', 'finch'] as const) {
      assert.throws(() => engineCommands(kind).pull('--all-tags', privateDir), /must not be empty or start with '-'/);
    }
  });

  describe('DockerCli.pull against a fake CLI', function () {
    this.timeout(20_000);
    let dir: string;

    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-pull-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function cli(scenario: Record<string, unknown>): DockerCli {
      const scenarioFile = path.join(dir, 'scenario.json');
      fs.writeFileSync(scenarioFile, JSON.stringify(scenario));
      return new DockerCli({
        executable: fakeCli('fake-docker.js'),
        env: { FAKE_DOCKER_LOG: path.join(dir, 'calls.jsonl'), FAKE_DOCKER_SCENARIO: scenarioFile },
        // Pinned, so the only call in the log is the pull (no version call to identify the engine).
        engine: 'docker',
      });
    }

    it('streams every line and the layer progress, and returns the digest', async () => {
      const lines: string[] = [];
      const progress: PullProgress[] = [];
      const result = await cli({ pull: { stdout: 'pull-tag.stdout.txt' } }).pull('127.0.0.1:5055/team/pull:1.0', {
        configDir: '/priv/cfg',
        onLine: (line) => lines.push(line),
        onProgress: (p) => progress.push(p),
      });
      assert.equal(result.digest, DIGEST);
      assert.equal(result.upToDate, false);
      assert.deepEqual(lines, readCaptured('pull-tag.stdout.txt').trimEnd().split('\n'));
      assert.equal(progress.at(-1)?.done, 3);
      const call = JSON.parse(fs.readFileSync(path.join(dir, 'calls.jsonl'), 'utf8').trim()) as { argv: string[] };
      assert.deepEqual(call.argv, ['--config', '/priv/cfg', 'pull', '127.0.0.1:5055/team/pull:1.0']);
    });

    it('fails with manifestNotFound for a tag the registry does not have', async () => {
      await assert.rejects(
        cli({ pull: { stderr: 'pull-missing-tag.stderr.txt', exit: 1 } }).pull('127.0.0.1:5055/team/pull:nope', {}),
        (error: unknown) => error instanceof DockerError && error.kind === 'manifestNotFound' && error.operation === 'pull',
      );
    });

    it('cancels: the docker process is gone and the error says cancelled', async () => {
      const controller = new AbortController();
      let pid = 0;
      const pulling = cli({ pull: { hang: true } }).pull('h/x:1', {
        signal: controller.signal,
        onLine: (line) => {
          pid = Number(/^pid (\d+)$/.exec(line)?.[1] ?? pid);
          controller.abort();
        },
      });
      await assert.rejects(pulling, (error: unknown) => error instanceof DockerError && error.kind === 'cancelled');
      assert.ok(pid > 0);
      assert.equal(processExists(pid), false);
    });
  });
});
