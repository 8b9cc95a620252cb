import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAndCompile } from './host/buildSteps';
import { ensureCodeServer, VSCODE_VERSION, type CodeServerInstall } from './host/codeServer';
import { runCleanup } from './host/cleanup';
import { runMain } from './host/runMain';
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
 * real VS Code extension host (three runs: a first-run host with a fresh profile, the main run, an
 * untrusted workspace), stops everything, and prints
 * `integration (VS Code 1.100.3 extension host): N passed, N failed`. Exit code 1 when not green.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const ci = process.env.CI === 'true';
  if (!process.argv.includes('--no-build')) buildAndCompile(repoRoot, log);
  const install = await ensureCodeServer(repoRoot, log);
  const { env, settings, stack } = await startRunStack({ log, requireEngine: ci });

  const grep = process.env.ECR_PUSH_TEST_GREP;
  let outcome: HostRunOutcome;
  let untrusted: HostRunOutcome | undefined;
  let firstRun: HostRunOutcome | undefined;
  try {
    // First, while the engine and the ECR API hold nothing yet: a new user's first minutes.
    if (!grep || new RegExp(grep).test(FIRST_RUN_SUITE)) {
      firstRun = await runFirstRun(install, env, settings, stack.workDir);
    }
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
    if (!grep) {
      untrusted = await runUntrusted(install, env, settings, stack.workDir);
    }
  } finally {
    await runCleanup();
  }

  const extraRuns: Array<[string, HostRunOutcome | undefined]> = [
    ['first-run host', firstRun],
    ['untrusted-workspace run', untrusted],
  ];
  let result: TestResult | undefined = outcome.result;
  for (const [name, extra] of extraRuns) {
    if (!extra) continue;
    result = mergeResults(result, extra.result, name);
    if (extra.abortReason) outcome = { ...outcome, abortReason: outcome.abortReason ?? `${name}: ${extra.abortReason}` };
    if (extra.exitCode !== 0 && outcome.exitCode === 0) outcome = { ...outcome, exitCode: extra.exitCode };
  }
  if (result && extraRuns.some(([, extra]) => extra)) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
  printFailures(result);
  if (outcome.abortReason) log(`integration run aborted: ${outcome.abortReason}`);
  const problem =
    outcome.abortReason ??
    resultProblem(result, ci) ??
    (outcome.exitCode !== 0 ? `the host reported exit code ${outcome.exitCode}` : undefined);
  log(`integration run took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  log(
    `integration (VS Code ${VSCODE_VERSION} extension host): ${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed` +
      (result?.pending ? `, ${result.pending} pending` : ''),
  );
  if (problem) log(`integration: NOT GREEN — ${problem}`);
  return problem ? 1 : 0;
}

/** The first-run suite's title; a narrowing ECR_PUSH_TEST_GREP that matches it runs the first-run host too. */
const FIRST_RUN_SUITE = 'first run';

/**
 * A short host run before the main one, as a new user starts: a fresh VS Code profile whose
 * `workbench.welcomePage.walkthroughs.openOnInstall` is on (the quiet defaults turn it off), an engine
 * and ECR API that hold nothing yet, and AWS config files of its own (the suite writes sample profiles
 * there for the profile picker). Only test/integration/firstRun.test.ts runs: it checks the walkthrough
 * opens on the extension's first start and walks its four steps, with a screenshot of each.
 */
async function runFirstRun(
  install: CodeServerInstall,
  env: Record<string, string>,
  settings: Record<string, unknown>,
  workDir: string,
): Promise<HostRunOutcome> {
  const awsDir = path.join(workDir, 'aws-first-run');
  fs.mkdirSync(awsDir, { recursive: true });
  log('\nintegration: first-run host (a fresh profile: the walkthrough opens by itself)');
  return runTestsInHost({
    install,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
    resultFile: path.join(resultsDir, 'integration-first-run.json'),
    logFile: path.join(resultsDir, 'integration-first-run.log'),
    screenshotsDir: path.join(resultsDir, 'screenshots'),
    env: {
      ...env,
      ECR_PUSH_FIRST_RUN: '1',
      ECR_PUSH_TEST_GREP: FIRST_RUN_SUITE,
      AWS_CONFIG_FILE: path.join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    },
    settings: { ...settings, 'workbench.welcomePage.walkthroughs.openOnInstall': true },
    timeoutMs: 5 * 60_000,
    log,
    verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
  });
}

/**
 * A second, short host run with workspace trust ON: the opened folder is untrusted and its
 * .vscode/settings.json points ecrPush.containerCommand at a trap script and ecrPush.endpoint at a
 * closed port. Only the "untrusted workspace" suite runs (test/integration/reliabilityUntrusted.test.ts);
 * it proves both are ignored until the workspace is trusted.
 */
async function runUntrusted(
  install: CodeServerInstall,
  env: Record<string, string>,
  settings: Record<string, unknown>,
  workDir: string,
): Promise<HostRunOutcome> {
  const trap = path.join(workDir, 'untrusted-trap', 'docker');
  fs.mkdirSync(path.dirname(trap), { recursive: true });
  fs.writeFileSync(trap, '#!/bin/sh\necho "$@" >> "$0.ran"\nexit 1\n', { mode: 0o755 });
  log('\nintegration: untrusted-workspace run (workspace trust on)');
  return runTestsInHost({
    install,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
    resultFile: path.join(resultsDir, 'integration-untrusted.json'),
    logFile: path.join(resultsDir, 'integration-untrusted.log'),
    screenshotsDir: path.join(resultsDir, 'screenshots'),
    env: { ...env, ECR_PUSH_UNTRUSTED_RUN: '1', ECR_PUSH_TEST_GREP: 'untrusted workspace', ECR_PUSH_TRAP_COMMAND: trap },
    settings: {
      ...settings,
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    },
    workspaceSettings: { 'ecrPush.containerCommand': trap, 'ecrPush.endpoint': 'http://127.0.0.1:9' },
    timeoutMs: 5 * 60_000,
    log,
    verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
  });
}

/** One result for every host run, so the summary counts the first-run and untrusted-workspace tests too. */
function mergeResults(main: TestResult | undefined, extra: TestResult | undefined, name: string): TestResult | undefined {
  if (!main) return main;
  if (!extra) {
    const failure = { title: name, message: 'no result was written (the run crashed or never started)' };
    return { ...main, failed: main.failed + 1, failures: [...main.failures, failure] };
  }
  return {
    passed: main.passed + extra.passed,
    failed: main.failed + extra.failed,
    pending: main.pending + extra.pending,
    durationMs: main.durationMs + extra.durationMs,
    tests: [...main.tests, ...extra.tests],
    failures: [...main.failures, ...extra.failures],
  };
}

/** Repeats each failure at the end, where a person looks first. */
function printFailures(result: TestResult | undefined): void {
  for (const [index, failure] of (result?.failures ?? []).entries()) {
    log(`\n  ${index + 1}) ${failure.title}\n     ${failure.message.split('\n').join('\n     ')}`);
  }
  if (result?.failures.length) log('');
}

runMain(module, 'integration', main);
