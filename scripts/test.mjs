// `npm test`: set up what is missing (scripts/setup.mjs: Debian packages, npm ci), build the extension
// and compile the tests once, then run the tiers in order — unit (plain mocha), fixture (the local
// stack's own tests), integration (mocha inside a real VS Code extension host), packaged (the .vsix in a
// real host) — check docs/reliability.md against this run's results, and print one summary. The LAST
// line is `total: N passed, N failed` (CI reads it). Exit code 1 when anything failed, a tier crashed or
// ran fewer tests than test/expected-counts.json says, the reliability doc differs from this run, or,
// under CI=true, a tier ran zero tests or skipped one.
//
//   npm test -- --update-docs     after a green full run, write the rebuilt docs/reliability.md
//   npm test -- --update-counts   after a green full run, write this run's counts to test/expected-counts.json
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { prepare } from './setup.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Before anything below resolves a module from node_modules: on a fresh clone there is none yet.
if (!prepare({ repoRoot, who: 'npm test' })) process.exit(1);
const require = createRequire(import.meta.url);
const resultsDir = path.join(repoRoot, 'test-results');
const ci = process.env.CI === 'true';
const started = Date.now();
const mochaBin = require.resolve('mocha/bin/mocha.js');
const reporter = path.join(repoRoot, 'out', 'test', 'host', 'specJsonReporter.js');

// An `.only` left in a test must fail the run, not quietly run one test; under CI a skip fails too.
const guardArgs = ['--forbid-only', ...(ci ? ['--forbid-pending'] : [])];

/** The tiers, in order. `dir` is the folder whose *.test.js mocha runs; `product` is false for the test stack's own checks. */
const tiers = [
  { name: 'unit', label: 'unit', dir: 'out/test/unit', mochaArgs: guardArgs, product: true },
  { name: 'fixture', label: 'fixture', dir: 'out/test/fixtureTests', mochaArgs: [...guardArgs, '--timeout', '120000'], product: false },
  { name: 'integration', label: 'integration (real VS Code 1.100.3 host)', script: 'out/test/runIntegration.js', product: true },
  { name: 'packaged', label: 'packaged .vsix (real VS Code 1.100.3 host)', script: 'out/test/runPackaged.js', product: true },
];

let current; // the running child, so Ctrl-C reaches it and it can clean up
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the running tier…`);
    if (current) current.kill(signal);
    else process.exit(130);
  });
}

function step(title, command, args) {
  console.log(`\n== ${title}`);
  const run = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${title} failed (exit ${run.status ?? run.signal}); no tests were run.`);
    console.log('total: 0 passed, 1 failed');
    process.exit(1);
  }
}

function run(command, args, env) {
  return new Promise((resolve) => {
    current = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
    current.on('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    current.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Every *.test.js under dir (relative to the repo), sorted. */
function findTests(dir) {
  const full = path.join(repoRoot, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Compiled tests whose .ts source is gone would still run: remove them. */
function removeStaleTests() {
  for (const file of findTests('out/test')) {
    const source = path.join(repoRoot, file.replace(/^out[\\/]/, '').replace(/\.js$/, '.ts'));
    if (!fs.existsSync(source)) {
      fs.rmSync(path.join(repoRoot, file), { force: true });
      fs.rmSync(path.join(repoRoot, `${file}.map`), { force: true });
    }
  }
}

step('build the extension', 'npm', ['run', 'build']);
step('compile the tests', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.']);
removeStaleTests();
const { readTestResult, resultProblem } = await import(path.join(repoRoot, 'out', 'test', 'host', 'testResult.js'));

const updateDocs = process.argv.includes('--update-docs');
const updateCounts = process.argv.includes('--update-counts');
const countsFile = path.join(repoRoot, 'test', 'expected-counts.json');
/** Per tier, the fewest tests a run may have: the committed figures of the last green run. */
const expectedCounts = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
// Results left by an earlier run must never be read as this run's: remove every one before starting.
if (fs.existsSync(resultsDir)) {
  for (const file of fs.readdirSync(resultsDir)) {
    if (file.endsWith('.json') || file === 'reliability.md') fs.rmSync(path.join(resultsDir, file), { force: true });
  }
}
const narrowedBy = process.env.ECR_PUSH_TEST_GREP ? `ECR_PUSH_TEST_GREP=${process.env.ECR_PUSH_TEST_GREP}` : undefined;

const summary = [];
for (const tier of tiers) {
  const tierStarted = Date.now();
  const resultFile = path.join(resultsDir, `${tier.name}.json`);
  fs.rmSync(resultFile, { force: true });
  console.log(`\n== ${tier.label}`);
  let exitCode;
  let result;
  if (tier.script) {
    exitCode = await run(process.execPath, [tier.script, '--no-build']);
    result = readTestResult(resultFile);
  } else {
    const files = findTests(tier.dir);
    if (files.length === 0) {
      console.log(`(no ${tier.dir}/**/*.test.js)`);
      exitCode = 0;
      result = { passed: 0, failed: 0, pending: 0, tests: [], failures: [] };
    } else {
      exitCode = await run(process.execPath, [
        mochaBin,
        '--reporter',
        reporter,
        '--reporter-option',
        `output=${resultFile}`,
        ...tier.mochaArgs,
        ...files,
      ]);
      result = readTestResult(resultFile);
    }
  }
  let problem = resultProblem(result, ci);
  // Zero tests is only a failure under CI; locally a tier may simply not exist yet.
  if (!ci && result && result.passed + result.failed === 0 && exitCode === 0) problem = undefined;
  if (!problem && exitCode !== 0) problem = `exit code ${exitCode}`;
  // A tier may grow (tests added on other branches), never shrink unless the committed figure is lowered.
  const ran = (result?.passed ?? 0) + (result?.failed ?? 0);
  const expected = expectedCounts[tier.name] ?? 0;
  const shrank = ran < expected;
  if (!problem && shrank) {
    problem = `ran ${ran} tests, fewer than the ${expected} in test/expected-counts.json${narrowedBy && tier.script ? ` (${narrowedBy})` : ''}`;
  }
  summary.push({ tier, result, problem, ran, expected, shrank, seconds: (Date.now() - tierStarted) / 1000 });
}

const green = summary.every((s) => !s.problem);
const { checkReliabilityDoc, RELIABILITY_TIERS } = await import('./reliabilityTable.mjs');
const { readmeCountsProblem, writeReadmeCounts } = await import('./readmeCounts.mjs');
const ranInFull = (name) => summary.some((s) => s.tier.name === name && s.result && !s.shrank);
console.log('\n== reliability table (docs/reliability.md against this run)');
let reliability;
try {
  reliability = checkReliabilityDoc({
    repoRoot,
    results: Object.fromEntries(summary.map((s) => [s.tier.name, s.result])),
    fullRun: !narrowedBy && RELIABILITY_TIERS.every(ranInFull),
    green,
    update: updateDocs,
  });
} catch (error) {
  // A broken check must fail the run with the summary printed, never end it without the last line.
  reliability = { problem: `the check itself failed: ${error instanceof Error ? error.stack : String(error)}`, lines: [] };
}
for (const line of reliability.lines) console.log(line);
if (reliability.problem) console.log(reliability.problem);

if (updateCounts) {
  if (green && !narrowedBy) {
    const counts = Object.fromEntries(summary.map((s) => [s.tier.name, s.ran]));
    fs.writeFileSync(countsFile, JSON.stringify(counts, null, 2) + '\n');
    writeReadmeCounts(repoRoot, counts);
    Object.assign(expectedCounts, counts);
    console.log(`\nwrote test/expected-counts.json and README.md's counts: ${JSON.stringify(counts)}`);
  } else {
    console.log('\ntest/expected-counts.json not updated: the run is not green and full');
  }
}

const readmeProblem = readmeCountsProblem(repoRoot, expectedCounts);

console.log('\n== summary');
let passed = 0;
let failed = 0;
const groups = { product: { passed: 0, failed: 0, tiers: [] }, stack: { passed: 0, failed: 0, tiers: [] } };
for (const { tier, result, problem, ran, expected, seconds } of summary) {
  const p = result?.passed ?? 0;
  // A tier that broke without a failed test (crash, zero tests under CI, fewer tests than expected) still counts as one failure.
  const f = (result?.failed ?? 0) || (problem ? 1 : 0);
  passed += p;
  failed += f;
  const group = groups[tier.product ? 'product' : 'stack'];
  group.passed += p;
  group.failed += f;
  group.tiers.push(tier.name);
  const pending = result?.pending ? `, ${result.pending} pending` : '';
  console.log(
    `${tier.label}: ${p} passed, ${f} failed${pending}; ran ${ran}, expected ≥ ${expected} (${seconds.toFixed(0)}s)` +
      (problem ? ` — ${problem}` : ''),
  );
}
// The engine push suite runs once per real engine (docker in the main host run, podman in its own): say how each did.
const integration = summary.find((s) => s.tier.name === 'integration')?.result;
const engines = new Map();
for (const test of integration?.tests ?? []) {
  const engine = /^engine push suite \((\w+)\) /.exec(test.title)?.[1];
  if (!engine) continue;
  const counts = engines.get(engine) ?? { passed: 0, failed: 0 };
  if (test.state === 'passed') counts.passed++;
  if (test.state === 'failed') counts.failed++;
  engines.set(engine, counts);
}
if (engines.size > 0) {
  console.log(
    `integration engine push suite per engine: ${[...engines].map(([e, c]) => `${e} ${c.passed} passed, ${c.failed} failed`).join('; ')}`,
  );
}
console.log(`reliability table: ${reliability.problem ?? reliability.lines.at(-1)}`);
if (reliability.problem) failed += 1;
console.log(`README test counts: ${readmeProblem ?? 'match test/expected-counts.json'}`);
if (readmeProblem) failed += 1;
console.log(`product tests (${groups.product.tiers.join(' + ')}): ${groups.product.passed} passed, ${groups.product.failed} failed`);
console.log(`test-stack self-checks (${groups.stack.tiers.join(' + ')}): ${groups.stack.passed} passed, ${groups.stack.failed} failed`);
console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
