import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExecutableNotFoundError, ProcessCancelledError, ProcessExitError, ProcessTimeoutError } from '../../../src/process/processErrors';
import type { ProcessTreeHost } from '../../../src/process/processTree';
import { runAsync } from '../../../src/process/runProcess';
import { fakeCli } from '../fakeCli/paths';
import { processExists, processRunning, waitFor } from './helpers';

type Line = [string, 'stdout' | 'stderr'];

/** Starts fakeCli/sleeper.js, resolves with the pids it prints, aborts when told. */
function startSleeper(flags: string[], killGraceMs?: number, processTree?: ProcessTreeHost) {
  const controller = new AbortController();
  const pids: Record<string, number> = {};
  const lines: string[] = [];
  let expect = flags.includes('--grandchild') ? 2 : 1;
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  const run = runAsync(
    { command: fakeCli('sleeper.js'), args: flags },
    {
      signal: controller.signal,
      killGraceMs,
      processTree,
      onLine: (line) => {
        lines.push(line);
        const m = /^(pid|grandchild) (\d+)$/.exec(line);
        if (m) {
          pids[m[1]] = Number(m[2]);
          if (--expect === 0) ready();
        }
      },
    },
  );
  return { controller, pids, lines, started, run };
}

describe('runAsync', function () {
  this.timeout(20000);

  it('streams complete lines from both streams, joining partial chunks, before resolving', async () => {
    const plan = [
      { out: 'The push refers to repo' },
      { waitMs: 30 },
      { out: 'sitory [x]\nab12: Prep' },
      { err: 'warn: one\r' },
      { waitMs: 30 },
      { err: '\n' },
      { out: 'aring\r\n10%\r20%\rlast line without newline' },
    ];
    const lines: Line[] = [];
    const out = await runAsync(
      { command: fakeCli('emit.js'), args: [JSON.stringify(plan)] },
      { onLine: (line, stream) => lines.push([line, stream]) },
    );
    assert.deepStrictEqual(
      lines.filter(([, s]) => s === 'stdout').map(([l]) => l),
      ['The push refers to repository [x]', 'ab12: Preparing', '10%', '20%', 'last line without newline'],
    );
    assert.deepStrictEqual(
      lines.filter(([, s]) => s === 'stderr'),
      [['warn: one', 'stderr']],
    );
    assert.strictEqual(out.exitCode, 0);
    assert.strictEqual(out.stdout, 'The push refers to repository [x]\nab12: Preparing\r\n10%\r20%\rlast line without newline');
    assert.strictEqual(out.stderr, 'warn: one\r\n');
  });

  it('keeps multi-byte characters split across chunks intact', async () => {
    // Over 100 KB of two- and three-byte characters: pipe chunk boundaries fall inside some of them.
    const line = 'Größe: 7.8MB — ok ✓\n';
    const lines: string[] = [];
    await runAsync(
      { command: fakeCli('emit.js'), args: [JSON.stringify([{ out: line, repeat: 5000 }])] },
      { onLine: (l) => lines.push(l) },
    );
    assert.strictEqual(lines.length, 5000);
    assert.ok(lines.every((l) => l === 'Größe: 7.8MB — ok ✓'));
  });

  it('rejects with ProcessExitError carrying code and stderr; lines were still delivered', async () => {
    const lines: string[] = [];
    await assert.rejects(
      runAsync(
        { command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'a: Preparing\n' }, { err: 'no basic auth credentials\n' }]), '1'] },
        { onLine: (l) => lines.push(l) },
      ),
      (err: unknown) =>
        err instanceof ProcessExitError &&
        err.exitCode === 1 &&
        err.stderr === 'no basic auth credentials\n' &&
        err.stdout === 'a: Preparing\n',
    );
    assert.deepStrictEqual(lines, ['a: Preparing', 'no basic auth credentials']);
  });

  it('writes input to stdin and keeps it out of argv', async () => {
    const out = await runAsync({ command: fakeCli('stdin.js'), args: ['0'], input: 'token-value-123' }, {});
    const seen = JSON.parse(out.stdout) as { argv: string[]; stdin: string };
    assert.strictEqual(seen.stdin, 'token-value-123');
    assert.deepStrictEqual(seen.argv, ['0']);
  });

  it('keeps only the last 256 KiB of a large output', async () => {
    const big = 'x'.repeat(1023) + '\n';
    const plan = [{ out: big, repeat: 600 }, { out: 'THE END\n' }];
    const out = await runAsync({ command: fakeCli('emit.js'), args: [JSON.stringify(plan)] }, {});
    assert.strictEqual(out.stdout.length, 256 * 1024);
    assert.ok(out.stdout.endsWith('THE END\n'));
  });

  it('does not spawn anything for an already-aborted signal', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runasync-')), 'spawned');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      runAsync(
        { command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`] },
        { signal: controller.signal },
      ),
      ProcessCancelledError,
    );
    // A spawned node would have written the marker by now if it had been started; give it the chance.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!fs.existsSync(marker));
  });

  it('on abort kills the child and its children and rejects only when the child is gone', async () => {
    const s = startSleeper(['--grandchild']);
    await s.started;
    assert.ok(processRunning(s.pids.pid) && processRunning(s.pids.grandchild));
    s.controller.abort();
    await assert.rejects(s.run, ProcessCancelledError);
    // The direct child is reaped (not even a zombie) by the time the promise settles.
    assert.ok(!processExists(s.pids.pid), 'child still present');
    assert.ok(!fs.existsSync(`/proc/${s.pids.pid}`));
    // The grandchild was in the same process group; it gets no reaper of ours, so wait until it stops running.
    await waitFor(() => !processRunning(s.pids.grandchild));
  });

  it('on abort also kills a descendant that left the process group, as a podman RUN step’s container does', async () => {
    // The grandchild leads a session of its own and, like a container's first process, ignores SIGTERM.
    const s = startSleeper(['--grandchild', '--own-session', '--ignore-term'], 300);
    await s.started;
    assert.ok(processRunning(s.pids.grandchild));
    s.controller.abort();
    await assert.rejects(s.run, ProcessCancelledError);
    await waitFor(() => !processRunning(s.pids.grandchild));
  });

  it('on Windows (platform injected) a cancel ends the tree with taskkill /T /F by its System32 path, not a signal', async () => {
    const ran: string[][] = [];
    const windows: ProcessTreeHost = {
      platform: 'win32',
      env: { SystemRoot: 'C:\\Windows' },
      kill: (pid) => assert.fail(`signalled ${pid}: Windows has no process groups to signal`),
      // Stands in for taskkill: it ends the whole tree, which here is the child's process group.
      spawn: (command, args) => {
        ran.push([command, ...args]);
        process.kill(-Number(args[1]), 'SIGKILL');
      },
    };
    const s = startSleeper(['--grandchild'], 60_000, windows);
    await s.started;
    s.controller.abort();
    await assert.rejects(s.run, ProcessCancelledError);
    assert.deepEqual(ran, [['C:\\Windows\\System32\\taskkill.exe', '/PID', String(s.pids.pid), '/T', '/F']]);
    assert.ok(!processExists(s.pids.pid));
    await waitFor(() => !processRunning(s.pids.grandchild));
  });

  it('escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const s = startSleeper(['--ignore-term', '--grandchild'], 300);
    await s.started;
    s.controller.abort();
    await assert.rejects(s.run, ProcessCancelledError);
    assert.ok(s.lines.includes('ignoring SIGTERM'), 'SIGTERM was sent first');
    assert.ok(!processExists(s.pids.pid));
    await waitFor(() => !processRunning(s.pids.grandchild));
  });

  it('times out with ProcessTimeoutError and kills the child', async () => {
    let pid = 0;
    await assert.rejects(
      runAsync(
        { command: fakeCli('sleeper.js'), args: [] },
        // Long enough for node to start the sleeper and print its pid on a loaded machine: this checks the kill, not the time.
        { timeoutMs: 3_000, killGraceMs: 200, onLine: (l) => (pid = Number(/^pid (\d+)/.exec(l)?.[1] ?? pid)) },
      ),
      (err: unknown) => err instanceof ProcessTimeoutError && err.timeoutMs === 3_000 && /^pid \d+/.test(err.stdout),
    );
    assert.ok(pid > 0 && !processExists(pid));
  });

  it('settles after the child exits even when a grandchild keeps the pipes open', async () => {
    const lines: string[] = [];
    const out = await runAsync({ command: fakeCli('sleeper.js'), args: ['--close-pipes'] }, { onLine: (l) => lines.push(l) });
    assert.strictEqual(out.exitCode, 0);
    const gc = Number(/grandchild (\d+)/.exec(out.stdout)![1]);
    assert.ok(lines.some((l) => l.startsWith('grandchild ')));
    // Clean up the grandchild this test left on purpose.
    process.kill(gc, 'SIGKILL');
    await waitFor(() => !processRunning(gc));
  });

  it('rejects with ExecutableNotFoundError naming the executable', async () => {
    await assert.rejects(
      runAsync({ command: '/nonexistent/bin/docker', args: ['version'] }, {}),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError && err.problem === 'notFound' && err.message.includes('/nonexistent/bin/docker'),
    );
  });

  it('rejects with ExecutableNotFoundError when the file is not executable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runasync-'));
    const file = path.join(dir, 'docker');
    fs.writeFileSync(file, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    try {
      await assert.rejects(
        runAsync({ command: file, args: [] }, {}),
        (err: unknown) =>
          err instanceof ExecutableNotFoundError &&
          err.problem === 'notExecutable' &&
          /not executable/.test(err.message) &&
          err.message.includes(file),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
