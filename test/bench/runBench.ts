import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AWS_CLI } from '../fixtures/awsCli';
import { buildStep } from '../host/buildSteps';
import { ensureCodeServer, VSCODE_VERSION, type CodeServerInstall } from '../host/codeServer';
import { runCleanup } from '../host/cleanup';
import { runMain } from '../host/runMain';
import { runTestsInHost } from '../host/runInHost';
import { startRunStack, type RunStack } from '../host/runStack';
import { BENCH_OUT_ENV, BENCH_QUICK_ENV, BENCH_WORK_ENV } from './benchEnv';
import type { ActivationResult } from './host/activationSuite';
import type { PushBenchResult } from './host/pushSuite';
import type { TreeResult } from './host/treeSuite';
import { renderReport, type BenchReport, type Machine, type Sizes } from './report';

/** This file runs from out/test/bench/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const resultsDir = path.join(repoRoot, 'test-results', 'bench');
const docFile = path.join(repoRoot, 'docs', 'benchmarks.md');
const quick = process.argv.includes('--quick') || process.env[BENCH_QUICK_ENV] === '1';
const log = (line: string): void => console.log(line);

/**
 * `node out/test/bench/runBench.js [--no-build] [--quick]` (npm run bench): packages the extension as it
 * ships, starts the local stack, runs the in-host bench suites in fresh VS Code extension hosts
 * (activation once per host, then pushes, then the tree), and regenerates docs/benchmarks.md from
 * what they measured. Not part of npm test: nothing here asserts a time. Exit 1 only when a suite
 * failed to produce figures.
 */
async function main(): Promise<number> {
  if (process.argv.includes('--report-only')) return reportOnly();
  const waitStarted = Date.now();
  await waitForOtherRuns();
  // The bench's own time starts once the machine is ours; the wait is reported apart.
  const initialWaitMs = Date.now() - waitStarted;
  const started = Date.now();
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-bench-'));
  const vsix = path.join(work, 'ecr-push.vsix');
  if (!process.argv.includes('--no-build')) {
    // The production bundle (minified, split SDK file) is what the .vsix ships and what the host loads.
    buildStep(repoRoot, 'bundle for production', process.execPath, ['scripts/esbuild.mjs', '--production'], log);
    buildStep(repoRoot, 'compile the bench', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.'], log);
  }
  // The same vsce flags as `npm run package`, into the bench's scratch folder.
  buildStep(
    repoRoot,
    'package',
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '-o',
      vsix,
    ],
    log,
  );
  const sizes = measureSizes(vsix);
  // The hosts load the extension as it ships: the .vsix unpacked. It also keeps the measured build
  // fixed while others rebuild dist/ in the shared tree.
  const unpacked = path.join(work, 'vsix');
  execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', unpacked]);
  const extensionPath = path.join(unpacked, 'extension');

  // Another engineer's integration run starting mid-bench would distort both on 2 cores: record it.
  const overlapping = new Set<number>();
  const watch = setInterval(
    () =>
      otherRuns().forEach((pid) => {
        if (!overlapping.has(pid)) log(`bench: WARNING an integration run (pid ${pid}) started during the bench; figures are distorted`);
        overlapping.add(pid);
      }),
    3_000,
  );
  const install = await ensureCodeServer(repoRoot, log);
  // No stand-in keychain: the manual flow the bench compares with runs without one.
  const runStack = await startRunStack({ log, requireEngine: true, desktopCredentialStores: false });
  let report: BenchReport;
  try {
    const machine = describeMachine(runStack);
    // `--only=tree` (or activation, push): one suite, printed, no report; for working on the bench.
    const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
    const activationRuns = quick ? 2 : 5;
    if (only) {
      // Activation runs as many hosts as the full bench does: the first start differs from the later ones.
      const hosts = only === 'activation' ? activationRuns : 1;
      for (let i = 0; i < hosts; i++) {
        const result = await runSuiteInHost<unknown>(install, runStack, work, extensionPath, `${only}-${i + 1}`, `${only}Suite`);
        log(JSON.stringify(result, null, 2));
      }
      return 0;
    }
    const activation: ActivationResult[] = [];
    for (let i = 0; i < activationRuns; i++) {
      log(`bench: activation host ${i + 1}/${activationRuns}`);
      activation.push(
        await runSuiteInHost<ActivationResult>(install, runStack, work, extensionPath, `activation-${i + 1}`, 'activationSuite'),
      );
    }
    log('bench: push host (sections 1, 2, 5)');
    const push = await runSuiteInHost<PushBenchResult>(install, runStack, work, extensionPath, 'push', 'pushSuite');
    log('bench: tree host (section 4)');
    const tree = await runSuiteInHost<TreeResult>(install, runStack, work, extensionPath, 'tree', 'treeSuite');
    report = {
      machine,
      sizes,
      activation,
      push,
      tree,
      quick,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      overlappingRuns: [],
      initialWaitMs,
    };
  } finally {
    clearInterval(watch);
    await runCleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
  report.durationMs = Date.now() - started;
  report.overlappingRuns = [...overlapping];
  fs.writeFileSync(path.join(resultsDir, 'bench.json'), JSON.stringify(report, null, 2));
  if (quick) {
    const file = path.join(resultsDir, 'benchmarks.quick.md');
    fs.writeFileSync(file, renderReport(report));
    log(`bench (quick): wrote ${path.relative(repoRoot, file)}; docs/benchmarks.md left as it was`);
  } else {
    fs.mkdirSync(path.dirname(docFile), { recursive: true });
    fs.writeFileSync(docFile, renderReport(report));
    log(`bench: wrote ${path.relative(repoRoot, docFile)}`);
  }
  log(`bench took ${(report.durationMs / 60_000).toFixed(1)} min`);
  return 0;
}

/**
 * `--report-only`: renders docs/benchmarks.md again from the last run's test-results/bench/bench.json
 * (after a change to the report's wording); the figures stay those of that real run.
 */
function reportOnly(): number {
  const report = JSON.parse(fs.readFileSync(path.join(resultsDir, 'bench.json'), 'utf8')) as BenchReport;
  report.overlappingRuns ??= [];
  fs.writeFileSync(report.quick ? path.join(resultsDir, 'benchmarks.quick.md') : docFile, renderReport(report));
  log(`bench: rendered the report of the run started ${report.startedAt}`);
  return 0;
}

/** Runs one in-host bench module in a fresh code-server and returns the JSON it wrote. */
async function runSuiteInHost<T>(
  install: CodeServerInstall,
  runStack: RunStack,
  work: string,
  extensionPath: string,
  name: string,
  module: string,
): Promise<T> {
  const out = path.join(resultsDir, `${name}.json`);
  const outcome = await runTestsInHost({
    install,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'bench', 'host', module),
    resultFile: path.join(resultsDir, `${name}.host-result.json`),
    logFile: path.join(resultsDir, `${name}.log`),
    screenshotsDir: path.join(resultsDir, 'screenshots'),
    env: { ...runStack.env, [BENCH_OUT_ENV]: out, [BENCH_WORK_ENV]: path.join(work, name), ...(quick ? { [BENCH_QUICK_ENV]: '1' } : {}) },
    settings: runStack.settings,
    timeoutMs: 20 * 60_000,
    log,
  });
  if (outcome.exitCode !== 0 || !fs.existsSync(out)) {
    throw new Error(
      `bench suite ${name} did not finish: ${outcome.abortReason ?? `exit code ${outcome.exitCode}`} (log: ${path.relative(repoRoot, path.join(resultsDir, `${name}.log`))})`,
    );
  }
  return JSON.parse(fs.readFileSync(out, 'utf8')) as T;
}

/** Sizes of what ships: the .vsix and the bundle files. */
function measureSizes(vsix: string): Sizes {
  const size = (file: string) => fs.statSync(file).size;
  return {
    vsixBytes: size(vsix),
    extensionJsBytes: size(path.join(repoRoot, 'dist', 'extension.js')),
    mainJsBytes: size(path.join(repoRoot, 'dist', 'main.js')),
    awsSdkJsBytes: size(path.join(repoRoot, 'dist', 'aws-sdk.js')),
    awsIniJsBytes: size(path.join(repoRoot, 'dist', 'aws-ini.js')),
    vsixFiles: execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean),
  };
}

/** The machine the figures come from. */
function describeMachine(runStack: RunStack): Machine {
  const dockerVersion = (format: string) => {
    try {
      return execFileSync('docker', ['version', '--format', format], {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: runStack.stack.dockerHost },
      }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    dockerClient: dockerVersion('{{.Client.Version}}'),
    dockerEngine: `${dockerVersion('{{.Server.Version}}')} (storage driver ${dockerInfo(runStack, '{{.Driver}}')})`,
    vscode: `${VSCODE_VERSION} (code-server extension host)`,
    awsCli: (() => {
      try {
        return execFileSync(AWS_CLI, ['--version'], { encoding: 'utf8' }).trim().split(' ')[0];
      } catch {
        return 'unknown';
      }
    })(),
  };
}

function dockerInfo(runStack: RunStack, format: string): string {
  try {
    return execFileSync('docker', ['info', '--format', format], {
      encoding: 'utf8',
      env: { ...process.env, DOCKER_HOST: runStack.stack.dockerHost },
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** Waits while another engineer's integration run is going: both would distort each other on 2 cores. */
async function waitForOtherRuns(): Promise<void> {
  if (process.argv.includes('--no-wait')) return;
  for (let announced = false; ; announced = true) {
    const others = otherRuns();
    if (others.length === 0) return;
    if (!announced) log(`bench: waiting for a running integration run to finish (pid ${others.join(', ')}); --no-wait skips this`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

function otherRuns(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((arg) => arg.includes('runIntegration.js'))) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

runMain(module, 'bench', main);
