import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ExecutableNotFoundError,
  ProcessCancelledError,
  ProcessError,
  ProcessExitError,
  ProcessTimeoutError,
} from '../../../src/process/processErrors';
import { ShortCommandProcess } from '../../../src/process/ShortCommandProcess';
import { fakeCli } from '../fakeCli/paths';
import { isAlive } from './helpers';

/** True while a sleeper.js child started by this test process's helpers is still running (Linux /proc). */
function sleepersRunning(): boolean {
  return fs.readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('sleeper.js');
    } catch {
      return false;
    }
  });
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many times a 5 ms interval fired while `body` ran: 0 means the event loop was blocked throughout. */
async function ticksDuring(body: () => unknown): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe('ShortCommandProcess (spawnSync for login and tag, in a helper process off the extension host thread)', function () {
  this.timeout(20000);
  let thread: ShortCommandProcess;
  beforeEach(() => (thread = new ShortCommandProcess()));
  afterEach(() => thread.dispose());

  it('passes input on stdin only, never in argv', async () => {
    const secret = 'p4ss-Word!with spaces';
    const out = await thread.run({ command: fakeCli('stdin.js'), args: ['0', '--password-stdin'], input: secret }, { timeoutMs: 15000 });
    const seen = JSON.parse(out.stdout) as { argv: string[]; stdin: string };
    assert.strictEqual(seen.stdin, secret);
    assert.deepStrictEqual(seen.argv, ['0', '--password-stdin']);
    assert.ok(!seen.argv.some((a) => a.includes(secret)));
  });

  it('treats exit 0 with warnings on stderr as success', async () => {
    const out = await thread.run({ command: fakeCli('stdin.js'), args: ['0'] }, { timeoutMs: 15000 });
    assert.strictEqual(out.exitCode, 0);
    assert.match(out.stderr, /WARNING! this is only a warning/);
  });

  it('gives the child the environment it was asked to', async () => {
    const out = await thread.run(
      { command: fakeCli('stdin.js'), args: ['0'] },
      { timeoutMs: 15000, env: { ...process.env, DOCKER_HOST: 'unix:///tmp/thread-test.sock' } },
    );
    assert.strictEqual((JSON.parse(out.stdout) as { dockerHost?: string }).dockerHost, 'unix:///tmp/thread-test.sock');
  });

  it('keeps the event loop turning while the child runs, where spawnSync in the same thread blocks it', async () => {
    const slowChild = { command: fakeCli('emit.js'), args: [JSON.stringify([{ waitMs: 600 }, { out: 'done\n' }])] };
    const onThread = await ticksDuring(() => thread.run(slowChild, { timeoutMs: 15000 }));
    const inline = await ticksDuring(() => spawnSync(slowChild.command, slowChild.args, { timeout: 15000 }));
    assert.strictEqual(inline, 0, 'spawnSync blocks the thread it runs on');
    assert.ok(onThread >= 20, `the loop ran only ${onThread} times in 600 ms of child`);
  });

  it('throws ProcessExitError with code, stdout and stderr on a non-zero exit', async () => {
    await assert.rejects(
      thread.run(
        { command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'partial\n' }, { err: 'Error: boom\n' }]), '3'] },
        { timeoutMs: 15000 },
      ),
      (err: unknown) => {
        assert.ok(err instanceof ProcessExitError);
        assert.strictEqual(err.exitCode, 3);
        assert.strictEqual(err.stdout, 'partial\n');
        assert.strictEqual(err.stderr, 'Error: boom\n');
        assert.match(err.message, /exited with code 3: Error: boom/);
        return true;
      },
    );
  });

  it('kills the child at the timeout and throws ProcessTimeoutError', async () => {
    // Long enough for node to start the sleeper and print its pid even on a busy machine.
    await assert.rejects(thread.run({ command: fakeCli('sleeper.js'), args: ['--ignore-term'] }, { timeoutMs: 3000 }), (err: unknown) => {
      assert.ok(err instanceof ProcessTimeoutError);
      assert.strictEqual(err.timeoutMs, 3000);
      assert.match(err.stdout, /^pid \d+/);
      const pid = Number(/^pid (\d+)/.exec(err.stdout)![1]);
      assert.ok(!fs.existsSync(`/proc/${pid}`), 'the timed-out child is gone');
      return true;
    });
  });

  it('names a missing executable and says it is not on PATH, without starting a helper', async () => {
    await assert.rejects(
      thread.run({ command: 'no-such-docker-cli-xyz', args: ['tag'] }, { timeoutMs: 1000 }),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError &&
        err.problem === 'notFound' &&
        /'no-such-docker-cli-xyz'.*not found on PATH/.test(err.message),
    );
    assert.strictEqual(thread.running, false);
  });

  it('says so when the configured path is a directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-thread-'));
    try {
      await assert.rejects(
        thread.run({ command: dir, args: [] }, { timeoutMs: 1000 }),
        (err: unknown) =>
          err instanceof ExecutableNotFoundError &&
          err.problem === 'isDirectory' &&
          err.message.includes(dir) &&
          /is a directory/.test(err.message),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers concurrent requests each with its own output', async () => {
    const outputs = await Promise.all(
      ['a', 'b', 'c'].map((word) =>
        thread.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: `${word}\n` }])] }, { timeoutMs: 15000 }),
      ),
    );
    assert.deepStrictEqual(
      outputs.map((o) => o.stdout),
      ['a\n', 'b\n', 'c\n'],
    );
  });

  it('stops the helper when idle and starts a new one for the next command', async () => {
    const quick = new ShortCommandProcess({ idleStopMs: 50 });
    try {
      await quick.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'one\n' }])] }, { timeoutMs: 15000 });
      assert.strictEqual(quick.running, true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(quick.running, false, 'the idle helper stopped');
      const again = await quick.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'two\n' }])] }, { timeoutMs: 15000 });
      assert.strictEqual(again.stdout, 'two\n');
    } finally {
      quick.dispose();
    }
  });

  it('fails a command whose helper dies with a ProcessError, and recovers on the next one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'short-helper-'));
    const dying = path.join(dir, 'dying-helper.js');
    // A helper that dies on its first message, then (once the flag file exists) behaves.
    fs.writeFileSync(
      dying,
      `
const fs = require('fs');
const flag = ${JSON.stringify(path.join(dir, 'died'))};
process.on('message', (request) => {
  if (!fs.existsSync(flag)) { fs.writeFileSync(flag, ''); process.exit(7); }
  process.send({ id: request.id, outcome: { status: 0, signal: null, stdout: 'recovered', stderr: '' } });
});
process.on('disconnect', () => process.exit(0));`,
    );
    const fragile = new ShortCommandProcess({ helperFile: dying });
    try {
      await assert.rejects(
        fragile.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 }),
        (err: unknown) =>
          err instanceof ProcessError && /helper process for short commands stopped \(it exited with code 7\)/.test(err.message),
      );
      assert.strictEqual((await fragile.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 })).stdout, 'recovered');
    } finally {
      fragile.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cancel ends a command that hangs at once: the helper and the child are killed, and the next command works', async () => {
    const controller = new AbortController();
    const hanging = thread.run(
      { command: fakeCli('sleeper.js'), args: ['--ignore-term'] },
      { timeoutMs: 60_000, signal: controller.signal },
    );
    // The sleeper prints its pid when it starts; wait for the helper to be up and the child running.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const helperPid = thread.pid;
    assert.ok(helperPid, 'the helper runs');
    const started = Date.now();
    controller.abort();
    await assert.rejects(hanging, (err: unknown) => err instanceof ProcessCancelledError);
    assert.ok(Date.now() - started < 2000, 'cancelled without waiting for the 60 s timeout');
    await waitUntil(() => !isAlive(helperPid), 'the helper process is gone');
    await waitUntil(() => !sleepersRunning(), 'the hanging child is gone with it');
    assert.strictEqual(
      (await thread.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'next\n' }])] }, { timeoutMs: 15000 })).stdout,
      'next\n',
    );
  });

  it('an already-cancelled command runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      thread.run({ command: fakeCli('stdin.js'), args: ['0'] }, { timeoutMs: 1000, signal: controller.signal }),
      (err: unknown) => err instanceof ProcessCancelledError,
    );
    assert.strictEqual(thread.running, false, 'no helper was started for it');
  });

  it('refuses new commands after dispose', async () => {
    thread.dispose();
    await assert.rejects(
      thread.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 }),
      (err: unknown) => err instanceof ProcessError && /shutting down/.test(err.message),
    );
  });
});
