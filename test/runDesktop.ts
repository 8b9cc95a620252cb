import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildAndCompile } from './host/buildSteps';
import { onCleanup, runCleanup } from './host/cleanup';
import { runMain } from './host/runMain';
import { RESULT_FILE_ENV, USER_DATA_DIR_ENV } from './host/hostEnv';
import { startRunStack } from './host/runStack';
import { readTestResult, resultProblem } from './host/testResult';
import { writeUserSettings } from './host/userSettings';

/** This file runs from out/test/. */
const repoRoot = path.resolve(__dirname, '..', '..');
const log = (line: string): void => console.log(line);

/** The part of .vscode-test.mjs this runner uses. */
interface DesktopConfig {
  label: string;
  version: string;
  launchArgs?: string[];
}

/**
 * `npm run test:desktop`: the same suites (out/test/integration through its index.ts) in a desktop
 * VS Code that @vscode/test-electron downloads into .vscode-test/ — for machines that can download
 * it (this project's CI machine cannot, and uses runIntegration.ts with code-server instead).
 */
async function main(): Promise<number> {
  if (!process.argv.includes('--no-build')) buildAndCompile(repoRoot, log);
  const configs = (await import(pathToFileURL(path.join(repoRoot, '.vscode-test.mjs')).href)).default as DesktopConfig[];
  const config = configs.find((c) => c.label === 'integration') ?? configs[0];
  const ci = process.env.CI === 'true';
  // Download (or reuse .vscode-test/) first: no point starting the stack if VS Code cannot be had.
  const vscodeExecutablePath = await downloadAndUnzipVSCode(config.version);

  const { env, settings } = await startRunStack({ log, requireEngine: ci });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-desktop-'));
  onCleanup(() => fs.rmSync(stateDir, { recursive: true, force: true }));
  const userDataDir = path.join(stateDir, 'user-data');
  const workspace = path.join(stateDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  writeUserSettings(userDataDir, settings);
  const resultFile = path.join(repoRoot, 'test-results', 'integration-desktop.json');
  fs.rmSync(resultFile, { force: true });

  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
      launchArgs: [
        workspace,
        ...(config.launchArgs ?? []),
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        path.join(stateDir, 'extensions'),
      ],
      extensionTestsEnv: { ...env, [RESULT_FILE_ENV]: resultFile, [USER_DATA_DIR_ENV]: userDataDir },
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero (a failed test) or cannot be downloaded.
    log(`desktop run failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  } finally {
    await runCleanup();
  }
  const result = readTestResult(resultFile);
  const problem = resultProblem(result, ci) ?? (exitCode !== 0 ? `VS Code exited with ${exitCode}` : undefined);
  log(`integration (desktop VS Code ${config.version}): ${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed`);
  if (problem) log(`integration (desktop): NOT GREEN — ${problem}`);
  return problem ? 1 : 0;
}

runMain(module, 'test:desktop', main);
