import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureCodeServer, VSCODE_VERSION } from './host/codeServer';
import { runCleanup } from './host/cleanup';
import { runMain } from './host/runMain';
import { runTestsInHost, type HostRunOutcome } from './host/runInHost';
import { startRunStack } from './host/runStack';
import { resultProblem } from './host/testResult';

/** This file runs from out/test/. */
const repoRoot = path.resolve(__dirname, '..', '..');
const resultsDir = path.join(repoRoot, 'test-results');
const log = (line: string): void => console.log(line);

/**
 * `node out/test/runPackaged.js`: `npm run package`, then installs the .vsix into a fresh code-server
 * with its CLI and runs out/test/packaged inside that extension host against the local stack. Prints
 * `packaged (.vsix in VS Code 1.100.3): N passed, N failed`; exit code 1 when not green.
 */
async function main(): Promise<number> {
  const ci = process.env.CI === 'true';
  const packaged = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (packaged.status !== 0) {
    log('packaged: npm run package failed');
    return 1;
  }
  const install = await ensureCodeServer(repoRoot, log);
  const { env, settings } = await startRunStack({ log, requireEngine: ci });
  let outcome: HostRunOutcome;
  try {
    outcome = await runTestsInHost({
      install,
      installExtensions: [path.join(repoRoot, 'ecr-push.vsix')],
      extensionDevelopmentPath: path.join(repoRoot, 'test', 'packaged', 'devStub'),
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'packaged', 'index'),
      resultFile: path.join(resultsDir, 'packaged.json'),
      logFile: path.join(resultsDir, 'packaged.log'),
      screenshotsDir: path.join(resultsDir, 'screenshots'),
      env,
      settings,
      timeoutMs: 5 * 60_000,
      log,
    });
  } finally {
    await runCleanup();
  }
  const result = outcome.result;
  for (const failure of result?.failures ?? []) log(`  ✗ ${failure.title}\n     ${failure.message}`);
  const problem =
    outcome.abortReason ?? resultProblem(result, ci) ?? (outcome.exitCode !== 0 ? `host exit code ${outcome.exitCode}` : undefined);
  log(`packaged (.vsix in VS Code ${VSCODE_VERSION}): ${result?.passed ?? 0} passed, ${result?.failed ?? 0} failed`);
  if (problem) log(`packaged: NOT GREEN — ${problem}`);
  return problem ? 1 : 0;
}

runMain(module, 'packaged', main);
