import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureCodeServer, VSCODE_VERSION } from './host/codeServer';
import { readInstallSteps } from './host/installSteps';
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
 * `node out/test/runPackaged.js`: runs the README's install steps as a user would (read from README.md,
 * see host/installSteps.ts): `npm run package`, then `code --install-extension ecr-push.vsix`, given to
 * code-server's CLI (same flag) for a fresh profile. Then runs out/test/packaged inside that extension
 * host against the local stack. Prints `packaged (.vsix in VS Code 1.100.3): N passed, N failed`; exit
 * code 1 when not green.
 */
async function main(): Promise<number> {
  const ci = process.env.CI === 'true';
  const steps = readInstallSteps(path.join(repoRoot, 'README.md'));
  for (const step of steps.filter((s) => s.runner === 'npm')) {
    log(`README install step: ${step.line}`);
    const ran = spawnSync(step.argv[0], step.argv.slice(1), { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    if (ran.status !== 0) {
      log(`packaged: the README's "${step.line}" failed (exit ${ran.status})`);
      return 1;
    }
  }
  const cliCommands = steps.filter((s) => s.runner === 'vscodeCli').map((s) => ({ args: s.argv.slice(1), cwd: repoRoot }));
  for (const step of steps.filter((s) => s.runner === 'vscodeCli')) {
    log(`README install step: ${step.line} (run with code-server's CLI, into a fresh profile)`);
  }
  const install = await ensureCodeServer(repoRoot, log);
  const { env, settings } = await startRunStack({ log, requireEngine: ci });
  let outcome: HostRunOutcome;
  try {
    outcome = await runTestsInHost({
      install,
      cliCommands,
      extensionDevelopmentPath: path.join(repoRoot, 'test', 'packaged', 'devStub'),
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'packaged', 'index'),
      resultFile: path.join(resultsDir, 'packaged.json'),
      logFile: path.join(resultsDir, 'packaged.log'),
      screenshotsDir: path.join(resultsDir, 'screenshots'),
      env,
      // A user's VS Code opens an extension's walkthrough on install; the quiet test defaults do not.
      settings: { ...settings, 'workbench.welcomePage.walkthroughs.openOnInstall': true },
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
