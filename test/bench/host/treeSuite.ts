/**
 * In-host bench of the Local Images tree at scale (section 4). 2,000 tags of one small image are made
 * through the Engine API's tag endpoint (what `docker tag` calls, without 2,000 CLI start-ups). The
 * extension's docker is a counting wrapper, set through ecrPush.containerCommand, so every CLI call it
 * makes is on record. Each run adds one new repository that sorts first, refreshes, and waits until the
 * real page shows that row: refresh → `docker image ls` → parse → tree children → rendered row.
 * Baseline in the same run: the bare `docker image ls` the extension runs, timed from this process.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { imageListArgs } from '../../../src/docker/dockerArgs';
import { makeImage } from '../../fixtures/testImages';
import { PageDriver } from '../../host/driverClient';
import { quickMode } from '../benchEnv';
import { docker, EXTENSION_ID, log, now, runSuite, stack, timed, waitForQuietMachine, workDir, writeResult } from './benchHost';

const ROWS = '.monaco-list[aria-label="Local Images"] .monaco-list-row';

/** What the tree bench measured. */
export interface TreeResult {
  tags: number;
  /** Every tag the engine listed (the bench's plus what earlier suites left); absent in older results. */
  engineTags?: number;
  repositories: number;
  refreshMs: number[];
  /** CLI calls the extension made per refresh, by subcommand, one entry per run. */
  callsPerRefresh: Array<Record<string, number>>;
  /** Per run, from the refresh command: when the extension's `docker image ls` started and ended (ms). */
  cliStartMs: number[];
  cliEndMs: number[];
  bareListMs: number[];
  driverRoundTripMs: number[];
}

/** POSTs to the Docker Engine API over its unix socket. */
function engineRequest(method: string, apiPath: string): Promise<void> {
  const socketPath = stack().dockerHost.replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path: apiPath, method }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode && response.statusCode < 300
          ? resolve()
          : reject(new Error(`${method} ${apiPath}: HTTP ${response.statusCode}`)),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** `docker tag source repo:tag` through the API. */
function tagImage(source: string, repository: string, tag: string): Promise<void> {
  return engineRequest(
    'POST',
    `/images/${encodeURIComponent(source)}/tag?repo=${encodeURIComponent(repository)}&tag=${encodeURIComponent(tag)}`,
  );
}

/** The absolute path of `docker` on PATH, for the wrapper to exec. */
function dockerPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'docker');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('docker not found on PATH');
}

/** A wrapper that runs the real docker and appends `startNs endNs args` (wall clock) to `countFile`. */
function countingWrapper(countFile: string): string {
  const file = path.join(workDir(), 'counting-docker');
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(
    file,
    [
      '#!/bin/sh',
      'start=$(date +%s%N)',
      `${quote(dockerPath())} "$@"`,
      'code=$?',
      `printf '%s %s %s\\n' "$start" "$(date +%s%N)" "$*" >> ${quote(countFile)}`,
      'exit $code',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

/** One logged CLI call: wall-clock start and end in ms, and its arguments. */
function readCalls(countFile: string): Array<{ startMs: number; endMs: number; args: string }> {
  return fs
    .readFileSync(countFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, end, ...args] = line.split(' ');
      return { startMs: Number(start) / 1e6, endMs: Number(end) / 1e6, args: args.join(' ') };
    });
}

/** How many repository:tag rows the engine lists (the bench's and any other suite's). */
async function engineTagCount(): Promise<number> {
  return (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n').filter(Boolean).length;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function run(): Promise<void> {
  await runSuite('tree bench', async () => {
    const driver = PageDriver.fromEnv();
    if (!driver) throw new Error('no page driver: run through npm run bench');
    const quick = quickMode();
    const repositories = quick ? 10 : 100;
    const tagsPerRepository = 20;
    const runs = quick ? 2 : 5;

    const source = 'bench/scale-source:1';
    await makeImage(stack().dockerHost, source, { sizeBytes: 16 * 1024 });
    const madeAt = now();
    const jobs: Array<() => Promise<void>> = [];
    for (let r = 0; r < repositories; r++) {
      for (let t = 0; t < tagsPerRepository; t++) jobs.push(() => tagImage(source, `bench/scale-${String(r).padStart(3, '0')}`, `t${t}`));
    }
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      }),
    );
    const tags = repositories * tagsPerRepository;
    log(`tree: ${tags} tags made in ${((now() - madeAt) / 1000).toFixed(1)}s`);

    const countFile = path.join(workDir(), 'docker-calls.txt');
    fs.writeFileSync(countFile, '');
    const config = vscode.workspace.getConfiguration('ecrPush');
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await config.update('containerCommand', countingWrapper(countFile), vscode.ConfigurationTarget.Global);
    try {
      // The list renders only the rows in view, and the engine may hold other suites' images that sort
      // before bench/scale-000: wait for a repository that sorts first instead.
      const startMarker = '0-bench-marker-start';
      await tagImage(source, startMarker, 'latest');
      await vscode.commands.executeCommand('ecrPush.localImages.focus');
      try {
        await driver.waitFor(`${ROWS}[aria-label^="${startMarker},"]`, 60_000);
      } catch (error) {
        // Say what the view showed instead and what the engine had, so a failure here explains itself.
        const shown = await driver.text('.pane-body .welcome-view-content').catch(() => null);
        const engineTags = await engineTagCount();
        const calls = fs.readFileSync(countFile, 'utf8').trim();
        throw new Error(
          `the first row (${startMarker}) never showed: ${String(error)}; the view said ${JSON.stringify(shown)}; the engine lists ${engineTags} tags; calls through the wrapper: ${JSON.stringify(calls)}`,
        );
      }
      await eventually('the counting wrapper to be used', () =>
        fs.readFileSync(countFile, 'utf8').includes('image ls') ? true : undefined,
      );

      const refreshMs: number[] = [];
      const callsPerRefresh: Array<Record<string, number>> = [];
      const bareListMs: number[] = [];
      const driverRoundTripMs: number[] = [];
      const cliStartMs: number[] = [];
      const cliEndMs: number[] = [];
      let previous: string | undefined = startMarker;
      for (let i = 0; i < runs; i++) {
        // A new repository that sorts first, so its row is in view once the refresh has rendered.
        const marker = `0-bench-marker-${i}`;
        await tagImage(source, marker, 'latest');
        if (previous) await docker(['rmi', `${previous}:latest`]);
        previous = marker;
        await new Promise((resolve) => setTimeout(resolve, 300));
        await waitForQuietMachine();
        fs.writeFileSync(countFile, '');

        const row = `${ROWS}[aria-label^="${marker},"]`;
        const started = now();
        await vscode.commands.executeCommand('ecrPush.localImages.refresh');
        await driver.waitFor(row, 30_000);
        refreshMs.push(now() - started);
        driverRoundTripMs.push(await timed(() => driver.waitFor(row, 5_000)));
        // Let any late call land before counting.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const calls: Record<string, number> = {};
        const logged = readCalls(countFile);
        for (const call of logged) {
          const sub = call.args.split(' ').slice(0, 2).join(' ');
          calls[sub] = (calls[sub] ?? 0) + 1;
        }
        callsPerRefresh.push(calls);
        const list = logged.find((call) => call.args.startsWith('image ls'));
        const startedWall = performance.timeOrigin + started;
        cliStartMs.push(list ? list.startMs - startedWall : NaN);
        cliEndMs.push(list ? list.endMs - startedWall : NaN);
        bareListMs.push(await timed(() => docker(imageListArgs())));
        log(
          `tree run ${i + 1}/${runs}: refresh → row ${refreshMs.at(-1)!.toFixed(0)} ms, calls ${JSON.stringify(calls)}, bare image ls ${bareListMs.at(-1)!.toFixed(0)} ms, CLI ran ${cliStartMs.at(-1)!.toFixed(0)}–${cliEndMs.at(-1)!.toFixed(0)} ms after refresh`,
        );
      }
      const engineTags = await engineTagCount();
      const result: TreeResult = {
        tags,
        engineTags,
        repositories,
        refreshMs,
        callsPerRefresh,
        cliStartMs,
        cliEndMs,
        bareListMs,
        driverRoundTripMs,
      };
      writeResult(result);
    } finally {
      await config.update('containerCommand', undefined, vscode.ConfigurationTarget.Global);
    }
  });
}
