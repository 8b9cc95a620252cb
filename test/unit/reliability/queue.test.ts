/**
 * Load and lifetime, the queue's part (issue 5): a queued push can be cancelled without ever starting,
 * and the rest still run one at a time in the order they were queued.
 */
import type { PushError } from '../../../src/push/pushErrors';
import * as assert from 'node:assert/strict';
import { PushQueue } from '../../../src/push/PushQueue';
import { caseTitle } from './cases';

describe('reliability: the push queue', () => {
  it(caseTitle('L02'), async () => {
    const queue = new PushQueue();
    const started: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string) => async (): Promise<string> => {
      started.push(name);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return name;
    };
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((name) => queue.enqueue(`push ${name}`, job(name)));
    assert.deepEqual(
      queue.items.map((i) => i.state),
      ['running', 'queued', 'queued', 'queued', 'queued'],
    );
    assert.equal(jobs[2].cancel === undefined, false);
    jobs[2].cancel();
    assert.deepEqual(
      queue.items.map((i) => i.label),
      ['push a', 'push b', 'push d', 'push e'],
    );
    const settled = await Promise.allSettled(jobs.map((j) => j.result));
    assert.deepEqual(started, ['a', 'b', 'd', 'e'], 'the cancelled job started, or the order changed');
    assert.equal(maxRunning, 1, 'two pushes ran at once');
    assert.ok(settled[2].status === 'rejected' && (settled[2].reason as PushError).code === 'cancelled');
    assert.deepEqual(
      settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<string>).value),
      ['a', 'b', 'd', 'e'],
    );
    assert.equal(queue.size, 0);
  });
});
