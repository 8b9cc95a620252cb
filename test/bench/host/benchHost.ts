/**
 * What every in-host bench suite shares: a log line the outer runner shows, the result JSON, the stack's
 * info (read as plain JSON so nothing here loads the AWS SDK), and docker against the stack's engine.
 * Deliberately free of SDK imports: the activation suite checks that nothing has loaded the SDK.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { StackInfo } from '../../fixtures/stack';
import { LOG_FILE_ENV, STACK_INFO_ENV } from '../../host/hostEnv';
import { BENCH_OUT_ENV, BENCH_WORK_ENV } from '../benchEnv';

const execFileAsync = promisify(execFile);

/** The extension under test, as package.json names it. */
export const EXTENSION_ID = 'ecr-push.ecr-push';

/** Appends a line to the run's log file (the outer runner prints it as it comes). */
export function log(line: string): void {
  const file = process.env[LOG_FILE_ENV];
  if (file) fs.appendFileSync(file, `  [bench] ${line}\n`);
}

/** Writes this suite's measurements where the outer runner reads them. */
export function writeResult(result: object): void {
  const file = process.env[BENCH_OUT_ENV];
  if (!file) throw new Error(`${BENCH_OUT_ENV} is unset: run the bench through out/test/bench/runBench.js (npm run bench)`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...result, waitedForOthersMs: waitedTotal, waitedForIdleMs: settleTotal }, null, 2));
}

/** The scratch folder of this bench run. */
export function workDir(): string {
  const dir = process.env[BENCH_WORK_ENV];
  if (!dir) throw new Error(`${BENCH_WORK_ENV} is unset`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

let cached: StackInfo | undefined;

/** The local stack the runner started (from the info file it wrote). */
export function stack(): StackInfo {
  const file = process.env[STACK_INFO_ENV];
  if (!file) throw new Error(`${STACK_INFO_ENV} is unset: no local stack`);
  cached ??= JSON.parse(fs.readFileSync(file, 'utf8')) as StackInfo;
  return cached;
}

/** Runs the docker CLI against the stack's engine and returns its stdout. */
export async function docker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, {
    env: { ...process.env, DOCKER_HOST: stack().dockerHost, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Pids of integration runs going on this machine (another engineer's `npm run test:integration`). */
export function integrationRuns(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (
        fs
          .readFileSync(`/proc/${entry}/cmdline`, 'utf8')
          .split('\0')
          .some((arg) => arg.includes('runIntegration.js'))
      )
        pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * Waits until no integration run is going before a measurement: on 2 cores a concurrent run would
 * distort the figure. Returns how long it waited (ms).
 */
export async function waitForQuietMachine(): Promise<number> {
  const started = now();
  for (let announced = false; integrationRuns().length > 0; announced = true) {
    if (!announced) log(`an integration run is going (pid ${integrationRuns().join(', ')}); waiting before the next measurement`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const waited = now() - started;
  waitedTotal += waited;
  await waitForIdleCpu();
  return waited;
}

/** Fraction of CPU time idle across all cores over `windowMs`, from /proc/stat. */
async function idleFraction(windowMs: number): Promise<number> {
  const read = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + fields[4], total: fields.reduce((sum, value) => sum + value, 0) };
  };
  const before = read();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = read();
  return (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/**
 * Waits (at most `maxMs`) until the cores are at least 80 % idle: a fresh workbench still loading, dockerd
 * still writing a new image to vfs or a registry finishing a blob would otherwise land inside the next
 * measurement. Counted separately from waiting for other runs; never fails.
 */
async function waitForIdleCpu(minIdle = 0.8, maxMs = 5_000): Promise<void> {
  const started = now();
  while (now() - started < maxMs && (await idleFraction(250)) < minIdle) {
    // keep sampling
  }
  settleTotal += now() - started;
}

let settleTotal = 0;

/** How long this host's suite has waited for the machine to go idle before measurements (ms). */
export function waitedForIdleMs(): number {
  return settleTotal;
}

let waitedTotal = 0;

/** How long this host's suite has waited for other runs so far (ms). */
export function waitedForOthersMs(): number {
  return waitedTotal;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function now(): number {
  return performance.now();
}

/** Runs `body` and returns how long it took in ms. */
export async function timed(body: () => Promise<unknown> | unknown): Promise<number> {
  const started = now();
  await body();
  return now() - started;
}

/** Wraps a suite's body as the run() VS Code calls: logs the failure before rejecting. */
export async function runSuite(name: string, body: () => Promise<void>): Promise<void> {
  const started = now();
  log(`${name}: started`);
  try {
    await body();
    log(`${name}: done in ${((now() - started) / 1000).toFixed(1)}s`);
  } catch (error) {
    log(`${name}: FAILED ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
}
