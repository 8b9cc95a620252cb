/**
 * Pushes run one at a time, in the order asked, so two requests never interleave docker logins and tags.
 * Every queued or running push can be cancelled; a queued one then never starts.
 */
import { cancelledError } from './pushErrors';

export type QueueItemState = 'queued' | 'running';

export interface QueueItem {
  readonly id: number;
  readonly label: string;
  readonly state: QueueItemState;
}

export interface QueuedJob<T> {
  readonly id: number;
  readonly result: Promise<T>;
  /** True once the job's function was called; a job cancelled while queued never starts. */
  readonly started: boolean;
  cancel(): void;
}

interface Entry {
  readonly id: number;
  readonly label: string;
  state: QueueItemState;
  started: boolean;
  readonly controller: AbortController;
  readonly start: () => void;
}

export class PushQueue {
  private nextId = 1;
  private readonly entries: Entry[] = [];
  private readonly listeners = new Set<() => void>();

  /** Adds a job; it starts when every earlier job has settled. `job` receives the job's AbortSignal. */
  enqueue<T>(label: string, job: (signal: AbortSignal) => Promise<T>): QueuedJob<T> {
    const id = this.nextId++;
    const controller = new AbortController();
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const result = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Entry = {
      id,
      label,
      state: 'queued',
      started: false,
      controller,
      start: () => {
        entry.state = 'running';
        this.changed();
        // A job that throws synchronously must still settle and release the queue.
        entry.started = !controller.signal.aborted;
        const run = entry.started ? new Promise<T>((res) => res(job(controller.signal))) : Promise.reject(cancelledError());
        run.then(resolve, reject).finally(() => this.finish(entry));
      },
    };
    this.entries.push(entry);
    this.changed();
    if (this.entries.length === 1) {
      entry.start();
    }
    return {
      id,
      result,
      get started() {
        return entry.started;
      },
      cancel: () => this.cancel(id),
    };
  }

  /** Cancels a queued or running job; false when it is no longer in the queue. */
  cancel(id: number): boolean {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) {
      return false;
    }
    entry.controller.abort();
    if (entry.state === 'queued') {
      // Settle it now, in order, without ever starting its work.
      this.entries.splice(this.entries.indexOf(entry), 1);
      this.changed();
      entry.start();
    }
    return true;
  }

  cancelAll(): void {
    for (const entry of [...this.entries].reverse()) {
      this.cancel(entry.id);
    }
  }

  get items(): readonly QueueItem[] {
    return this.entries.map(({ id, label, state }) => ({ id, label, state }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Called whenever the queue changes; returns a function that unsubscribes. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private finish(entry: Entry): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) {
      this.entries.splice(index, 1);
    }
    this.changed();
    const next = this.entries[0];
    if (next && next.state === 'queued') {
      next.start();
    }
  }

  private changed(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}
