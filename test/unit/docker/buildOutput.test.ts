/**
 * The build parser against real output: docker 28's legacy builder and podman 4.3 captured on this
 * machine (capture-build.sh), and BuildKit's plain output reconstructed from its documented format
 * (reconstructed-*.txt; this machine has no buildx, see the captured README).
 */
import * as assert from 'node:assert/strict';
import { BuildOutputParser, type BuildProgress } from '../../../src/docker/buildOutput';
import { readCaptured } from '../fakeCli/paths';

/** Feeds a capture as the CLI printed it: stdout, then stderr. Returns every progress reported. */
function replay(parser: BuildOutputParser, files: { stdout?: string; stderr?: string }): BuildProgress[] {
  const seen: BuildProgress[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const file = files[stream];
    if (!file) continue;
    for (const line of readCaptured(file).split('\n')) {
      if (parser.feed(line, stream) && parser.progress) seen.push(parser.progress);
    }
  }
  return seen;
}

describe('build output parser', () => {
  describe('docker legacy builder (captured)', () => {
    it('reports every step and the built image id, and no failure', () => {
      const parser = new BuildOutputParser();
      const seen = replay(parser, { stdout: 'build-legacy-ok.stdout.txt', stderr: 'build-legacy-ok.stderr.txt' });
      assert.deepEqual(
        seen.map((p) => `${p.step}/${p.total} ${p.instruction}`),
        ['1/4 FROM scratch AS base', '2/4 ARG GREETING=hi', '3/4 LABEL greeting=$GREETING', '4/4 COPY hello.txt /hello.txt'],
      );
      assert.equal(parser.imageId, 'b7295204efef');
      assert.equal(parser.failingStep, undefined);
      assert.deepEqual(parser.failureLines(), [], 'the DEPRECATED notice on stderr is not an error');
    });

    it('follows a multi-stage build to its last stage', () => {
      const parser = new BuildOutputParser();
      const seen = replay(parser, { stdout: 'build-legacy-full.stdout.txt', stderr: 'build-legacy-full.stderr.txt' });
      assert.equal(seen.length, 7);
      assert.deepEqual(parser.progress, { step: 7, total: 7, instruction: 'COPY hello.txt /again.txt' });
    });

    it('a missing COPY source: the failing step and docker’s reason', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stdout: 'build-legacy-copy-missing.stdout.txt', stderr: 'build-legacy-copy-missing.stderr.txt' });
      assert.equal(parser.failingStep, 'Step 3/4 : COPY missing.txt /missing.txt');
      assert.deepEqual(parser.failureLines(), [
        'Step 3/4 : COPY missing.txt /missing.txt',
        'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
      ]);
    });

    it('a RUN that cannot start: the step, its container line and the runtime error', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stdout: 'build-legacy-run-failed.stdout.txt', stderr: 'build-legacy-run-failed.stderr.txt' });
      const lines = parser.failureLines();
      assert.equal(lines[0], 'Step 3/3 : RUN ["/hello.txt"]');
      assert.match(lines[1], /^ ---> Running in [0-9a-f]{12}$/);
      assert.match(lines[2], /^failed to create shim task: .*exec: "\/hello.txt": permission denied/);
      assert.equal(lines.length, 3);
    });

    for (const [file, expected] of [
      ['build-legacy-parse-error', 'Error response from daemon: dockerfile parse error line 2: unknown instruction: FROOM'],
      ['build-legacy-target-missing', 'Error response from daemon: failed to reach build target nosuch in Dockerfile'],
    ] as const) {
      it(`${file}: no step was reached, only the daemon's error`, () => {
        const parser = new BuildOutputParser();
        replay(parser, { stdout: `${file}.stdout.txt`, stderr: `${file}.stderr.txt` });
        assert.equal(parser.failingStep, undefined);
        assert.deepEqual(parser.failureLines(), [expected]);
      });
    }

    it('a missing Dockerfile: the CLI’s own error', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stdout: 'build-legacy-dockerfile-missing.stdout.txt', stderr: 'build-legacy-dockerfile-missing.stderr.txt' });
      assert.equal(parser.failureLines().length, 1);
      assert.match(parser.failureLines()[0], /^unable to prepare context: .*Nope\.Dockerfile: no such file or directory$/);
    });
  });

  describe('podman 4.3 (captured)', () => {
    it('reports STEP n/m and the full image id it prints last', () => {
      const parser = new BuildOutputParser();
      const seen = replay(parser, { stdout: 'build-podman-ok.stdout.txt', stderr: 'build-podman-ok.stderr.txt' });
      assert.deepEqual(
        seen.map((p) => `${p.step}/${p.total}`),
        ['1/4', '2/4', '3/4', '4/4'],
      );
      assert.equal(parser.imageId, '702250499a1e5acb06cf2b26172cb94ef8b977c7ea907609b17f141939138695');
      assert.deepEqual(parser.failureLines(), []);
    });

    it('a missing COPY source: the step and podman’s error', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stdout: 'build-podman-copy-missing.stdout.txt', stderr: 'build-podman-copy-missing.stderr.txt' });
      assert.equal(parser.failingStep, 'STEP 3/4: COPY missing.txt /missing.txt');
      const lines = parser.failureLines();
      assert.equal(lines[0], 'STEP 3/4: COPY missing.txt /missing.txt');
      assert.match(lines[1], /^Error: building at STEP "COPY missing.txt \/missing.txt": .*no such file or directory$/);
    });

    it('an unknown instruction: the step it stopped at and the error line', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stdout: 'build-podman-parse-error.stdout.txt', stderr: 'build-podman-parse-error.stderr.txt' });
      assert.equal(parser.failingStep, 'STEP 2/2: FROOM scratch');
      assert.ok(
        parser.failureLines().some((line) => line.startsWith('Error: building at STEP "FROOM ": Build error: Unknown instruction')),
      );
    });
  });

  describe('BuildKit plain progress (reconstructed from the documented format)', () => {
    it('reports [n/m] steps with their stage, and the written image id', () => {
      const parser = new BuildOutputParser();
      const seen = replay(parser, { stderr: 'reconstructed-buildkit-ok.stderr.txt' });
      assert.deepEqual(seen, [
        { step: 1, total: 1, instruction: 'COPY hello.txt /hello.txt', stage: 'base' },
        { step: 1, total: 1, instruction: 'COPY hello.txt /again.txt', stage: 'final' },
      ]);
      assert.equal(parser.imageId, 'sha256:b29814cf5792e684cd75d6a7fce7a67a11887e312f87ca2ac2496d81f365ff72');
      assert.deepEqual(parser.failureLines(), []);
    });

    it('the failing vertex: its header, its ERROR, the Dockerfile line and the final error', () => {
      const parser = new BuildOutputParser();
      replay(parser, { stderr: 'reconstructed-buildkit-copy-missing.stderr.txt' });
      assert.equal(parser.failingStep, '#4 [1/2] COPY missing.txt /missing.txt');
      const lines = parser.failureLines();
      assert.equal(lines[0], '#4 [1/2] COPY missing.txt /missing.txt');
      assert.match(lines[1], /^ERROR: failed to calculate checksum of ref .*"\/missing.txt": not found$/);
      assert.ok(lines.includes('3 | >>> COPY missing.txt /missing.txt'));
      assert.match(lines.at(-1) ?? '', /^ERROR: failed to solve: failed to compute cache key/);
      assert.ok(!lines.some((line) => line.includes('[2/2]')), 'the cancelled step is not the failing one');
    });

    it('names the platform and stage of a multi-platform step', () => {
      const parser = new BuildOutputParser();
      const seen = replay(parser, { stderr: 'reconstructed-buildx-push.stderr.txt' });
      assert.deepEqual(
        seen.map((p) => p.stage),
        ['linux/amd64 base', 'linux/arm64 base', 'linux/amd64 final', 'linux/arm64 final'],
      );
      assert.deepEqual(parser.failureLines(), []);
    });
  });

  it('keeps a bounded number of lines for a step that prints a lot', () => {
    const parser = new BuildOutputParser();
    parser.feed('Step 1/1 : RUN ["/noisy"]', 'stdout');
    for (let i = 0; i < 10_000; i++) parser.feed(`line ${i}`, 'stdout');
    parser.feed('it failed', 'stderr');
    const lines = parser.failureLines();
    assert.ok(lines.length <= 25, `${lines.length} lines`);
    assert.equal(lines.at(-2), 'line 9999');
    assert.equal(lines.at(-1), 'it failed');
  });
});
