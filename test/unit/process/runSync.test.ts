import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExecutableNotFoundError, ProcessExitError, ProcessTimeoutError } from '../../../src/process/processErrors';
import { runSync } from '../../../src/process/runProcess';
import { fakeCli } from '../fakeCli/paths';

describe('runSync', function () {
  this.timeout(20000);

  it('passes input on stdin only, never in argv', () => {
    const secret = 'p4ss-Word!with spaces';
    const out = runSync({ command: fakeCli('stdin.js'), args: ['0', '--password-stdin'], input: secret }, { timeoutMs: 15000 });
    const seen = JSON.parse(out.stdout) as { argv: string[]; stdin: string };
    assert.strictEqual(seen.stdin, secret);
    assert.deepStrictEqual(seen.argv, ['0', '--password-stdin']);
    assert.ok(!seen.argv.some((a) => a.includes(secret)));
  });

  it('treats exit 0 with warnings on stderr as success', () => {
    const out = runSync({ command: fakeCli('stdin.js'), args: ['0'] }, { timeoutMs: 15000 });
    assert.strictEqual(out.exitCode, 0);
    assert.match(out.stderr, /WARNING! this is only a warning/);
  });

  it('throws ProcessExitError with code, stdout and stderr on a non-zero exit', () => {
    assert.throws(
      () =>
        runSync(
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

  it('kills the child and throws ProcessTimeoutError when the timeout passes', () => {
    assert.throws(
      () => runSync({ command: fakeCli('sleeper.js'), args: ['--ignore-term'] }, { timeoutMs: 500 }),
      (err: unknown) => {
        assert.ok(err instanceof ProcessTimeoutError);
        assert.strictEqual(err.timeoutMs, 500);
        assert.match(err.stdout, /^pid \d+/);
        const pid = Number(/^pid (\d+)/.exec(err.stdout)![1]);
        assert.ok(!fs.existsSync(`/proc/${pid}`), 'the timed-out child is gone');
        return true;
      },
    );
  });

  it('names a missing executable and says it is not on PATH', () => {
    assert.throws(
      () => runSync({ command: 'no-such-docker-cli-xyz', args: ['version'] }, { timeoutMs: 1000 }),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError &&
        err.problem === 'notFound' &&
        /'no-such-docker-cli-xyz'.*not found on PATH/.test(err.message),
    );
  });

  it('says so when the configured path is a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runsync-'));
    try {
      assert.throws(
        () => runSync({ command: dir, args: [] }, { timeoutMs: 1000 }),
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
});
