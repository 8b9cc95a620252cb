/**
 * In-host bench of pushes (sections 1, 2 and the memory half of 5). VS Code calls run() in its real
 * extension host; every figure is taken here, in the process the extension runs in, with the
 * baselines (bare docker, spawnSync, awscli) taken in the same run, interleaved with the extension's.
 */
import * as fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { quickMode } from '../benchEnv';
import { docker, EXTENSION_ID, log, now, runSuite, timed, waitForQuietMachine, writeResult } from './benchHost';
import {
  bareDockerPush,
  dropExtensionTokens,
  dropImages,
  extensionPush,
  freshImage,
  loggedInConfig,
  manualAwsCliPush,
  remote,
  syncDockerPush,
  unique,
} from './pushTools';

const MB = 1024 * 1024;

type CaseName = 'bare' | 'warm' | 'cold' | 'manual';

/** How much to measure; quick mode only checks that the bench works. */
interface Plan {
  responsiveness: { sizeBytes: number; runs: number; syncRuns: number };
  /** `cases` limits which of bare, warm, cold, manual run at this size (all four when absent). */
  overhead: Array<{ label: string; sizeBytes: number; runs: number; cases?: CaseName[] }>;
  repeatRuns: number;
  memory: { pushes: number; sizeBytes: number; block: number };
}

function plan(): Plan {
  if (quickMode()) {
    return {
      responsiveness: { sizeBytes: 20 * MB, runs: 2, syncRuns: 2 },
      overhead: [
        { label: '1 MB', sizeBytes: MB, runs: 2 },
        { label: '5 MB', sizeBytes: 5 * MB, runs: 2 },
      ],
      repeatRuns: 2,
      memory: { pushes: 6, sizeBytes: 64 * 1024, block: 3 },
    };
  }
  // One 1 GB push takes ~45 s here (docker gzips the incompressible layer on one core, vfs copies it)
  // and making the image ~12 s; see docs/benchmarks.md for why the 1 GB row has fewer runs and cases.
  const gbRuns = Number(process.env.ECR_PUSH_BENCH_GB_RUNS ?? 2);
  const respRuns = Number(process.env.ECR_PUSH_BENCH_RESP_RUNS ?? 5);
  // The spawnSync baseline's max is the whole upload every time (~20 s of a frozen host); 3 runs show it.
  const syncRuns = Number(process.env.ECR_PUSH_BENCH_SYNC_RUNS ?? 3);
  return {
    responsiveness: { sizeBytes: 500 * MB, runs: respRuns, syncRuns },
    overhead: [
      { label: '10 MB', sizeBytes: 10 * MB, runs: 5 },
      { label: '200 MB', sizeBytes: 200 * MB, runs: 5 },
      { label: '1 GB', sizeBytes: 1024 * MB, runs: gbRuns, cases: ['bare', 'warm'] },
    ],
    repeatRuns: 5,
    memory: { pushes: 50, sizeBytes: 256 * 1024, block: 10 },
  };
}

/** One event-loop-delay sample series: max and p99 in ms. */
interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  pushMs: number;
  /** Longest V8 garbage-collection pause in the same window (absent in older results). */
  longestGcMs?: number;
  /** CPU seconds each process group used during the push (absent in older results). */
  cpuSeconds?: Record<string, number>;
}

/** The whole result this suite writes. */
export interface PushBenchResult {
  vscodeVersion: string;
  responsiveness: { sizeBytes: number; resolutionMs: number; extension: LoopDelay[]; spawnSync: LoopDelay[]; idle: LoopDelay[] };
  overhead: Array<{
    label: string;
    sizeBytes: number;
    bare: number[];
    warm: number[];
    cold: number[];
    manual: number[];
    /** Event-loop delay during each bare (async docker from the host), warm and cold extension push of this size. */
    bareLoopMaxMs: number[];
    warmLoopMaxMs: number[];
    coldLoopMaxMs: number[];
    /** Longest GC pause in each run's sampling window, index for index with the *LoopMaxMs arrays (absent in older results). */
    bareLoopGcMs?: number[];
    warmLoopGcMs?: number[];
    coldLoopGcMs?: number[];
    /** CPU seconds by process group during each bare and warm push (absent in older results). */
    bareCpu?: Array<Record<string, number>>;
    warmCpu?: Array<Record<string, number>>;
    repeatBare: number[];
    repeatWarm: number[];
  }>;
  memory: { sizeBytes: number; rssBeforeMb: number; rssAfterEachMb: number[]; heapBeforeMb: number; heapAfterMb: number };
  durationMs: number;
}

const LOOP_RESOLUTION_MS = 10;

/** Which process a /proc entry is, for the CPU accounting of a push: the cores are shared by all of these. */
function processGroup(pid: number, comm: string): string {
  if (pid === process.pid) return 'extension host';
  if (/^(chrom|headless_shell)/.test(comm)) return 'workbench (Chromium)';
  if (comm === 'dockerd' || comm === 'containerd') return 'dockerd';
  if (comm === 'docker') return 'docker CLI';
  if (/registry/.test(comm)) return 'registry';
  if (comm === 'node' || comm === 'MainThread') return 'other Node (code-server, registry front, fake ECR, bench runner)';
  return `other (${comm})`;
}

/** CPU seconds (user + system) used so far by every process, by group, from /proc/PID/stat. */
function cpuByGroup(): Map<number, { group: string; seconds: number }> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const byPid = new Map<number, { group: string; seconds: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      byPid.set(Number(entry), { group: processGroup(Number(entry), comm), seconds });
    } catch {
      // the process ended while being read
    }
  }
  return byPid;
}

/** CPU seconds each group used between two snapshots (processes that started in between count from zero; ones that ended are lost). */
function cpuDelta(
  before: Map<number, { group: string; seconds: number }>,
  after: Map<number, { group: string; seconds: number }>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, now] of after) {
    const delta = now.seconds - (before.get(pid)?.seconds ?? 0);
    used[now.group] = (used[now.group] ?? 0) + delta;
  }
  return used;
}

/** Samples the event-loop delay of this process while `body` runs, and the V8 GC pauses in the same window. */
async function withLoopDelay(body: () => Promise<void> | void): Promise<LoopDelay> {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  // A garbage collection stops the loop too; it is the host's (every extension's heap), so it is recorded apart.
  let longestGcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  // Read outside the sampled window: scanning /proc is this bench's own synchronous work.
  const cpuBefore = cpuByGroup();
  histogram.enable();
  // The histogram records nothing until its timer has fired once; a block before that would be lost.
  await new Promise((resolve) => setTimeout(resolve, LOOP_RESOLUTION_MS * 3));
  const started = now();
  await body();
  const pushMs = now() - started;
  // One more turn of the loop so a delay that ended just now (spawnSync returning) is recorded.
  await new Promise((resolve) => setTimeout(resolve, LOOP_RESOLUTION_MS * 3));
  histogram.disable();
  gcObserver.disconnect();
  const cpuSeconds = cpuDelta(cpuBefore, cpuByGroup());
  return {
    maxMs: histogram.max / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    meanMs: histogram.mean / 1e6,
    pushMs,
    longestGcMs,
    cpuSeconds,
  };
}

export async function run(): Promise<void> {
  await runSuite('push bench', async () => {
    const started = now();
    const p = plan();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const bareConfig = await loggedInConfig('docker-bare');
    const manualConfig = `${bareConfig}-manual`;

    // Repositories for the warm and bare cases exist before any timing; the first push also caches the token.
    const bareRepo = unique('bench/bare');
    const manualRepo = unique('bench/manual');
    for (const repo of [bareRepo, manualRepo]) {
      await extensionPush(await freshImage('bench/setup', 64 * 1024), repo, 'setup');
    }

    // Each section pushes to its own warm repository: the fake ECR answers DescribeImages (the extension's
    // verify step) with one registry round trip per tag in the repository, which real ECR does not, so a
    // repository collecting 60 tags would slow the warm case for a reason that is not the extension's.
    const warmRepoFor = async (name: string) => {
      const repo = unique(`bench/warm-${name}`);
      await extensionPush(await freshImage('bench/setup', 64 * 1024), repo, 'setup');
      return repo;
    };
    const memory = await memorySection(p, await warmRepoFor('mem'));
    const responsiveness = await responsivenessSection(p, await warmRepoFor('resp'), bareRepo, bareConfig);
    const overhead = [];
    for (const size of p.overhead) {
      const sizeWarmRepo = await warmRepoFor(size.label.replace(/\s+/g, '').toLowerCase());
      overhead.push(await overheadSection(size, p.repeatRuns, { warmRepo: sizeWarmRepo, bareRepo, manualRepo, bareConfig, manualConfig }));
    }
    const result: PushBenchResult = {
      vscodeVersion: vscode.version,
      responsiveness,
      overhead,
      memory,
      durationMs: now() - started,
    };
    writeResult(result);
  });
}

/** Section 5 (memory): extension-host RSS before and after each of N consecutive warm pushes of fresh images. */
async function memorySection(p: Plan, repo: string): Promise<PushBenchResult['memory']> {
  const images: string[] = [];
  for (let i = 0; i < p.memory.pushes; i += 2)
    images.push(...(await Promise.all([freshImage('bench/mem', p.memory.sizeBytes), freshImage('bench/mem', p.memory.sizeBytes)])));
  images.length = p.memory.pushes;
  const mb = (bytes: number) => bytes / MB;
  await waitForQuietMachine();
  const before = process.memoryUsage();
  const rssAfterEachMb: number[] = [];
  for (const [i, image] of images.entries()) {
    await extensionPush(image, repo, `mem-${i}`);
    rssAfterEachMb.push(mb(process.memoryUsage().rss));
  }
  const after = process.memoryUsage();
  log(`memory: RSS ${mb(before.rss).toFixed(1)} → ${mb(after.rss).toFixed(1)} MB over ${images.length} pushes`);
  return {
    sizeBytes: p.memory.sizeBytes,
    rssBeforeMb: mb(before.rss),
    rssAfterEachMb,
    heapBeforeMb: mb(before.heapUsed),
    heapAfterMb: mb(after.heapUsed),
  };
}

/** Section 1: event-loop delay during an extension push vs a spawnSync docker push of the same size. */
async function responsivenessSection(
  p: Plan,
  warmRepo: string,
  bareRepo: string,
  bareConfig: string,
): Promise<PushBenchResult['responsiveness']> {
  const { sizeBytes, runs, syncRuns } = p.responsiveness;
  const extension: LoopDelay[] = [];
  const spawnSync: LoopDelay[] = [];
  const idle: LoopDelay[] = [];
  for (let i = 0; i < runs; i++) {
    await waitForQuietMachine();
    // The host's own noise floor: the same sampling with no push at all.
    idle.push(await withLoopDelay(() => new Promise((resolve) => setTimeout(resolve, 2000))));
    const withSync = i < syncRuns;
    const [forExtension, forSync] = await Promise.all([
      freshImage('bench/resp-ext', sizeBytes),
      withSync ? freshImage('bench/resp-sync', sizeBytes) : Promise.resolve(''),
    ]);
    const target = remote(bareRepo, `resp-${i}`);
    if (withSync) await docker(['tag', forSync, target]);
    await waitForQuietMachine();
    // Alternate which goes first, so neither always gets the warmer page cache.
    const order = i % 2 === 0 ? ['ext', 'sync'] : ['sync', 'ext'];
    for (const which of order) {
      if (which === 'ext') extension.push(await withLoopDelay(() => extensionPush(forExtension, warmRepo, `resp-${i}`)));
      else if (withSync) spawnSync.push(await withLoopDelay(() => syncDockerPush(bareConfig, target)));
    }
    log(
      `responsiveness run ${i + 1}/${runs}: extension max ${extension.at(-1)!.maxMs.toFixed(1)} ms${withSync ? `, spawnSync max ${spawnSync.at(-1)!.maxMs.toFixed(0)} ms` : ''}`,
    );
    await dropImages(...[forExtension, forSync].filter(Boolean));
  }
  return { sizeBytes, resolutionMs: LOOP_RESOLUTION_MS, extension, spawnSync, idle };
}

interface Repos {
  warmRepo: string;
  bareRepo: string;
  manualRepo: string;
  bareConfig: string;
  manualConfig: string;
}

/** Section 2 for one size: bare, warm, cold and manual pushes of fresh images, interleaved, then repeats. */
async function overheadSection(
  size: Plan['overhead'][number],
  repeatRuns: number,
  repos: Repos,
): Promise<PushBenchResult['overhead'][number]> {
  const bare: number[] = [];
  const warm: number[] = [];
  const cold: number[] = [];
  const manual: number[] = [];
  const warmLoopMaxMs: number[] = [];
  const warmLoopGcMs: number[] = [];
  const coldLoopMaxMs: number[] = [];
  const coldLoopGcMs: number[] = [];
  const bareLoopMaxMs: number[] = [];
  const bareLoopGcMs: number[] = [];
  const bareCpu: Array<Record<string, number>> = [];
  const warmCpu: Array<Record<string, number>> = [];
  const tagBase = size.label.replace(/\s+/g, '').toLowerCase();
  let lastBare = '';
  let lastWarm = { image: '', tag: '' };
  for (let i = 0; i < size.runs; i++) {
    const wanted: CaseName[] = size.cases ?? ['bare', 'warm', 'cold', 'manual'];
    const images: Record<CaseName, string> = { bare: '', warm: '', cold: '', manual: '' };
    // bare and warm are always made: the repeat pushes (e) reuse the last run's.
    // Made two at a time (2 cores), before any timing starts.
    const toMake = [...new Set<CaseName>(['bare', 'warm', ...wanted])];
    for (let k = 0; k < toMake.length; k += 2) {
      await Promise.all(toMake.slice(k, k + 2).map(async (name) => (images[name] = await freshImage(`bench/ovh-${name}`, size.sizeBytes))));
    }
    await waitForQuietMachine();
    const tag = `${tagBase}-${i}`;
    const bareTarget = remote(repos.bareRepo, tag);
    await docker(['tag', images.bare, bareTarget]);
    const coldRepo = unique(`bench/cold-${tagBase}`);
    const cases: Record<CaseName, () => Promise<unknown>> = {
      bare: async () => {
        // The same sampling during a plain async docker push: the floor a saturated 2-core machine sets.
        const delay = await withLoopDelay(() => bareDockerPush(repos.bareConfig, bareTarget));
        bare.push(delay.pushMs);
        bareLoopMaxMs.push(delay.maxMs);
        bareLoopGcMs.push(delay.longestGcMs ?? 0);
        bareCpu.push(delay.cpuSeconds ?? {});
      },
      warm: async () => {
        const delay = await withLoopDelay(() => extensionPush(images.warm, repos.warmRepo, tag));
        warm.push(delay.pushMs);
        warmLoopMaxMs.push(delay.maxMs);
        warmLoopGcMs.push(delay.longestGcMs ?? 0);
        warmCpu.push(delay.cpuSeconds ?? {});
      },
      cold: async () => {
        await dropExtensionTokens();
        const delay = await withLoopDelay(() => extensionPush(images.cold, coldRepo, tag));
        cold.push(delay.pushMs);
        coldLoopMaxMs.push(delay.maxMs);
        coldLoopGcMs.push(delay.longestGcMs ?? 0);
      },
      manual: async () => manual.push(await timed(() => manualAwsCliPush(repos.manualConfig, images.manual, repos.manualRepo, tag))),
    };
    // Rotate the order each run so no case always runs first (page cache, registry state).
    const names = wanted;
    for (let k = 0; k < names.length; k++) await cases[names[(k + i) % names.length]]();
    log(`overhead ${size.label} run ${i + 1}/${size.runs}: bare ${fmt(bare)} warm ${fmt(warm)} cold ${fmt(cold)} manual ${fmt(manual)} s`);
    // Keep the last run's images for the repeat pushes; drop the others (vfs keeps full copies).
    const others = [images.cold, images.manual].filter(Boolean);
    if (i < size.runs - 1) await dropImages(images.bare, images.warm, ...others);
    else {
      lastBare = bareTarget;
      lastWarm = { image: images.warm, tag };
      if (others.length) await dropImages(...others);
    }
  }
  // (e) every layer already exists in the registry: the same reference pushed again.
  const repeatBare: number[] = [];
  const repeatWarm: number[] = [];
  for (let i = 0; i < repeatRuns; i++) {
    await waitForQuietMachine();
    const order = i % 2 === 0 ? ['bare', 'warm'] : ['warm', 'bare'];
    for (const which of order) {
      if (which === 'bare') repeatBare.push(await timed(() => bareDockerPush(repos.bareConfig, lastBare)));
      else repeatWarm.push(await timed(() => extensionPush(lastWarm.image, repos.warmRepo, lastWarm.tag)));
    }
  }
  log(`overhead ${size.label} repeat: bare ${fmt(repeatBare)} warm ${fmt(repeatWarm)} s`);
  await dropImages(lastBare, lastWarm.image);
  return {
    label: size.label,
    sizeBytes: size.sizeBytes,
    bare,
    warm,
    cold,
    manual,
    bareLoopMaxMs,
    warmLoopMaxMs,
    coldLoopMaxMs,
    bareLoopGcMs,
    warmLoopGcMs,
    coldLoopGcMs,
    bareCpu,
    warmCpu,
    repeatBare,
    repeatWarm,
  };
}

function fmt(values: number[]): string {
  return values.length ? (values[values.length - 1] / 1000).toFixed(2) : '-';
}
