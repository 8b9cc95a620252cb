/**
 * The push queue: one job at a time in the order asked, cancellation of queued and running jobs,
 * change notifications, and many jobs each settling exactly once.
 */
import * as assert from 'node:assert/strict';
import { PushQueue } from '../../../src/push/PushQueue';
import { PushError } from '../../../src/push/pushErrors';

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (the queue starts the next job from a `finally`). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function isCancelled(error: unknown): boolean {
  assert.ok(error instanceof PushError, `expected PushError, got ${String(error)}`);
  assert.equal(error.code, 'cancelled');
  return true;
}

describe('PushQueue', () => {
  it('runs the first job at once', () => {
    const queue = new PushQueue();
    let started = false;
    queue.enqueue('a', async () => {
      started = true;
    });
    assert.equal(started, true);
  });

  it('starts the second job only after the first settles', async () => {
    const queue = new PushQueue();
    const first = deferred<string>();
    const events: string[] = [];
    const a = queue.enqueue('a', () => {
      events.push('a:start');
      return first.promise;
    });
    const b = queue.enqueue('b', async () => {
      events.push('b:start');
      return 'b';
    });
    await settle();
    assert.deepEqual(events, ['a:start']);
    assert.deepEqual(
      queue.items.map((i) => [i.label, i.state]),
      [
        ['a', 'running'],
        ['b', 'queued'],
      ],
    );
    first.resolve('a');
    assert.equal(await a.result, 'a');
    assert.equal(await b.result, 'b');
    assert.deepEqual(events, ['a:start', 'b:start']);
    await settle();
    assert.equal(queue.size, 0);
  });

  it('moves on after a job fails, passing its error through', async () => {
    const queue = new PushQueue();
    const boom = new Error('boom');
    const a = queue.enqueue('a', async () => {
      throw boom;
    });
    const b = queue.enqueue('b', async () => 'b');
    await assert.rejects(a.result, (e) => e === boom);
    assert.equal(await b.result, 'b');
  });

  it('a queued job that is cancelled never starts its work and rejects as cancelled', async () => {
    const queue = new PushQueue();
    const first = deferred<void>();
    let secondStarted = false;
    const a = queue.enqueue('a', () => first.promise);
    const b = queue.enqueue('b', async () => {
      secondStarted = true;
    });
    const c = queue.enqueue('c', async () => 'c');
    assert.equal(b.cancel(), true);
    await assert.rejects(b.result, isCancelled);
    assert.deepEqual(
      queue.items.map((i) => i.label),
      ['a', 'c'],
      'the cancelled job leaves the queue at once',
    );
    first.resolve();
    await a.result;
    assert.equal(await c.result, 'c');
    assert.equal(secondStarted, false);
  });

  it('cancelling the running job aborts its signal; the job decides how it ends', async () => {
    const queue = new PushQueue();
    let seen: AbortSignal | undefined;
    const a = queue.enqueue('a', (signal) => {
      seen = signal;
      return new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new PushError('cancelled', 'The push was cancelled.', '', []))),
      );
    });
    const b = queue.enqueue('b', async () => 'b');
    assert.ok(seen);
    assert.equal(seen.aborted, false);
    assert.equal(a.cancel(), true);
    assert.equal(seen.aborted, true);
    await assert.rejects(a.result, isCancelled);
    assert.equal(await b.result, 'b', 'the next job runs after the cancelled one ends');
  });

  it('gives each job its own signal', async () => {
    const queue = new PushQueue();
    const signals: AbortSignal[] = [];
    const first = deferred<void>();
    const a = queue.enqueue('a', (signal) => {
      signals.push(signal);
      return first.promise;
    });
    const b = queue.enqueue('b', async (signal) => {
      signals.push(signal);
    });
    queue.cancel(a.id);
    first.resolve();
    await b.result;
    assert.equal(signals.length, 2);
    assert.equal(signals[0].aborted, true);
    assert.equal(signals[1].aborted, false);
  });

  it('cancel returns false for a job that already finished or never existed', async () => {
    const queue = new PushQueue();
    const a = queue.enqueue('a', async () => 'a');
    await a.result;
    await settle();
    assert.equal(a.cancel(), false);
    assert.equal(queue.cancel(999), false);
  });

  it('cancelAll cancels the running job and every queued one', async () => {
    const queue = new PushQueue();
    const started: string[] = [];
    const jobs = ['a', 'b', 'c'].map((label) =>
      queue.enqueue(label, (signal) => {
        started.push(label);
        return new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new PushError('cancelled', 'x', '', []))));
      }),
    );
    queue.cancelAll();
    for (const job of jobs) {
      await assert.rejects(job.result, isCancelled);
    }
    await settle();
    assert.deepEqual(started, ['a']);
    assert.equal(queue.size, 0);
  });

  it('onDidChange fires on enqueue, start and finish, and stops after unsubscribe', async () => {
    const queue = new PushQueue();
    const snapshots: string[] = [];
    const unsubscribe = queue.onDidChange(() => snapshots.push(queue.items.map((i) => `${i.label}:${i.state}`).join(',')));
    const first = deferred<void>();
    const a = queue.enqueue('a', () => first.promise);
    const b = queue.enqueue('b', async () => undefined);
    first.resolve();
    await a.result;
    await b.result;
    await settle();
    assert.ok(snapshots.includes('a:queued') || snapshots.includes('a:running'), snapshots.join(' | '));
    assert.ok(snapshots.includes('a:running,b:queued'), snapshots.join(' | '));
    assert.ok(snapshots.includes('b:running'), snapshots.join(' | '));
    assert.equal(snapshots[snapshots.length - 1], '', 'the last change shows an empty queue');
    unsubscribe();
    const count = snapshots.length;
    await queue.enqueue('c', async () => undefined).result;
    await settle();
    assert.equal(snapshots.length, count);
  });

  it('runs 20 jobs in order, each exactly once, never two at a time', async () => {
    const queue = new PushQueue();
    const starts: number[] = [];
    const ends: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const jobs = Array.from({ length: 20 }, (_, i) =>
      queue.enqueue(`job ${i}`, async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        starts.push(i);
        await settle();
        ends.push(i);
        running--;
        return i;
      }),
    );
    assert.equal(queue.size, 20);
    const results = await Promise.all(jobs.map((j) => j.result));
    const order = Array.from({ length: 20 }, (_, i) => i);
    assert.deepEqual(results, order);
    assert.deepEqual(starts, order);
    assert.deepEqual(ends, order);
    assert.equal(maxRunning, 1);
    assert.deepEqual(
      jobs.map((j) => j.id),
      order.map((i) => i + 1),
      'ids are unique and increasing',
    );
  });

  it('a job that throws synchronously still settles, and the queue moves on', async () => {
    const queue = new PushQueue();
    const boom = new Error('sync boom');
    const first = deferred<void>();
    queue.enqueue('a', () => first.promise);
    const b = queue.enqueue('b', (() => {
      throw boom;
    }) as () => Promise<void>);
    const c = queue.enqueue('c', async () => 'c');
    const outcomes: string[] = [];
    b.result.then(
      () => outcomes.push('b:resolved'),
      (e) => outcomes.push(e === boom ? 'b:rejected(boom)' : `b:rejected(${String(e)})`),
    );
    c.result.then(
      (v) => outcomes.push(`c:${v}`),
      (e) => outcomes.push(`c:rejected(${String(e)})`),
    );
    first.resolve();
    // Checked after a few turns instead of awaited, so a stuck queue fails here rather than timing out.
    for (let i = 0; i < 5; i++) {
      await settle();
    }
    assert.deepEqual(outcomes, ['b:rejected(boom)', 'c:c']);
    assert.equal(queue.size, 0);
  });

  it('a first job that throws synchronously does not make enqueue throw; its result rejects', async () => {
    const queue = new PushQueue();
    const boom = new Error('sync boom');
    let job: { result: Promise<void> } | undefined;
    assert.doesNotThrow(() => {
      job = queue.enqueue('a', (() => {
        throw boom;
      }) as () => Promise<void>);
    });
    assert.ok(job);
    await assert.rejects(job.result, (e) => e === boom);
    assert.equal(await queue.enqueue('b', async () => 'b').result, 'b');
  });
});
