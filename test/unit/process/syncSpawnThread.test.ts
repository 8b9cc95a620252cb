import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExecutableNotFoundError, ProcessError, ProcessExitError, ProcessTimeoutError } from '../../../src/process/processErrors';
import { SyncSpawnThread } from '../../../src/process/syncSpawnThread';
import { fakeCli } from '../fakeCli/paths';

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

describe('SyncSpawnThread (spawnSync for login and tag, off the extension host thread)', function () {
  this.timeout(20000);
  let thread: SyncSpawnThread;
  beforeEach(() => (thread = new SyncSpawnThread()));
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

  it('names a missing executable and says it is not on PATH, without starting a thread', async () => {
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

  it('stops the thread when idle and starts a new one for the next command', async () => {
    const quick = new SyncSpawnThread({ idleStopMs: 50 });
    try {
      await quick.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'one\n' }])] }, { timeoutMs: 15000 });
      assert.strictEqual(quick.running, true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(quick.running, false, 'the idle thread stopped');
      const again = await quick.run({ command: fakeCli('emit.js'), args: [JSON.stringify([{ out: 'two\n' }])] }, { timeoutMs: 15000 });
      assert.strictEqual(again.stdout, 'two\n');
    } finally {
      quick.dispose();
    }
  });

  it('fails a command whose thread dies with a ProcessError, and recovers on the next one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-thread-'));
    const dying = path.join(dir, 'dying-worker.js');
    // A worker that dies on its first message, then (once the flag file exists) behaves.
    fs.writeFileSync(
      dying,
      `
const fs = require('fs');
const { parentPort } = require('worker_threads');
const flag = ${JSON.stringify(path.join(dir, 'died'))};
parentPort.on('message', (request) => {
  if (!fs.existsSync(flag)) { fs.writeFileSync(flag, ''); process.exit(7); }
  parentPort.postMessage({ id: request.id, outcome: { status: 0, signal: null, stdout: 'recovered', stderr: '' } });
});`,
    );
    const fragile = new SyncSpawnThread({ workerFile: dying });
    try {
      await assert.rejects(
        fragile.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 }),
        (err: unknown) =>
          err instanceof ProcessError && /helper thread for short commands stopped \(it exited with code 7\)/.test(err.message),
      );
      assert.strictEqual((await fragile.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 })).stdout, 'recovered');
    } finally {
      fragile.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses new commands after dispose', async () => {
    thread.dispose();
    await assert.rejects(
      thread.run({ command: fakeCli('emit.js'), args: [] }, { timeoutMs: 1000 }),
      (err: unknown) => err instanceof ProcessError && /shutting down/.test(err.message),
    );
  });
});
