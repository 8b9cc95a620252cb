import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import { LOG_FILE_ENV, RESULT_FILE_ENV } from '../host/hostEnv';
import { readTestResult, resultProblem } from '../host/testResult';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the reporter is a CommonJS class export
import SpecJsonReporter = require('../host/specJsonReporter');

// The CommonJS build of mocha: `require('mocha')` is an ES module wrapper in mocha 12.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MochaClass: typeof Mocha = require('mocha/lib/mocha.cjs');

/** Integration tests talk to a real engine and registry; a large push may take a while. */
const TEST_TIMEOUT_MS = 180_000;

/**
 * The in-host entry: VS Code's extension host calls run() (code-server through the payload's
 * extensionTestsPath, or @vscode/test-electron's extensionTestsPath). Runs every
 * `*.test.js` next to this file with mocha BDD, writes the result JSON to $ECR_PUSH_TEST_RESULT,
 * and rejects when a test failed, when zero tests ran, or — under CI=true — when one was skipped.
 */
export async function run(): Promise<void> {
  await runSuitesIn(__dirname);
}

/** Runs every `*.test.js` under `dir` in this extension host (also used by the packaged-build entry). */
export async function runSuitesIn(dir: string): Promise<void> {
  const resultFile = process.env[RESULT_FILE_ENV];
  const restoreConsole = teeReporter(process.env[LOG_FILE_ENV]);
  try {
    await runMocha(resultFile, dir);
  } finally {
    restoreConsole();
  }
}

async function runMocha(resultFile: string | undefined, dir: string): Promise<void> {
  const mocha = new MochaClass({
    ui: 'bdd',
    color: false,
    timeout: TEST_TIMEOUT_MS,
    reporter: SpecJsonReporter,
    reporterOptions: { output: resultFile },
    // ECR_PUSH_TEST_GREP narrows a local run to matching tests (never set in CI).
    grep: process.env.ECR_PUSH_TEST_GREP || undefined,
    // An `.only` left in a suite fails the run instead of quietly running one test; under CI, so does a skip.
    forbidOnly: true,
    forbidPending: process.env.CI === 'true',
  });
  const files = findTests(dir);
  for (const file of files) mocha.addFile(file);
  consoleLog(`in-host mocha: ${files.length} suite file(s) in VS Code ${vscode.version}, Node ${process.versions.node}`);

  const failures = await new Promise<number>((resolve, reject) => {
    try {
      mocha.run(resolve);
    } catch (error) {
      // E.g. an `.only` under forbidOnly: mocha refuses before any test runs, so no result is written;
      // say why where the outer runner shows it.
      consoleLog(`in-host mocha could not run the suites: ${error instanceof Error ? error.message : String(error)}`);
      reject(error);
    }
  });
  // Judge from the same JSON the outer runner reads, so both agree on what counts as green.
  const problem = resultFile
    ? resultProblem(readTestResult(resultFile), process.env.CI === 'true')
    : failures > 0
      ? `${failures} failed`
      : undefined;
  if (problem) throw new Error(`integration tests: ${problem}`);
}

/** Prints through mocha's reporter console, which teeReporter copies to the log the outer runner tails. */
function consoleLog(line: string): void {
  (MochaClass.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog(line);
}

/**
 * While tests run, also append each line of mocha's reporter to `logFile`, synchronously so the
 * order holds; the outer runner tails that file. (Patching `console` itself does not work: the
 * extension host pins its console methods with non-writable properties.) Returns the undo.
 */
function teeReporter(logFile: string | undefined): () => void {
  if (!logFile) return () => undefined;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const base = MochaClass.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]): void => {
    try {
      fs.appendFileSync(logFile, format(...args) + '\n');
    } catch {
      // The console still has the line; losing the copy must not fail a test.
    }
    original.apply(console, args);
  };
  return () => {
    base.consoleLog = original;
  };
}

/** Every `*.test.js` under `dir`, sorted so the order is the same on every machine. */
function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}
