import * as cp from 'child_process';
import { BoundedText } from './boundedText';
import { LineSplitter } from './lineSplitter';
import { ExecutableNotFoundError, ProcessCancelledError, ProcessError, ProcessExitError, ProcessTimeoutError } from './processErrors';
import { escapedDescendants, killProcessTree, signalEach, startsOwnProcessGroup, type ProcessTreeHost } from './processTree';
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
export function runAsync(cmd: CommandLine, options: AsyncRunOptions): Promise<ProcessOutput> {
  return new Promise<ProcessOutput>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ProcessCancelledError(cmd.command, cmd.args));
      return;
    }
    const env = options.env ?? process.env;
    let resolved: string;
    let child: cp.ChildProcess;
    try {
      resolved = resolveExecutable(cmd.command, cmd.args, env, options.cwd);
    } catch (err) {
      reject(err);
      return;
    }
    try {
      child = cp.spawn(resolved, [...cmd.args], {
        cwd: options.cwd,
        env,
        stdio: [cmd.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
        // Its own process group, so a cancel reaches the whole tree with one kill.
        detached: startsOwnProcessGroup(),
        shell: false,
        windowsHide: true,
      });
    } catch (err) {
      reject(spawnErrorToNotFound(cmd, resolved, err) ?? toProcessError(cmd, err));
      return;
    }
    const output = captureOutput(child, options.onLine);
    if (cmd.input !== undefined && child.stdin) {
      // EPIPE when the child exits without reading: its exit code is what matters.
      child.stdin.on('error', () => undefined);
      child.stdin.end(cmd.input);
    }
    const stopper = new Stopper(child, options);
    let spawnError: Error | undefined;
    let settled = false;
    const settle = (outcome: () => ProcessOutput): void => {
      settled = true;
      stopper.dispose();
      try {
        resolve(outcome());
      } catch (err) {
        reject(err);
      }
    };

    child.on('error', (err) => {
      // 'error' without a pid: spawn itself failed; 'close' still follows in Node 20.
      spawnError = err;
      if (child.pid === undefined) {
        settle(() => {
          throw spawnErrorToNotFound(cmd, resolved, err) ?? toProcessError(cmd, err);
        });
      }
    });
    child.on('exit', () => {
      // 'close' waits for the pipes; a grandchild that inherited them could hold them open forever.
      stopper.closePipesSoon();
    });
    child.on('close', (code: number | null, sig: NodeJS.Signals | null) => {
      if (!settled) {
        output.end();
        stopper.reapGroup();
        settle(() => outcomeOf(cmd, options, stopper.ending, spawnError, code, sig, output.stdout(), output.stderr()));
      }
    });
  });
}

export type AsyncRunOptions = RunOptions & {
  signal?: AbortSignal;
  timeoutMs?: number;
  killGraceMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How a cancel or timeout ends the tree (default: this machine). Injected to test Windows' taskkill path anywhere. */
  processTree?: ProcessTreeHost;
};

/** Keeps the tail of each stream and hands every complete line to `onLine` as it arrives. */
function captureOutput(child: cp.ChildProcess, onLine: AsyncRunOptions['onLine']) {
  const captured = { stdout: new BoundedText(CAPTURE_LIMIT_CHARS), stderr: new BoundedText(CAPTURE_LIMIT_CHARS) };
  const deliver = (stream: 'stdout' | 'stderr') => (line: string) => {
    try {
      onLine?.(line, stream);
    } catch {
      // A failing listener must not break the run or lose the process.
    }
  };
  const splitters = { stdout: new LineSplitter(deliver('stdout')), stderr: new LineSplitter(deliver('stderr')) };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]!.setEncoding('utf8');
    child[stream]!.on('data', (text: string) => {
      captured[stream].append(text);
      splitters[stream].push(text);
    });
  }
  return {
    stdout: () => captured.stdout.toString(),
    stderr: () => captured.stderr.toString(),
    /** Delivers a last line that had no terminator. */
    end: () => {
      splitters.stdout.end();
      splitters.stderr.end();
    },
  };
}

/**
 * Ends a run early, for a cancel or a timeout: SIGTERM to the process tree, SIGKILL after the grace
 * period. Remembers why, so the outcome can say so.
 */
class Stopper {
  ending: 'cancelled' | 'timeout' | undefined;
  /** Descendants outside the child's process group, read when the stop began (processTree.ts). */
  private escaped: number[] = [];
  private killTimer: NodeJS.Timeout | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly timeoutTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.stop('cancelled');

  constructor(
    private readonly child: cp.ChildProcess,
    private readonly options: AsyncRunOptions,
  ) {
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      this.timeoutTimer = setTimeout(() => this.stop('timeout'), options.timeoutMs);
    }
  }

  closePipesSoon(): void {
    this.drainTimer = setTimeout(() => {
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
    }, PIPE_DRAIN_MS);
  }

  /** After a cancel or timeout, the leader is reaped: make sure nothing it started survives. */
  reapGroup(): void {
    if (startsOwnProcessGroup() && this.ending && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // Group already empty.
      }
      // Their parent is gone, so only the list taken at the cancel still names them.
      signalEach(this.escaped, 'SIGKILL', this.options.processTree);
    }
  }

  dispose(): void {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    clearTimeout(this.killTimer);
    clearTimeout(this.drainTimer);
    clearTimeout(this.timeoutTimer);
  }

  private stop(why: 'cancelled' | 'timeout'): void {
    if (this.ending) {
      return;
    }
    this.ending = why;
    if (this.child.pid !== undefined) {
      this.escaped = escapedDescendants(this.child.pid, this.options.processTree);
    }
    this.kill('SIGTERM');
    this.killTimer = setTimeout(() => this.kill('SIGKILL'), this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  }

  private kill(signal: NodeJS.Signals): void {
    const { pid, exitCode, signalCode } = this.child;
    if (pid === undefined || exitCode !== null || signalCode !== null) {
      return;
    }
    // The whole tree: docker may have started a credential helper that would outlive it.
    killProcessTree(pid, signal, this.options.processTree);
    signalEach(this.escaped, signal, this.options.processTree);
  }
}

/** What a finished run means: its output on exit 0, else the typed error that says why not. */
function outcomeOf(
  cmd: CommandLine,
  options: AsyncRunOptions,
  ending: Stopper['ending'],
  spawnError: Error | undefined,
  code: number | null,
  sig: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
): ProcessOutput {
  if (ending === 'cancelled') {
    throw new ProcessCancelledError(cmd.command, cmd.args);
  }
  if (ending === 'timeout') {
    throw new ProcessTimeoutError(cmd.command, cmd.args, options.timeoutMs ?? 0, stdout, stderr);
  }
  if (spawnError && code === null && sig === null) {
    throw toProcessError(cmd, spawnError);
  }
  if (code !== 0) {
    throw new ProcessExitError(cmd.command, cmd.args, code, sig, stdout, stderr);
  }
  return { stdout, stderr, exitCode: 0 };
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
