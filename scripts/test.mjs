// `npm test`: set up what is missing (scripts/setup.mjs: Debian packages, npm ci), build the extension
// and compile the tests once, then run the tiers in order —
// unit (plain mocha), fixture (the local stack's own tests), integration (mocha inside a real
// VS Code extension host) — and print one summary. The LAST line is `total: N passed, N failed`
// (CI reads it). Exit code 1 when anything failed, a tier crashed, or, under CI=true, a tier ran
// zero tests or skipped one.
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

/** The tiers, in order. `files` is the folder whose *.test.js mocha runs. */
const tiers = [
  { name: 'unit', label: 'unit', dir: 'out/test/unit', mochaArgs: [] },
  { name: 'fixture', label: 'fixture', dir: 'out/test/fixtureTests', mochaArgs: ['--timeout', '120000'] },
  { name: 'integration', label: 'integration (real VS Code 1.100.3 host)', script: 'out/test/runIntegration.js' },
  { name: 'packaged', label: 'packaged .vsix (real VS Code 1.100.3 host)', script: 'out/test/runPackaged.js' },
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
  summary.push({ tier, result, problem, seconds: (Date.now() - tierStarted) / 1000 });
}

console.log('\n== summary');
let passed = 0;
let failed = 0;
for (const { tier, result, problem, seconds } of summary) {
  const p = result?.passed ?? 0;
  // A tier that broke without a failed test (crash, zero tests under CI) still counts as one failure.
  const f = (result?.failed ?? 0) || (problem ? 1 : 0);
  passed += p;
  failed += f;
  const pending = result?.pending ? `, ${result.pending} pending` : '';
  console.log(`${tier.label}: ${p} passed, ${f} failed${pending} (${seconds.toFixed(0)}s)${problem ? ` — ${problem}` : ''}`);
}
console.log(`wall time: ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
