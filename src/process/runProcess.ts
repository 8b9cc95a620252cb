import * as cp from 'child_process';
import { BoundedText } from './boundedText';
import { LineSplitter } from './lineSplitter';
import { ExecutableNotFoundError, ProcessCancelledError, ProcessError, ProcessExitError, ProcessTimeoutError } from './processErrors';
import { killProcessTree, startsOwnProcessGroup } from './processTree';
import { resolveExecutable } from './resolveExecutable';

/** What to run. `input` is written to the child's stdin (the only place a secret may go). */
export interface CommandLine {
  readonly command: string;
  readonly args: readonly string[];
  readonly input?: string;
}

/** The result of a run that exited with code 0 (stderr may still hold warnings). */
export interface ProcessOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Options shared by both runners. `env` replaces the environment, as in `child_process`. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** How much of each stream runAsync keeps: the tail, where errors are. */
const CAPTURE_LIMIT_CHARS = 256 * 1024;
/** Default time between SIGTERM and SIGKILL when a run is cancelled or times out. */
const DEFAULT_KILL_GRACE_MS = 2000;
/** After 'exit', how long to wait for the pipes to close (a grandchild may hold them) before closing them ourselves. */
const PIPE_DRAIN_MS = 1000;
/** spawnSync output limit; short commands print far less, but an overflow must not look like success. */
const SYNC_MAX_BUFFER = 16 * 1024 * 1024;

/** What `spawnSync` returned, as plain data that can cross from a worker thread. */
export interface SyncSpawnOutcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: { readonly code?: string; readonly message: string };
}

/** The `spawnSync` call itself, for an executable already resolved: no shell, SIGKILL at the timeout. */
export function spawnSyncOutcome(resolved: string, cmd: CommandLine, options: RunOptions & { timeoutMs: number }): SyncSpawnOutcome {
  const result = cp.spawnSync(resolved, [...cmd.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: cmd.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs,
    // SIGKILL: spawnSync waits for the child to die, and a child ignoring SIGTERM would block us forever.
    killSignal: 'SIGKILL',
    maxBuffer: SYNC_MAX_BUFFER,
    shell: false,
    windowsHide: true,
  });
  const outcome = { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  return result.error
    ? { ...outcome, error: { code: (result.error as NodeJS.ErrnoException).code, message: result.error.message } }
    : outcome;
}

/**
 * Exit 0 → the output, even with text on stderr (docker prints warnings there); anything else → the
 * same typed errors as {@link runAsync}.
 */
export function syncOutcomeToOutput(cmd: CommandLine, resolved: string, outcome: SyncSpawnOutcome, timeoutMs: number): ProcessOutput {
  const { stdout, stderr, error } = outcome;
  if (error) {
    if (error.code === 'ETIMEDOUT') {
      throw new ProcessTimeoutError(cmd.command, cmd.args, timeoutMs, stdout, stderr);
    }
    const notFound = spawnErrorToNotFound(cmd, resolved, error);
    if (notFound) {
      throw notFound;
    }
    // EPIPE: the child exited without reading stdin; its exit status still tells the story.
    if (error.code !== 'EPIPE' || (outcome.status === null && outcome.signal === null)) {
      throw new ProcessError(`Could not run '${cmd.command}': ${error.message}`, cmd.command, cmd.args);
    }
  }
  if (outcome.status !== 0) {
    throw new ProcessExitError(cmd.command, cmd.args, outcome.status, outcome.signal, stdout, stderr);
  }
  return { stdout, stderr, exitCode: 0 };
}

/**
 * Runs a long or asynchronous command with `spawn`, no shell, streaming each complete line to `onLine`.
 *
 * - Lines are split across chunk boundaries; `\r\n`, `\n` and a lone `\r` end a line; no terminator is included.
 * - Every line has been delivered before the promise settles (it settles on 'close', after the pipes drained).
 * - `signal` aborts: SIGTERM to the process tree, SIGKILL after `killGraceMs` (Windows: taskkill /T /F); rejects with
 *   ProcessCancelledError once the child is gone. An already-aborted signal spawns nothing.
 * - `timeoutMs` does the same and rejects with ProcessTimeoutError.
 * - stdout/stderr captures keep the last {@link CAPTURE_LIMIT_CHARS} characters each.
 */
export function runAsync(
  cmd: CommandLine,
  options: RunOptions & {
    signal?: AbortSignal;
    timeoutMs?: number;
    killGraceMs?: number;
    onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  },
): Promise<ProcessOutput> {
  return new Promise<ProcessOutput>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(new ProcessCancelledError(cmd.command, cmd.args));
      return;
    }
    const env = options.env ?? process.env;
    let resolved: string;
    try {
      resolved = resolveExecutable(cmd.command, cmd.args, env, options.cwd);
    } catch (err) {
      reject(err);
      return;
    }

    const useProcessGroup = startsOwnProcessGroup();
    let child: cp.ChildProcess;
    try {
      child = cp.spawn(resolved, [...cmd.args], {
        cwd: options.cwd,
        env,
        stdio: [cmd.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
        // Own process group, so cancel can kill the whole tree with one kill(-pid).
        detached: useProcessGroup,
        shell: false,
        windowsHide: true,
      });
    } catch (err) {
      reject(spawnErrorToNotFound(cmd, resolved, err) ?? toProcessError(cmd, err));
      return;
    }

    const stdout = new BoundedText(CAPTURE_LIMIT_CHARS);
    const stderr = new BoundedText(CAPTURE_LIMIT_CHARS);
    const deliver = (stream: 'stdout' | 'stderr') => (line: string) => {
      try {
        options.onLine?.(line, stream);
      } catch {
        // A failing listener must not break the run or lose the process.
      }
    };
    const splitters = { stdout: new LineSplitter(deliver('stdout')), stderr: new LineSplitter(deliver('stderr')) };
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      stdout.append(text);
      splitters.stdout.push(text);
    });
    child.stderr!.on('data', (text: string) => {
      stderr.append(text);
      splitters.stderr.push(text);
    });

    if (cmd.input !== undefined && child.stdin) {
      // EPIPE when the child exits without reading: its exit code is what matters.
      child.stdin.on('error', () => undefined);
      child.stdin.end(cmd.input);
    }

    let ending: 'cancelled' | 'timeout' | undefined;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let spawnError: Error | undefined;

    const kill = (sig: NodeJS.Signals) => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      // The whole tree: docker may have started a credential helper that would outlive it.
      killProcessTree(child.pid, sig);
    };
    const stop = (why: 'cancelled' | 'timeout') => {
      if (ending || settled) {
        return;
      }
      ending = why;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => stop('timeout'), options.timeoutMs);
    }

    const cleanup = () => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      clearTimeout(timeoutTimer);
    };

    child.on('error', (err) => {
      // 'error' without a pid: spawn itself failed; 'close' still follows in Node 20.
      spawnError = err;
      if (child.pid === undefined) {
        cleanup();
        reject(spawnErrorToNotFound(cmd, resolved, err) ?? toProcessError(cmd, err));
      }
    });
    child.on('exit', () => {
      // 'close' waits for the pipes; a grandchild that inherited them could hold them open forever.
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_DRAIN_MS);
    });
    child.on('close', (code: number | null, sig: NodeJS.Signals | null) => {
      if (settled) {
        return;
      }
      cleanup();
      splitters.stdout.end();
      splitters.stderr.end();
      if (useProcessGroup && ending && child.pid !== undefined) {
        // The leader is reaped; make sure nothing it started survives a cancel.
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Group already empty.
        }
      }
      const out = stdout.toString();
      const err = stderr.toString();
      if (ending === 'cancelled') {
        reject(new ProcessCancelledError(cmd.command, cmd.args));
      } else if (ending === 'timeout') {
        reject(new ProcessTimeoutError(cmd.command, cmd.args, options.timeoutMs ?? 0, out, err));
      } else if (spawnError && code === null && sig === null) {
        reject(toProcessError(cmd, spawnError));
      } else if (code !== 0) {
        reject(new ProcessExitError(cmd.command, cmd.args, code, sig, out, err));
      } else {
        resolve({ stdout: out, stderr: err, exitCode: 0 });
      }
    });
  });
}

function spawnErrorToNotFound(cmd: CommandLine, resolved: string, err: unknown): ExecutableNotFoundError | undefined {
  switch ((err as { code?: string } | undefined)?.code) {
    case 'ENOENT':
      return new ExecutableNotFoundError(cmd.command, cmd.args, 'notFound', resolved);
    case 'EACCES':
      return new ExecutableNotFoundError(cmd.command, cmd.args, 'notExecutable', resolved);
    case 'EISDIR':
      return new ExecutableNotFoundError(cmd.command, cmd.args, 'isDirectory', resolved);
    default:
      return undefined;
  }
}

function toProcessError(cmd: CommandLine, err: unknown): ProcessError {
  const message = err instanceof Error ? err.message : String(err);
  return new ProcessError(`Could not run '${cmd.command}': ${message}`, cmd.command, cmd.args);
}
