import * as fs from 'node:fs';
import * as path from 'node:path';
import { startContextEngine } from './fixtures/contextEngine';
import { preparePodman } from './fixtures/podmanEngine';
import type { LocalStack } from './fixtures/stack';
import { buildAndCompile } from './host/buildSteps';
import { ensureCodeServer, VSCODE_VERSION, type CodeServerInstall } from './host/codeServer';
import { onCleanup, runCleanup } from './host/cleanup';
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
  const { env: stackEnv, settings, stack } = await startRunStack({ log, requireEngine: ci });
  // The user's own docker config, as the extension sees it (loginTarget = user reads and may use it): a
  // folder of this run, so no suite can touch the real ~/.docker of the machine it runs on.
  const userDockerConfig = path.join(stack.workDir, 'user-docker-config');
  fs.mkdirSync(userDockerConfig, { recursive: true, mode: 0o700 });
  const env = { ...stackEnv, DOCKER_CONFIG: userDockerConfig };
  // The docker-context suite's second engine: a dockerd of its own, registered as a named context.
  const contextEngine = await startContextEngine({ workDir: stack.workDir, log: (line) => log(`  [stack] ${line}`) });
  onCleanup(() => contextEngine.stop());
  const mainEnv = {
    ...env,
    ECR_PUSH_CONTEXT_ENGINE: JSON.stringify({
      name: contextEngine.name,
      dockerHost: contextEngine.dockerHost,
      userConfigDir: contextEngine.userConfigDir,
    }),
  };

  const grep = process.env.ECR_PUSH_TEST_GREP;
  let outcome: HostRunOutcome;
  let untrusted: HostRunOutcome | undefined;
  let podman: HostRunOutcome | undefined;
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
      env: mainEnv,
      settings,
      timeoutMs: Number(process.env.ECR_PUSH_HOST_TIMEOUT_MS ?? 15 * 60_000),
      log,
      verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
    });
    if (!process.env.ECR_PUSH_TEST_GREP || UNTRUSTED_SUITE.test(process.env.ECR_PUSH_TEST_GREP)) {
      untrusted = await runUntrusted(install, env, settings, stack.workDir);
    }
    if (!process.env.ECR_PUSH_TEST_GREP || ENGINE_SUITE.test(process.env.ECR_PUSH_TEST_GREP)) {
      const podmanStarted = Date.now();
      podman = await runPodman(install, env, settings, stack);
      // Its own host start is most of what this run adds to CI: say how long it took.
      log(`podman run took ${((Date.now() - podmanStarted) / 1000).toFixed(0)}s`);
    }
  } finally {
    await runCleanup();
  }

  const extraRuns: Array<[string, HostRunOutcome | undefined]> = [
    ['first-run host', firstRun],
    ['untrusted-workspace run', untrusted],
    ['podman run', podman],
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
  const perEngine = engineSuiteCounts(result);
  for (const line of perEngine.lines) log(line);
  if (outcome.abortReason) log(`integration run aborted: ${outcome.abortReason}`);
  const problem =
    outcome.abortReason ??
    resultProblem(result, ci) ??
    (podman ? perEngine.problem : undefined) ??
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
 * .vscode/settings.json points ecrPush.containerCommand at a trap script, ecrPush.endpoint at a closed
 * port, ecrPush.profile at a profile whose keys the fake ECR refuses, and ecrPush.loginTarget at the
 * user's own docker config (a DOCKER_CONFIG folder of this run). Only the "untrusted workspace" suite
 * runs (test/integration/reliabilityUntrusted.test.ts); it proves all four are ignored until the
 * workspace is trusted.
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
  // A profile that exists, with keys of its own: were the workspace's choice applied, ECR would refuse them.
  const awsDir = path.join(workDir, 'untrusted-aws');
  const profile = 'workspace-identity';
  fs.mkdirSync(awsDir, { recursive: true });
  fs.writeFileSync(path.join(awsDir, 'config'), `[profile ${profile}]\nregion = us-east-1\n`);
  fs.writeFileSync(
    path.join(awsDir, 'credentials'),
    `[${profile}]\naws_access_key_id = AKIAWORKSPACEIDENTTY\naws_secret_access_key = workspace-secret-that-ecr-refuses-0000000\n`,
    { mode: 0o600 },
  );
  const userDockerConfig = path.join(workDir, 'untrusted-user-docker');
  fs.mkdirSync(userDockerConfig, { recursive: true });
  log('\nintegration: untrusted-workspace run (workspace trust on)');
  return runTestsInHost({
    install,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
    resultFile: path.join(resultsDir, 'integration-untrusted.json'),
    logFile: path.join(resultsDir, 'integration-untrusted.log'),
    screenshotsDir: path.join(resultsDir, 'screenshots'),
    env: {
      ...env,
      ECR_PUSH_UNTRUSTED_RUN: '1',
      ECR_PUSH_TEST_GREP: 'untrusted workspace',
      ECR_PUSH_TRAP_COMMAND: trap,
      ECR_PUSH_UNTRUSTED_PROFILE: profile,
      AWS_CONFIG_FILE: path.join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
      DOCKER_CONFIG: userDockerConfig,
    },
    settings: {
      ...settings,
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    },
    workspaceSettings: {
      'ecrPush.containerCommand': trap,
      'ecrPush.endpoint': 'http://127.0.0.1:9',
      'ecrPush.profile': profile,
      'ecrPush.loginTarget': 'user',
    },
    timeoutMs: 5 * 60_000,
    log,
    verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
  });
}

/** A grep for the untrusted-workspace suite also starts its host run, so it can be run on its own. */
const UNTRUSTED_SUITE = /untrusted workspace/;

/** The engine push suite's title prefix: `engine push suite (docker)`, `engine push suite (podman)`. */
const ENGINE_SUITE = /^engine push suite/;

/**
 * A third host run, as lean as the untrusted one: only the engine push suite
 * (test/integration/enginePush.test.ts), with podman as the container command. Podman runs rootful with
 * vfs storage and no daemon, on this run's own storage.conf and a registries.conf that lets only the
 * stack's registry speak plain HTTP; its user auth file is seeded with a wrong login. Under CI a podman
 * that cannot run fails the tier; locally too, since the suite is part of every full run.
 */
async function runPodman(
  install: CodeServerInstall,
  env: Record<string, string>,
  settings: Record<string, unknown>,
  stack: LocalStack,
): Promise<HostRunOutcome> {
  log('\nintegration: podman run (the engine push suite with ecrPush.containerCommand = podman)');
  let setup;
  try {
    setup = await preparePodman({ workDir: stack.workDir, registryHost: stack.registry.host, log: (line) => log(`  [stack] ${line}`) });
  } catch (error) {
    return { abortReason: `podman cannot run here: ${(error as Error).message}` };
  }
  return runTestsInHost({
    install,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
    resultFile: path.join(resultsDir, 'integration-podman.json'),
    logFile: path.join(resultsDir, 'integration-podman.log'),
    screenshotsDir: path.join(resultsDir, 'screenshots'),
    env: { ...env, ...setup.env, ECR_PUSH_ENGINE: 'podman', ECR_PUSH_TEST_GREP: 'engine push suite' },
    settings: { ...settings, 'ecrPush.containerCommand': 'podman' },
    timeoutMs: 8 * 60_000,
    log,
    verbose: process.argv.includes('--verbose') || process.env.ECR_PUSH_TEST_VERBOSE === '1',
  });
}

/**
 * The engine push suite's counts per engine, and a problem when the engines did not run the same cases
 * (a case that exists for one engine only would make the comparison meaningless).
 */
function engineSuiteCounts(result: TestResult | undefined): { lines: string[]; problem?: string } {
  const byEngine = new Map<string, { passed: number; failed: number; cases: Set<string> }>();
  for (const test of result?.tests ?? []) {
    const match = /^engine push suite \((\w+)\) (.*)$/.exec(test.title);
    if (!match) continue;
    const entry = byEngine.get(match[1]) ?? { passed: 0, failed: 0, cases: new Set<string>() };
    if (test.state === 'passed') entry.passed++;
    if (test.state === 'failed') entry.failed++;
    entry.cases.add(match[2].replace(new RegExp(`\\b${match[1]}\\b`, 'g'), '<engine>'));
    byEngine.set(match[1], entry);
  }
  const lines = [...byEngine].map(([engine, c]) => `engine push suite (${engine}): ${c.passed} passed, ${c.failed} failed`);
  const [docker, podman] = [byEngine.get('docker'), byEngine.get('podman')];
  if (!docker || !podman) return { lines, problem: `the engine push suite did not run for ${!docker ? 'docker' : 'podman'}` };
  const same = docker.cases.size === podman.cases.size && [...docker.cases].every((c) => podman.cases.has(c));
  return same ? { lines } : { lines, problem: 'the engine push suite ran different cases for docker and podman' };
}

/** One result for every host run, so the summary counts the first-run, untrusted-workspace and podman tests too. */
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
