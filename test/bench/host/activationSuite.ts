/**
 * In-host bench of activation (section 3), one fresh extension host per run: how long
 * `extension.activate()` takes (loading dist/extension.js and running activate()), how long until the
 * Local Images view shows its first row in the real page, and whether the AWS SDK file
 * (dist/aws-sdk.js) is in the module cache after activation, after the first render, and after the
 * first AWS call. Nothing here imports the SDK, so its presence can only come from the extension.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import Module from 'node:module';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PageDriver } from '../../host/driverClient';
import { docker, EXTENSION_ID, log, now, runSuite, stack, waitForQuietMachine, writeResult } from './benchHost';
import { extensionPush, freshImage, unique } from './pushTools';
import { makeImage } from '../../fixtures/testImages';

/** The repository of the local image the first render must show. */
const RENDER_REPOSITORY = 'bench/activation';
const ROWS = '.monaco-list[aria-label="Local Images"] .monaco-list-row';

/** What one host run measured. */
export interface ActivationResult {
  vscodeVersion: string;
  /** True when something activated the extension before the bench did (then the figures are not comparable). */
  activeBeforeBench: boolean;
  activateMs: number;
  /** Of activateMs: Node loading dist/extension.js (read, compile, run the top level); undefined if not seen. */
  codeLoadingMs?: number;
  /** Of codeLoadingMs: VS Code creating the extension's API object on its first `require('vscode')`. */
  vscodeApiMs?: number;
  /** Of activateMs: the extension's own activate() call. */
  activateCallMs?: number;
  /** Whether dist/main.js was compiled from V8's code cache (src/codeCache.ts): absent on the first start. */
  codeCache?: string;
  firstRenderMs: number;
  /** Page-driver round trip for a selector already present: the measuring overhead inside firstRenderMs. */
  driverRoundTripMs: number;
  sdk: { beforeActivation: string[]; afterActivation: string[]; afterFirstRender: string[]; afterFirstPush: string[] };
  /** Every module the extension added to require.cache while activating, with sizes. */
  modulesLoadedByActivation: string[];
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ExtensionModule {
  activate(...args: unknown[]): unknown;
  deactivate?(): unknown;
  codeCacheStatus?: string;
}

/**
 * Times, without changing what runs, how long Node takes to load dist/extension.js and how long its
 * activate() call takes: a pass-through around Module._load that hands VS Code the same functions.
 */
interface LoadProbe {
  loadMs?: number;
  vscodeApiMs?: number;
  activateCallMs?: number;
  codeCache?: string;
  restore(): void;
}

function probeExtensionLoad(): LoadProbe {
  const moduleApi = Module as unknown as { _load: Load };
  const original = moduleApi._load;
  const probe: LoadProbe = {
    restore: () => (moduleApi._load = original),
  };
  let loading = false;
  moduleApi._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    if (loading && request === 'vscode') {
      // VS Code builds this extension's API object on its first require('vscode'): the host's work, timed apart.
      const started = now();
      try {
        return original.call(this, request, parent, isMain);
      } finally {
        probe.vscodeApiMs = (probe.vscodeApiMs ?? 0) + (now() - started);
      }
    }
    if (!/[/\\]dist[/\\]extension(\.js)?$/.test(request)) return original.call(this, request, parent, isMain);
    loading = true;
    const started = now();
    let loaded: ExtensionModule;
    try {
      loaded = original.call(this, request, parent, isMain) as ExtensionModule;
    } finally {
      loading = false;
    }
    probe.loadMs = now() - started;
    probe.codeCache = loaded.codeCacheStatus;
    return {
      activate: (...args: unknown[]) => {
        const called = now();
        try {
          return loaded.activate(...args);
        } finally {
          probe.activateCallMs = now() - called;
        }
      },
      deactivate: loaded.deactivate?.bind(loaded),
    };
  };
  return probe;
}

/**
 * `ECR_PUSH_BENCH_CPU_PROFILE=<folder> node out/test/bench/runBench.js --no-build --only=activation`: a V8
 * CPU profile of activation in the real host (open it in Chrome DevTools or VS Code), to see where its
 * time goes. Off in `npm run bench`: the profiler slows what it measures.
 */
const CPU_PROFILE_ENV = 'ECR_PUSH_BENCH_CPU_PROFILE';

async function startCpuProfile(): Promise<{ stopInto(folder: string): Promise<string> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 50 });
  await post('Profiler.start');
  return {
    async stopInto(folder) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      session.disconnect();
      fs.mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `activation-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/** Module-cache entries that are the AWS SDK: the extension's split SDK bundle or any SDK package. */
function sdkModules(): string[] {
  return Object.keys(require.cache).filter(
    (file) => file.endsWith('/dist/aws-sdk.js') || /node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(file),
  );
}

export async function run(): Promise<void> {
  await runSuite('activation bench', async () => {
    const driver = PageDriver.fromEnv();
    if (!driver) throw new Error('no page driver: run through npm run bench');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
    try {
      await docker(['image', 'inspect', `${RENDER_REPOSITORY}:1`]);
    } catch {
      await makeImage(stack().dockerHost, `${RENDER_REPOSITORY}:1`, { sizeBytes: 64 * 1024 });
    }
    const pushSource = await freshImage('bench/first-push', 64 * 1024);

    await waitForQuietMachine();
    const activeBeforeBench = extension.isActive;
    const beforeActivation = sdkModules();
    const cacheBefore = new Set(Object.keys(require.cache));
    const probe = probeExtensionLoad();
    const profiler = process.env[CPU_PROFILE_ENV] ? await startCpuProfile() : undefined;
    const started = now();
    try {
      await extension.activate();
    } finally {
      probe.restore();
    }
    const activateMs = now() - started;
    if (profiler) log(`activation: CPU profile written to ${await profiler.stopInto(process.env[CPU_PROFILE_ENV]!)}`);
    const afterActivation = sdkModules();
    const modulesLoadedByActivation = Object.keys(require.cache).filter((file) => !cacheBefore.has(file));

    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    const row = `${ROWS}[aria-label^="${RENDER_REPOSITORY},"]`;
    await driver.waitFor(row, 30_000);
    const firstRenderMs = now() - started;
    const afterFirstRender = sdkModules();
    const roundTripStarted = now();
    await driver.waitFor(row, 5_000);
    const driverRoundTripMs = now() - roundTripStarted;

    await extensionPush(pushSource, unique('bench/first-push'), '1');
    const afterFirstPush = sdkModules();
    log(
      `activation: activate() ${activateMs.toFixed(1)} ms (loading ${probe.loadMs?.toFixed(1) ?? '?'} ms of which require('vscode') ${probe.vscodeApiMs?.toFixed(1) ?? '?'} ms, activate call ${probe.activateCallMs?.toFixed(1) ?? '?'} ms; code cache ${probe.codeCache ?? '?'}), first render ${firstRenderMs.toFixed(0)} ms, SDK after activation: ${afterActivation.length ? 'LOADED' : 'absent'}, after first push: ${afterFirstPush.length ? 'loaded' : 'ABSENT'}`,
    );
    const result: ActivationResult = {
      vscodeVersion: vscode.version,
      activeBeforeBench,
      activateMs,
      codeLoadingMs: probe.loadMs,
      vscodeApiMs: probe.vscodeApiMs,
      activateCallMs: probe.activateCallMs,
      codeCache: probe.codeCache,
      firstRenderMs,
      driverRoundTripMs,
      sdk: { beforeActivation, afterActivation, afterFirstRender, afterFirstPush },
      modulesLoadedByActivation,
    };
    writeResult(result);
  });
}
