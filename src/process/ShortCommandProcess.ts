/**
 * Short commands (docker login, docker tag) run with `spawnSync` under a timeout, as the runner rule
 * says, inside a small helper process of their own (shortCommandHelper.ts), never on the extension
 * host's thread: a blocking call there would freeze every extension's commands and views for as long
 * as docker takes, and a cold docker login is not short.
 *
 * Why a process and not a worker thread: a spawnSync cannot be interrupted from outside the thread that
 * waits on it, and a cancelled push must end a login that hangs. Cancelling kills the helper's whole
 * process tree (its process group on macOS and Linux, `taskkill /T` on Windows), the docker it is
 * waiting for included; the next command starts a new helper. The helper starts on first use, lets the
 * host exit while idle, and stops after a minute without work. Passwords travel over the IPC channel
 * and then on docker's stdin, never in argv.
 */
import * as cp from 'node:child_process';
import * as path from 'node:path';
import { ProcessCancelledError, ProcessError } from './processErrors';
import { killProcessTree, startsOwnProcessGroup } from './processTree';
import { resolveExecutable } from './resolveExecutable';
import { CommandLine, ProcessOutput, RunOptions, SyncSpawnOutcome, syncOutcomeToOutput } from './runProcess';

/** A message to the helper: one spawnSync call for an executable already resolved here. */
export interface ShortCommandRequest {
  id: number;
  resolved: string;
  cmd: CommandLine;
  options: RunOptions & { timeoutMs: number };
}

/** The helper's answer: spawnSync's outcome, or why it could not be called at all. */
export type ShortCommandReply = { id: number; outcome: SyncSpawnOutcome } | { id: number; failure: string };

/** Options of one short command; `signal` ends it (and its helper) early. */
export type ShortCommandOptions = RunOptions & { timeoutMs: number; signal?: AbortSignal };

/** Runs a short command and resolves with its output, or rejects with the same typed errors as runAsync. */
export type ShortCommandRunner = (cmd: CommandLine, options: ShortCommandOptions) => Promise<ProcessOutput>;

/** The helper script sits next to this module: dist/ in the bundle, out/src/process/ in tests. */
const HELPER_FILE = path.join(__dirname, 'shortCommandHelper.js');
const DEFAULT_IDLE_STOP_MS = 60_000;

interface Pending {
  readonly request: ShortCommandRequest;
  resolve(output: ProcessOutput): void;
  reject(err: unknown): void;
}

export class ShortCommandProcess {
  private helper: cp.ChildProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: { helperFile?: string; idleStopMs?: number } = {}) {}

  /** The runner to hand to DockerCli. */
  readonly run: ShortCommandRunner = (cmd, options) => {
    if (this.disposed) {
      return Promise.reject(new ProcessError(`Could not run '${cmd.command}': the extension is shutting down.`, cmd.command, cmd.args));
    }
    const { signal, ...runOptions } = options;
    if (signal?.aborted) {
      return Promise.reject(new ProcessCancelledError(cmd.command, cmd.args));
    }
    const env = runOptions.env ?? process.env;
    let resolved: string;
    try {
      resolved = resolveExecutable(cmd.command, cmd.args, env, runOptions.cwd);
    } catch (err) {
      return Promise.reject(err);
    }
    const request: ShortCommandRequest = {
      id: this.nextId++,
      resolved,
      cmd: { ...cmd, args: [...cmd.args] },
      options: { ...runOptions, env },
    };
    return new Promise<ProcessOutput>((resolve, reject) => {
      const onAbort = () => this.cancel(request.id);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(request.id, {
        request,
        resolve: (output) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(output);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      this.clearIdleTimer();
      const helper = this.ensureHelper();
      helper.ref();
      helper.send(request);
    });
  };

  /** True while a helper process exists (for tests: it goes away when idle). */
  get running(): boolean {
    return this.helper !== undefined;
  }

  /** The helper's pid, while it runs (for tests that check it is gone). */
  get pid(): number | undefined {
    return this.helper?.pid;
  }

  dispose(): void {
    this.disposed = true;
    this.clearIdleTimer();
    this.stop(new Error('the extension is shutting down'));
  }

  /**
   * Ends one command at once: the helper is blocked in spawnSync until docker exits, so the helper and
   * everything it started are killed, and the command rejects as cancelled.
   */
  private cancel(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) {
      return;
    }
    this.pending.delete(id);
    entry.reject(new ProcessCancelledError(entry.request.cmd.command, entry.request.cmd.args));
    const helper = this.helper;
    this.helper = undefined;
    this.failPending(new Error('another command sharing it was cancelled'));
    if (helper?.pid !== undefined) {
      killProcessTree(helper.pid, 'SIGKILL');
    }
  }

  private ensureHelper(): cp.ChildProcess {
    if (this.helper) {
      return this.helper;
    }
    const helper = cp.fork(this.options.helperFile ?? HELPER_FILE, [], {
      // Its own process group, so a cancel reaches docker too with one kill.
      detached: startsOwnProcessGroup(),
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
      execArgv: [],
      // In the desktop extension host process.execPath is the VS Code binary: make it run as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      // No console window on Windows; fork hands its options to spawn, which honours this (its type omits it).
      ...({ windowsHide: true } as object),
    });
    helper.on('message', (reply: ShortCommandReply) => this.settle(reply));
    helper.on('error', (err) => this.lost(helper, err));
    helper.on('exit', (code, signal) => this.lost(helper, new Error(`it exited with ${signal ?? `code ${code}`}`)));
    this.helper = helper;
    return helper;
  }

  private settle(reply: ShortCommandReply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) {
      return;
    }
    this.pending.delete(reply.id);
    const { cmd, resolved, options } = entry.request;
    if ('failure' in reply) {
      entry.reject(new ProcessError(`Could not run '${cmd.command}': ${reply.failure}`, cmd.command, cmd.args));
    } else {
      try {
        entry.resolve(syncOutcomeToOutput(cmd, resolved, reply.outcome, options.timeoutMs));
      } catch (err) {
        entry.reject(err);
      }
    }
    if (this.pending.size === 0) {
      this.becameIdle();
    }
  }

  /** Idle: the helper must not keep the host alive, and goes away if nothing comes for a while. */
  private becameIdle(): void {
    this.helper?.unref();
    (this.helper?.channel as { unref?: () => void } | undefined)?.unref?.();
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleStopMs ?? DEFAULT_IDLE_STOP_MS);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    (this.helper?.channel as { ref?: () => void } | undefined)?.ref?.();
  }

  private stop(reason?: Error): void {
    const helper = this.helper;
    this.helper = undefined;
    if (reason) {
      this.failPending(reason);
    }
    if (helper?.connected) {
      // Closing the channel ends the helper (it exits on disconnect) without killing a command mid-way.
      helper.disconnect();
    }
  }

  /** The helper died (or was stopped) under running requests: each fails with a ProcessError; the next run starts a new helper. */
  private lost(helper: cp.ChildProcess, err: Error): void {
    if (this.helper !== helper) {
      return; // an old helper stopped on purpose; its requests were already settled
    }
    this.helper = undefined;
    this.clearIdleTimer();
    this.failPending(err);
  }

  private failPending(err: Error): void {
    for (const [id, { request, reject }] of this.pending) {
      this.pending.delete(id);
      reject(
        new ProcessError(
          `Could not run '${request.cmd.command}': the helper process for short commands stopped (${err.message}).`,
          request.cmd.command,
          request.cmd.args,
        ),
      );
    }
  }
}
