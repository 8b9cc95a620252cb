import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser';
import type { CodeServerInstall } from './codeServer';
import { codeServerDirs, startCodeServer, type RunningCodeServer } from './codeServerProcess';
import { startDriverServer, screenshot, type DriverServer, type OpenWindow } from './driverServer';
import { onCleanup } from './cleanup';
import { tailFile, type FileTail } from './fileTail';
import { DRIVER_URL_ENV, LOG_FILE_ENV, RESULT_FILE_ENV, USER_DATA_DIR_ENV } from './hostEnv';
import { readTestResult, type TestResult } from './testResult';
import { writeUserSettings } from './userSettings';
import { workbenchUrl } from './workbenchUrl';

/** How to run one in-host test module. */
export interface HostRunOptions {
  install: CodeServerInstall;
  /** The extension folder (with package.json) loaded as a development extension. */
  extensionDevelopmentPath: string;
  /** Module exporting `run(): Promise<void>`, e.g. out/test/integration/index. */
  extensionTestsPath: string;
  /** Where the in-host entry writes its result JSON. */
  resultFile: string;
  /** Where the in-host entry copies its console lines; tailed to `log` while the run lasts. */
  logFile: string;
  /** Where screenshots go (the driver's and the one taken when the run fails). */
  screenshotsDir: string;
  /** Environment for the extension host (stack DOCKER_HOST, AWS_* and the stack-info path). */
  env?: Record<string, string>;
  /** User settings on top of the quiet defaults, e.g. ecrPush.endpoint and ecrPush.region. */
  settings?: Record<string, unknown>;
  /** Settings of the opened workspace folder (`.vscode/settings.json`), e.g. for the untrusted-workspace run. */
  workspaceSettings?: Record<string, unknown>;
  /**
   * VS Code CLI commands run first, before code-server starts (e.g. `--install-extension ecr-push.vsix`):
   * given to code-server's CLI, which takes the same flags, with this run's user data and extensions
   * folders added, in `cwd`.
   */
  cliCommands?: ReadonlyArray<{ readonly args: readonly string[]; readonly cwd: string }>;
  /** The whole run, from starting code-server to run() settling. */
  timeoutMs: number;
  log: (line: string) => void;
  /** Also print the workbench's own console and code-server's log lines. */
  verbose?: boolean;
}

/** How the in-host run ended. */
export interface HostRunOutcome {
  /** What `codeAutomationExit` received: 0 when run() resolved; undefined when it never came. */
  exitCode?: number;
  /** Set when the run did not end by itself: a timeout, a crash of code-server or the page. */
  abortReason?: string;
  result?: TestResult;
}

/**
 * Runs `extensionTestsPath` inside the extension host of a fresh code-server, driven by headless
 * Chromium, exactly as @vscode/test-electron would in a desktop VS Code: the workbench loads the
 * development extension, calls run(), and reports its outcome through `codeAutomationExit`.
 * Everything started here is stopped before it returns (and on Ctrl-C).
 */
export async function runTestsInHost(options: HostRunOptions): Promise<HostRunOutcome> {
  const { log } = options;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-host-'));
  const workspace = path.join(stateDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  if (options.workspaceSettings) {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(options.workspaceSettings, null, 2) + '\n');
  }
  fs.rmSync(options.resultFile, { force: true });
  fs.rmSync(options.logFile, { force: true });

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let driver: DriverServer | undefined;
  let page: Page | undefined;
  let tail: FileTail | undefined;
  const stopAll = async (): Promise<void> => {
    tail?.stop();
    tail = undefined;
    await driver?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (!process.env.ECR_PUSH_KEEP_HOST_STATE) fs.rmSync(stateDir, { recursive: true, force: true });
  };
  const unregister = onCleanup(stopAll);
  try {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`timed out after ${options.timeoutMs / 1000}s (set ECR_PUSH_HOST_TIMEOUT_MS to change)`),
        options.timeoutMs,
      );
    });

    browser = await launchBrowser();
    page = await openPage(browser, {
      // The host's console lines arrive whole through the log file; here only when asked.
      extensionHost: (text, type) => options.verbose && log(`  [host:${type}] ${text}`),
      workbench: (text, type) => options.verbose && log(`  [workbench:${type}] ${text}`),
      error: (text) => log(`  [workbench] ${text}`),
    });
    const openWindow: OpenWindow = (request) => {
      if (!browser || !server) throw new Error('code-server is not running');
      return runSecondWindow(browser, server, options, request);
    };
    driver = await startDriverServer(page, options.screenshotsDir, log, openWindow);

    const { userDataDir } = codeServerDirs(stateDir);
    writeUserSettings(userDataDir, options.settings);
    for (const command of options.cliCommands ?? []) {
      runCli(options.install, stateDir, command, log);
    }
    server = await startCodeServer({
      install: options.install,
      stateDir,
      folder: workspace,
      env: {
        ...options.env,
        [RESULT_FILE_ENV]: options.resultFile,
        [LOG_FILE_ENV]: options.logFile,
        [DRIVER_URL_ENV]: driver.url,
        [USER_DATA_DIR_ENV]: userDataDir,
      },
      onLine: (line) => {
        if (options.verbose) log(`  [code-server] ${line}`);
      },
    });
    log(`code-server ${options.install.version} on ${server.url} (pid ${server.pid})`);
    tail = tailFile(options.logFile, log);

    let reportExit: (code: number) => void = () => undefined;
    const exitReported = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    const crashed = new Promise<string>((resolve) => page!.once('crash', () => resolve('the workbench page crashed')));
    const serverGone = server.exited.then((code) => `code-server exited unexpectedly (code ${code})`);

    await page.goto(
      workbenchUrl(server.url, {
        folder: workspace,
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
      }),
    );
    const outcome = await Promise.race([exitReported, deadline, crashed, serverGone]);
    clearTimeout(timer);
    tail.stop();

    const exitCode = typeof outcome === 'number' ? outcome : undefined;
    const abortReason = typeof outcome === 'string' ? outcome : undefined;
    if (exitCode !== 0) {
      const file = await screenshot(page, options.screenshotsDir, 'integration-end').catch(() => undefined);
      if (file) log(`screenshot of the workbench when the run ended: ${file}`);
    }
    return { exitCode, abortReason, result: readTestResult(options.resultFile) };
  } finally {
    unregister();
    await stopAll();
  }
}

/**
 * A second window of the same code-server, as a person opens one beside the first: its own extension
 * host, the same user data (so the same global storage), another folder. Its extension host runs
 * `request.extensionTestsPath`; resolves with the exit code that run reports, then closes the window.
 */
async function runSecondWindow(
  browser: Browser,
  server: RunningCodeServer,
  options: HostRunOptions,
  request: { folder: string; extensionTestsPath: string; timeoutMs: number },
): Promise<{ exitCode: number }> {
  const { log } = options;
  const page = await openPage(browser, {
    extensionHost: (text, type) => log(`  [window 2 host:${type}] ${text}`),
    workbench: (text, type) => options.verbose && log(`  [window 2:${type}] ${text}`),
    error: (text) => log(`  [window 2] ${text}`),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the second window did not finish within ${request.timeoutMs / 1000}s`)),
        request.timeoutMs,
      );
    });
    await page.goto(
      workbenchUrl(server.url, {
        folder: request.folder,
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: request.extensionTestsPath,
      }),
    );
    const exitCode = await Promise.race([exited, timedOut]);
    log(`  [window 2] its tests ended with exit code ${exitCode}`);
    return { exitCode };
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => undefined);
  }
}

/**
 * Runs a VS Code CLI command (`--install-extension x.vsix`) the way a user would, with code-server's own
 * CLI, into this run's folders: the arguments as given, then `--user-data-dir` and `--extensions-dir`.
 */
function runCli(
  install: CodeServerInstall,
  stateDir: string,
  command: { readonly args: readonly string[]; readonly cwd: string },
  log: (line: string) => void,
): void {
  const { userDataDir, extensionsDir } = codeServerDirs(stateDir);
  const result = spawnSync(
    process.execPath,
    [
      install.entry,
      ...command.args,
      '--config',
      path.join(stateDir, 'config.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    { cwd: command.cwd, encoding: 'utf8', timeout: 120_000 },
  );
  const shown = `code-server ${command.args.join(' ')}`;
  if (result.status !== 0) {
    throw new Error(`${shown} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  log(`${shown}: ${result.stdout.trim().split('\n').pop() ?? ''}`);
}
