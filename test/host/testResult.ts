import * as fs from 'node:fs';

/** One test (or a failed hook) as the reporter saw it. */
export interface TestRecord {
  readonly title: string;
  readonly file?: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
}

/** A failure with the message a person needs to act on. */
export interface FailureRecord {
  readonly title: string;
  readonly message: string;
  readonly stack?: string;
}

/** The machine-readable result every tier writes (unit, fixture and in-host integration). */
export interface TestResult {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly durationMs: number;
  readonly tests: readonly TestRecord[];
  readonly failures: readonly FailureRecord[];
}

/** Reads a result JSON, or undefined when the run never wrote one (it crashed or never started). */
export function readTestResult(file: string): TestResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TestResult;
  } catch {
    return undefined;
  }
}

/**
 * Why a result does not count as green, or undefined when it does: any failure, zero tests run,
 * and — under CI, where a missing real part must fail rather than skip — any pending test.
 */
export function resultProblem(result: TestResult | undefined, ci: boolean): string | undefined {
  if (!result) return 'no result was written (the run crashed or never started)';
  if (result.failed > 0) return `${result.failed} failed`;
  if (result.passed + result.failed === 0) return 'zero tests ran';
  if (ci && result.pending > 0) {
    const skipped = result.tests.filter((t) => t.state === 'pending').map((t) => t.title);
    return `${result.pending} skipped under CI=true (a real part is missing?): ${skipped.join('; ')}`;
  }
  return undefined;
}
