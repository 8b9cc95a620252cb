import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FailureRecord, TestRecord, TestResult } from './testResult';

// The CommonJS build of mocha: `require('mocha')` is an ES module wrapper in mocha 12.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MochaClass: typeof Mocha = require('mocha/lib/mocha.cjs');

/**
 * Mocha's spec reporter (readable per-test lines) that also writes a {@link TestResult} JSON
 * to `reporterOptions.output` (or $MOCHA_RESULT_FILE) when the run ends. Used by the CLI tiers
 * (`--reporter out/test/host/specJsonReporter.js --reporter-option output=FILE`) and by the
 * in-host entry, so every tier is counted the same way.
 */
class SpecJsonReporter extends MochaClass.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const output: string | undefined = options?.reporterOptions?.output ?? process.env.MOCHA_RESULT_FILE;
    const started = Date.now();
    const tests: TestRecord[] = [];
    const failures: FailureRecord[] = [];
    const file = (runnable: Mocha.Runnable): string | undefined => runnable.file && path.relative(process.cwd(), runnable.file);
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), file: file(test), state: 'passed', durationMs: test.duration }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), file: file(test), state: 'pending' }));
    runner.on('fail', (test, error: Error) => {
      tests.push({ title: test.fullTitle(), file: file(test), state: 'failed', durationMs: test.duration });
      failures.push({ title: test.fullTitle(), message: String(error?.message ?? error), stack: error?.stack });
    });
    runner.once('end', () => {
      if (!output) return;
      const count = (state: TestRecord['state']): number => tests.filter((t) => t.state === state).length;
      const result: TestResult = {
        passed: count('passed'),
        failed: count('failed'),
        pending: count('pending'),
        durationMs: Date.now() - started,
        tests,
        failures,
      };
      fs.mkdirSync(path.dirname(output), { recursive: true });
      fs.writeFileSync(output, JSON.stringify(result, null, 2));
    });
  }
}

export = SpecJsonReporter;
