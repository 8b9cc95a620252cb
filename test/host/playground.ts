import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeImage } from '../fixtures/testImages';
import { launchBrowser, openPage } from './browser';
import { onCleanup, runCleanup } from './cleanup';
import { ensureCodeServer } from './codeServer';
import { codeServerDirs, startCodeServer } from './codeServerProcess';
import { screenshot } from './driverServer';
import { startRunStack } from './runStack';
import { QUIET_SETTINGS } from './userSettings';
import { workbenchUrl } from './workbenchUrl';

/** The sample images a newcomer finds in the Local Images view (small: made in seconds). */
export const SAMPLE_IMAGES: ReadonlyArray<{ reference: string; sizeBytes: number; layers: number }> = [
  { reference: 'sample/web:1.0', sizeBytes: 3 * 1024 * 1024, layers: 2 },
  { reference: 'sample/api:2.3', sizeBytes: 5 * 1024 * 1024, layers: 3 },
  { reference: 'sample/worker:latest', sizeBytes: 1024 * 1024, layers: 1 },
];

/** Default port; ECR_PUSH_PORT overrides it, and a free one is used when it is taken. */
const DEFAULT_PORT = 8137;

/** Options for {@link runPlayground}. */
export interface PlaygroundOptions {
  repoRoot: string;
  /** Open the playground in headless Chromium, save a screenshot of the ECR view, then stop. */
  check?: boolean;
  log?: (line: string) => void;
}

/**
 * `npm start`: the local stack in `.ecr-push-stack/` (registry contents survive restarts), three
 * sample images, and the cached code-server with this extension loaded as a development extension
 * and its settings pointing at the stack. Prints the URL; Ctrl-C stops everything it started.
 */
export async function runPlayground(options: PlaygroundOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateRoot = path.join(options.repoRoot, '.ecr-push-stack');
  const install = await ensureCodeServer(options.repoRoot, log);
  const { stack, env, settings } = await startRunStack({ log, requireEngine: false, workDir: path.join(stateRoot, 'stack') });

  if (stack.engineError) {
    log(`no Docker engine, so no sample images: ${stack.engineError}`);
  } else {
    for (const image of SAMPLE_IMAGES) {
      await makeImage(stack.dockerHost, image.reference, { sizeBytes: image.sizeBytes, layers: image.layers });
    }
    log(`sample images: ${SAMPLE_IMAGES.map((i) => i.reference).join(', ')}`);
  }

  const stateDir = path.join(stateRoot, 'code-server');
  const workspace = path.join(stateRoot, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // The playground shows the product as it ships: scans are followed after a push.
  mergeUserSettings(codeServerDirs(stateDir).userDataDir, { ...settings, 'ecrPush.followScanAfterPush': true });
  const logFile = path.join(stateRoot, 'code-server.log');
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  const server = await startCodeServer({
    install,
    stateDir,
    port: await pickPort(Number(process.env.ECR_PUSH_PORT ?? DEFAULT_PORT)),
    folder: workspace,
    env,
    onLine: (line) => logStream.write(line + '\n'),
  });
  onCleanup(() => server.stop());
  onCleanup(() => new Promise<void>((resolve) => logStream.end(resolve)));
  const url = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: options.repoRoot });

  if (options.check) {
    try {
      await checkInBrowser(url, path.join(options.repoRoot, 'test-results', 'screenshots'), log);
    } finally {
      await runCleanup();
    }
    return;
  }
  log('');
  log('ECR Push playground is ready — open this URL in a browser on this machine:');
  log('');
  log(`  ${url}`);
  log('');
  log(`  ECR endpoint ${stack.ecr.endpoint} (region ${stack.ecr.region}, account ${stack.ecr.accountId}), registry ${stack.registry.host}`);
  log(`  the stack's credentials are in the extension host's environment; code-server log: ${path.relative(options.repoRoot, logFile)}`);
  log('  Try: the ECR view in the activity bar → push a sample image; or F1 → "ECR: Push Image".');
  log('  Ctrl-C stops everything.');
  await server.exited;
  log('code-server exited');
  await runCleanup();
}

/**
 * Keeps the newcomer's own settings across restarts and overwrites only what points at this
 * start's stack (its ports and keys change each time). The stack's settings also go to the
 * Machine settings: code-server's extension host is remote, and a remote window reads
 * machine-scoped settings such as ecrPush.endpoint only from there (see userSettings.ts).
 */
function mergeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  mergeSettingsFile(path.join(userDataDir, 'User', 'settings.json'), { ...QUIET_SETTINGS }, settings);
  mergeSettingsFile(path.join(userDataDir, 'Machine', 'settings.json'), {}, settings);
}

function mergeSettingsFile(file: string, defaults: Record<string, unknown>, settings: Record<string, unknown>): void {
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // First start, or a file with comments: start from the defaults.
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...defaults, ...existing, ...settings }, null, 2) + '\n');
}

/** `preferred` when it is free on 127.0.0.1, else a free port the OS picks. */
function pickPort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => {
      const fallback = net.createServer();
      fallback.listen(0, '127.0.0.1', () => {
        const address = fallback.address();
        fallback.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

/** Opens the playground as a newcomer would, shows the ECR view and saves a screenshot. */
async function checkInBrowser(url: string, screenshotsDir: string, log: (line: string) => void): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await openPage(browser, { error: (text) => log(`  [workbench] ${text}`) });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    const ecr = page.locator('.activitybar [aria-label^="ECR"]').first();
    await ecr.waitFor({ timeout: 60_000 });
    await ecr.click();
    await page
      .getByText('sample/web', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => log('  (sample/web did not appear in the view within 30s)'));
    log(`playground screenshot: ${await screenshot(page, screenshotsDir, 'playground')}`);
  } finally {
    await browser.close();
  }
}
