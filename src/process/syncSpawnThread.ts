/**
 * Short commands (docker login, docker tag) run with `spawnSync` under a timeout, as the runner rule
 * says, but on a worker thread: a blocking call on the extension host's own thread would freeze every
 * other extension's commands and views for as long as docker takes, and a cold docker login is not short. The thread is started on first use, lets the host exit while idle, and stops itself
 * after a minute without work. Passwords travel in the message to the thread and then on the child's
 * stdin, never in argv.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ProcessError } from './processErrors';
import { resolveExecutable } from './resolveExecutable';
import { CommandLine, ProcessOutput, RunOptions, SyncSpawnOutcome, syncOutcomeToOutput } from './runProcess';

/** A message to the worker: one spawnSync call for an executable already resolved on the main thread. */
export interface SyncSpawnRequest {
  id: number;
  resolved: string;
  cmd: CommandLine;
  options: RunOptions & { timeoutMs: number };
}

/** The worker's answer: spawnSync's outcome, or why it could not be called at all. */
export type SyncSpawnReply = { id: number; outcome: SyncSpawnOutcome } | { id: number; failure: string };

/** Runs a short command and resolves with its output, or rejects with the same typed errors as runAsync. */
export type ShortCommandRunner = (cmd: CommandLine, options: RunOptions & { timeoutMs: number }) => Promise<ProcessOutput>;

/** The worker script sits next to this module: dist/ in the bundle, out/src/process/ in tests. */
const WORKER_FILE = path.join(__dirname, 'syncSpawnWorker.js');
const DEFAULT_IDLE_STOP_MS = 60_000;

interface Pending {
  request: SyncSpawnRequest;
  resolve(output: ProcessOutput): void;
  reject(err: unknown): void;
}

export class SyncSpawnThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: { workerFile?: string; idleStopMs?: number } = {}) {}

  /**
   * The runner to hand to DockerCli: `spawnSync` on the thread, no shell, SIGKILL at `timeoutMs`.
   * Exit code 0 is success even with text on stderr (docker prints warnings there).
   *
   * @throws (rejects) ExecutableNotFoundError, ProcessTimeoutError, ProcessExitError (non-zero exit), ProcessError
   */
  readonly run: ShortCommandRunner = (cmd, options) => {
    if (this.disposed) {
      return Promise.reject(new ProcessError(`Could not run '${cmd.command}': the extension is shutting down.`, cmd.command, cmd.args));
    }
    const env = options.env ?? process.env;
    let resolved: string;
    try {
      resolved = resolveExecutable(cmd.command, cmd.args, env, options.cwd);
    } catch (err) {
      return Promise.reject(err);
    }
    const request: SyncSpawnRequest = { id: this.nextId++, resolved, cmd: { ...cmd, args: [...cmd.args] }, options: { ...options, env } };
    return new Promise<ProcessOutput>((resolve, reject) => {
      this.pending.set(request.id, { request, resolve, reject });
      this.clearIdleTimer();
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage(request);
    });
  };

  /** True while a worker thread exists (for tests: it goes away when idle). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.clearIdleTimer();
    this.stop(new Error('the extension is shutting down'));
  }

  private ensureWorker(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.options.workerFile ?? WORKER_FILE);
    worker.on('message', (reply: SyncSpawnReply) => this.settle(reply));
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`it exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: SyncSpawnReply): void {
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

  /** Idle: the thread must not keep the host alive, and goes away if nothing comes for a while. */
  private becameIdle(): void {
    this.worker?.unref();
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleStopMs ?? DEFAULT_IDLE_STOP_MS);
    this.idleTimer.unref();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
  }

  private stop(reason?: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    if (reason) {
      this.failPending(reason);
    }
    void worker?.terminate();
  }

  /** The thread died (or was stopped) under running requests: each fails with a ProcessError; the next run starts a new thread. */
  private lost(worker: Worker, err: Error): void {
    if (this.worker !== worker) {
      return; // an old thread stopped on purpose; its requests were already settled
    }
    this.worker = undefined;
    this.clearIdleTimer();
    this.failPending(err);
  }

  private failPending(err: Error): void {
    for (const [id, { request, reject }] of this.pending) {
      this.pending.delete(id);
      reject(
        new ProcessError(
          `Could not run '${request.cmd.command}': the helper thread for short commands stopped (${err.message}).`,
          request.cmd.command,
          request.cmd.args,
        ),
      );
    }
  }
}
