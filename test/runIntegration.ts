import * as path from 'node:path';
import { buildAndCompile } from './host/buildSteps';
import { ensureCodeServer, VSCODE_VERSION } from './host/codeServer';
import { runCleanup } from './host/cleanup';
import { runTestsInHost, type HostRunOutcome } from './host/runInHost';
import { startRunStack } from './host/runStack';
import { resultProblem, type TestResult } from './host/testResult';

/** This file runs from out/test/. */
const repoRoot = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(repoRoot, 'test-results');
/** The in-host result, also read by scripts/test.mjs for the final summary. */
const resultFile = path.join(resultsDir, 'integration.json');

const log = (line: string): void => console.log(line);

/**
 * `node out/test/runIntegration.js [--no-build] [--verbose]`: builds the extension and the tests,
 * makes sure code-server is cached, starts the local stack, runs out/test/integration inside the
 * real VS Code extension host, stops everything, and prints
 * `integration (VS Code 1.100.3 extension host): N passed, N failed`. Exit code 1 when not green.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const ci = process.env.CI === 'true';
  if (!process.argv.includes('--no-build')) buildAndCompile(repoRoot, log);
  const install = await ensureCodeServer(repoRoot, log);
  const { env, settings } = await startRunStack({ log, requireEngine: ci });

  let outcome: HostRunOutcome;
  try {
    outcome = await runTestsInHost({
      install,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      resultFile,
      logFile: path.join(resultsDir, 'integration.log'),
      screenshotsDir: path.join(resultsDir, 'screenshots'),
      env,
      settings,
      timeoutMs: Number(process.env.ECR_PUSH_HOST_TIMEOUT_MS ?? 15 * 60_000),
      log,
      verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
    });
  } finally {
    await runCleanup();
  }

  const result: TestResult | undefined = outcome.result;
  printFailures(result);
  if (outcome.abortReason) log(`integration run aborted: ${outcome.abortReason}`);
  const problem = outcome.abortReason ?? resultProblem(result, ci) ??
    (outcome.exitCode !== 0 ? `the host reported exit code ${outcome.exitCode}` : undefined);
  log(`integration run took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  log(`integration (VS Code ${VSCODE_VERSION} extension host): ${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed` +
    (result?.pending ? `, ${result.pending} pending` : ''));
  if (problem) log(`integration: NOT GREEN — ${problem}`);
  return problem ? 1 : 0;
}

/** Repeats each failure at the end, where a person looks first. */
function printFailures(result: TestResult | undefined): void {
  for (const [index, failure] of (result?.failures ?? []).entries()) {
    log(`\n  ${index + 1}) ${failure.title}\n     ${failure.message.split('\n').join('\n     ')}`);
  }
  if (result?.failures.length) log('');
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
      console.error(`integration: ${error instanceof Error ? error.message : String(error)}`);
      await runCleanup();
      process.exit(1);
    },
  );
}
