/**
 * The scan poller against a fake clock: exponential backoff with a cap, bounded reads and total time,
 * cancellation during a wait, and ScanNotFound tolerated only within its grace. No real time passes.
 */
import * as assert from 'node:assert/strict';
import { emptyCounts, type ScanReport } from '../../../src/ecr/imageScan';
import { systemClock, waitForScan, type PollClock } from '../../../src/ecr/waitForScan';
import { caseTitle } from '../reliability/cases';

/** A clock whose sleeps end at once, moving time on, and can abort mid-sleep like the real one. */
class FakeClock implements PollClock {
  time = 1_000_000;
  readonly sleeps: number[] = [];
  onSleep?: () => void;
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.onSleep?.();
    if (signal?.aborted) {
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    this.time += ms;
  }
}

const report = (status: string): ScanReport => ({ status, counts: emptyCounts(), findings: [], enhanced: false });

/** A read that answers the given statuses in order (the last one sticks) and counts its calls. */
function reads(...statuses: Array<string | Error>) {
  let call = 0;
  const read = async () => {
    const next = statuses[Math.min(call++, statuses.length - 1)];
    if (next instanceof Error) {
      throw next;
    }
    return report(next);
  };
  return { read, calls: () => call };
}

const scanNotFound = () => Object.assign(new Error('Image scan does not exist'), { name: 'ScanNotFoundException' });

describe('waitForScan', () => {
  it('reads at once, then after 2 s, 4 s, 8 s … until the scan is done', async () => {
    const clock = new FakeClock();
    const { read, calls } = reads('IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETE');
    const pending: number[] = [];
    const result = await waitForScan(read, { clock, onPending: (_r, attempt) => pending.push(attempt) });
    assert.equal(result.finished, true);
    assert.equal(result.report.status, 'COMPLETE');
    assert.equal(result.attempts, 4);
    assert.equal(calls(), 4);
    assert.deepEqual(clock.sleeps, [2_000, 4_000, 8_000]);
    assert.equal(result.waitedMs, 14_000);
    assert.deepEqual(pending, [1, 2, 3]);
  });

  it('caps the delay', async () => {
    const clock = new FakeClock();
    const { read } = reads('PENDING', 'PENDING', 'PENDING', 'PENDING', 'PENDING', 'PENDING', 'PENDING', 'ACTIVE');
    await waitForScan(read, { clock, initialDelayMs: 1_000, maxDelayMs: 5_000 });
    assert.deepEqual(clock.sleeps, [1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);
  });

  it('a final status other than COMPLETE ends the wait too (FAILED, UNSUPPORTED_IMAGE)', async () => {
    for (const status of ['FAILED', 'UNSUPPORTED_IMAGE']) {
      const clock = new FakeClock();
      const result = await waitForScan(reads('IN_PROGRESS', status).read, { clock });
      assert.deepEqual([result.finished, result.report.status, result.attempts], [true, status, 2]);
    }
  });

  it('gives up after maxAttempts reads and says the scan is still pending', async () => {
    const clock = new FakeClock();
    const { read, calls } = reads('IN_PROGRESS');
    const result = await waitForScan(read, { clock, maxAttempts: 5 });
    assert.equal(result.finished, false);
    assert.equal(result.report.status, 'IN_PROGRESS');
    assert.equal(calls(), 5);
    assert.equal(clock.sleeps.length, 4);
  });

  it('gives up before a wait would pass maxTotalMs', async () => {
    const clock = new FakeClock();
    const { read } = reads('IN_PROGRESS');
    const result = await waitForScan(read, { clock, maxTotalMs: 60_000 });
    assert.equal(result.finished, false);
    // 2+4+8+16+30 = 60 s; one more 30 s wait would pass the bound.
    assert.deepEqual(clock.sleeps, [2_000, 4_000, 8_000, 16_000, 30_000]);
    assert.ok(result.waitedMs <= 60_000);
  });

  // With the defaults, a scan that never ends is given up within 15 minutes and 40 reads.
  it(caseTitle('L08'), async () => {
    const clock = new FakeClock();
    const result = await waitForScan(reads('IN_PROGRESS').read, { clock });
    assert.equal(result.finished, false);
    assert.equal(result.report.status, 'IN_PROGRESS');
    assert.deepEqual(clock.sleeps.slice(0, 6), [2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    assert.ok(result.waitedMs <= 15 * 60_000, `${result.waitedMs}`);
    assert.ok(result.attempts <= 40);
  });

  // Cancelling during a wait rejects with AbortError and reads no more.
  it(caseTitle('L09'), async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    clock.onSleep = () => {
      if (clock.sleeps.length === 2) controller.abort();
    };
    const { read, calls } = reads('IN_PROGRESS');
    await assert.rejects(waitForScan(read, { clock, signal: controller.signal }), { name: 'AbortError' });
    assert.equal(calls(), 2);
  });

  it('an already-cancelled wait reads nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { read, calls } = reads('COMPLETE');
    await assert.rejects(waitForScan(read, { clock: new FakeClock(), signal: controller.signal }), { name: 'AbortError' });
    assert.equal(calls(), 0);
  });

  it('tolerates ScanNotFound only within its grace, then fails with it', async () => {
    const within = await waitForScan(reads(scanNotFound(), scanNotFound(), 'IN_PROGRESS', 'COMPLETE').read, {
      clock: new FakeClock(),
      notFoundGrace: 2,
    });
    assert.equal(within.report.status, 'COMPLETE');
    await assert.rejects(waitForScan(reads(scanNotFound()).read, { clock: new FakeClock(), notFoundGrace: 2 }), {
      name: 'ScanNotFoundException',
    });
    await assert.rejects(waitForScan(reads(scanNotFound()).read, { clock: new FakeClock() }), { name: 'ScanNotFoundException' });
  });

  it('passes any other error on at once', async () => {
    const { read, calls } = reads(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await assert.rejects(waitForScan(read, { clock: new FakeClock(), notFoundGrace: 5 }), { name: 'ThrottlingException' });
    assert.equal(calls(), 1);
  });

  it('the real clock’s sleep ends early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(systemClock.sleep(10_000, controller.signal), { name: 'AbortError' });
    assert.ok(Date.now() - started < 5_000);
  });
});
