/**
 * Waits for an image scan to finish: reads its status, and while it is pending reads again after a
 * delay that doubles up to a cap, within a bounded number of reads and a bounded total time. Cancelled
 * by an AbortSignal at any point (the wait in between reads too). The clock is injected so tests run
 * it without waiting. No `vscode` import: the UI runs it in the background, never in the push queue.
 */
import { emptyCounts, isScanPending, type ScanReport } from './imageScan';

/** Time as the poller sees it; tests hand in a fake one. */
export interface PollClock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ScanWaitOptions {
  readonly signal?: AbortSignal;
  /** Before the second read; then doubled (× `factor`) up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
  /** Reads at most, the first included. */
  readonly maxAttempts?: number;
  /** Gives up once the next wait would end after this long. */
  readonly maxTotalMs?: number;
  /**
   * Reads that may answer ScanNotFoundException and still count as "not started yet": right after a
   * push, a scan on push may not exist for a moment. 0 (default): ScanNotFound fails at once.
   */
  readonly notFoundGrace?: number;
  readonly clock?: PollClock;
  /** Told after each read that found the scan still pending. */
  readonly onPending?: (report: ScanReport, attempt: number) => void;
}

export interface ScanWaitResult {
  /** The last report read: finished, or still pending when the bounds ran out. */
  readonly report: ScanReport;
  readonly finished: boolean;
  readonly attempts: number;
  readonly waitedMs: number;
}

/** Scans usually take seconds to a few minutes: 2 s, 4 s, 8 s, 16 s, then every 30 s, for at most 15 minutes. */
export const SCAN_WAIT_DEFAULTS = {
  initialDelayMs: 2_000,
  maxDelayMs: 30_000,
  factor: 2,
  maxAttempts: 40,
  maxTotalMs: 15 * 60_000,
} as const;

export const systemClock: PollClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export async function waitForScan(
  read: (signal?: AbortSignal) => Promise<ScanReport>,
  options: ScanWaitOptions = {},
): Promise<ScanWaitResult> {
  const clock = options.clock ?? systemClock;
  const maxAttempts = Math.max(1, options.maxAttempts ?? SCAN_WAIT_DEFAULTS.maxAttempts);
  const maxTotalMs = options.maxTotalMs ?? SCAN_WAIT_DEFAULTS.maxTotalMs;
  const maxDelayMs = options.maxDelayMs ?? SCAN_WAIT_DEFAULTS.maxDelayMs;
  const factor = options.factor ?? SCAN_WAIT_DEFAULTS.factor;
  let delay = options.initialDelayMs ?? SCAN_WAIT_DEFAULTS.initialDelayMs;
  let notFoundLeft = options.notFoundGrace ?? 0;
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(options.signal);
    let report: ScanReport;
    try {
      report = await read(options.signal);
    } catch (error) {
      if ((error as Error)?.name !== 'ScanNotFoundException' || notFoundLeft <= 0) {
        throw error;
      }
      notFoundLeft--;
      report = { status: 'PENDING', description: 'The scan has not started yet.', counts: emptyCounts(), findings: [], enhanced: false };
    }
    const waitedMs = clock.now() - started;
    if (!isScanPending(report.status)) {
      return { report, finished: true, attempts: attempt, waitedMs };
    }
    options.onPending?.(report, attempt);
    if (attempt >= maxAttempts || waitedMs + delay > maxTotalMs) {
      return { report, finished: false, attempts: attempt, waitedMs };
    }
    await clock.sleep(delay, options.signal);
    delay = Math.min(delay * factor, maxDelayMs);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw abortError();
  }
}

/** The error an aborted AWS SDK call raises too, so one explainer turns both into "cancelled". */
function abortError(): Error {
  const error = new Error('The wait for the scan was cancelled.');
  error.name = 'AbortError';
  return error;
}
