import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ensureCodeServer, VSCODE_VERSION } from './host/codeServer';
import { onCleanup, runCleanup } from './host/cleanup';
import { STACK_INFO_ENV } from './host/hostEnv';
import { loadStackModule, stackEnvironment, stackSettings, type StackHandle } from './host/localStack';
import { runTestsInHost } from './host/runInHost';
import { resultProblem, type TestResult } from './host/testResult';

/** This file runs from out/test/. */
const repoRoot = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(repoRoot, 'test-results');
/** The in-host result, also read by scripts/test.mjs for the final summary. */
export const INTEGRATION_RESULT_FILE = path.join(resultsDir, 'integration.json');

const log = (line: string): void => console.log(line);

/**
 * `node out/test/runIntegration.js [--no-build] [--verbose]`: builds the extension and the tests,
 * makes sure code-server is cached, starts the local stack (when test/fixtures/stack exists),
 * runs out/test/integration inside the real VS Code extension host, stops everything, and prints
 * `integration (VS Code 1.100.3 extension host): N passed, N failed`. Exit code 1 when not green.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const ci = process.env.CI === 'true';
  if (!process.argv.includes('--no-build')) {
    step('build the extension', 'npm', ['run', 'build']);
    step('compile the tests', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
  }
  const install = await ensureCodeServer(repoRoot, log);

  let stack: StackHandle | undefined;
  let env: Record<string, string> = {};
  let settings: Record<string, unknown> = {};
  const stackModule = loadStackModule();
  if (stackModule) {
    const started = Date.now();
    // No workDir: the stack makes its own temp folder and removes it (engine data included) on stop.
    stack = await stackModule.startStack({ log: (line) => log(`  [stack] ${line}`), requireEngine: ci });
    const running = stack;
    onCleanup(() => running.stop());
    const infoFile = path.join(stack.workDir, 'stack-info.json');
    stackModule.writeStackInfo(stack, infoFile);
    env = { ...stackEnvironment(stack, path.join(stack.workDir, 'aws')), [STACK_INFO_ENV]: infoFile };
    settings = stackSettings(stack);
    log(`local stack up in ${((Date.now() - started) / 1000).toFixed(1)}s: ECR API ${stack.ecr.endpoint}, registry ${stack.registry.host}, ` +
      `engine ${stack.dockerHost}${stack.ownsEngine ? ' (started for this run)' : ''}`);
  } else {
    log('local stack: test/fixtures/stack is not built yet; running the suites without it');
  }

  const timeoutMs = Number(process.env.ECR_PUSH_HOST_TIMEOUT_MS ?? 15 * 60_000);
  let outcome;
  try {
    outcome = await runTestsInHost({
      install,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      resultFile: INTEGRATION_RESULT_FILE,
      logFile: path.join(resultsDir, 'integration.log'),
      screenshotsDir: path.join(resultsDir, 'screenshots'),
      env,
      settings,
      timeoutMs,
      log,
      verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
    });
  } finally {
    await runCleanup();
  }

  const result: TestResult | undefined = outcome.result;
  printFailures(result);
  if (outcome.abortReason) log(`integration run aborted: ${outcome.abortReason}`);
  const problem = outcome.abortReason ?? resultProblem(result, ci) ?? (outcome.exitCode !== 0 ? `the host reported exit code ${outcome.exitCode}` : undefined);
  log(`integration run took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  log(`integration (VS Code ${VSCODE_VERSION} extension host): ${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed` +
    (result?.pending ? `, ${result.pending} pending` : ''));
  if (problem) log(`integration: NOT GREEN — ${problem}`);
  return problem ? 1 : 0;
}

/** Runs a build step in the repository with inherited output; throws on failure. */
function step(title: string, command: string, args: string[]): void {
  log(`${title}: ${command === process.execPath ? 'node' : command} ${args.map((a) => path.relative(repoRoot, a) || a).join(' ')}`);
  const run = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${title} failed (exit ${run.status ?? run.signal})`);
}

/** Repeats each failure at the end, since console forwarding may have interleaved them. */
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
