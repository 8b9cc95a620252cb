/**
 * Watches the process table (/proc/<pid>/cmdline) while a push runs, to prove what docker children got
 * as argv, and to find the docker push process so a test can see it end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SeenProcess {
  readonly pid: number;
  readonly argv: readonly string[];
}

export function listProcesses(): SeenProcess[] {
  const seen: SeenProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const raw = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (raw) {
        seen.push({ pid: Number(entry), argv: raw.split('\0').filter((part) => part.length > 0) });
      }
    } catch {
      // The process ended between readdir and read.
    }
  }
  return seen;
}

export function isDockerProcess(process: SeenProcess): boolean {
  return /(^|\/)docker$/.test(process.argv[0] ?? '');
}

/** Command lines (argv joined by spaces) of the docker CLI. */
export const DOCKER_COMMAND_LINE = /^(\S*\/)?docker( |$)/;

/**
 * Samples the argv of every process whose command line (argv joined by spaces) matches `pattern` every
 * millisecond until stopped, from a separate process so nothing the extension host does (a busy event
 * loop, a blocking call) can hide a short child such as docker login. Returns every distinct argv seen.
 */
export function startArgvSampler(pattern: RegExp = DOCKER_COMMAND_LINE): { seen(): string[][]; stop(): Promise<string[][]> } {
  const script = `
    const fs = require('fs');
    const pattern = new RegExp(process.argv[1], process.argv[2]);
    const seen = new Set();
    const sample = () => {
      for (const entry of fs.readdirSync('/proc')) {
        if (!/^\\d+$/.test(entry)) continue;
        try {
          const argv = fs.readFileSync('/proc/' + entry + '/cmdline', 'utf8').split('\\0').filter(Boolean);
          if (pattern.test(argv.join(' '))) {
            const key = entry + ' ' + JSON.stringify(argv);
            if (!seen.has(key)) { seen.add(key); process.stdout.write(JSON.stringify(argv) + '\\n'); }
          }
        } catch {}
      }
    };
    setInterval(sample, 1);
    process.on('SIGTERM', () => process.exit(0));`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script, pattern.source, pattern.flags], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  // Whole lines only: the last one may still be arriving.
  const seen = (): string[][] =>
    out
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as string[]);
  return {
    seen,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(seen()));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A stand-in for `ecrPush.containerCommand` that appends the full argv of every call to a file, then
 * execs the docker on PATH with exactly those arguments. Unlike sampling /proc, it cannot miss a short
 * call such as docker login, however busy the machine is: the argv it records is the argv the docker
 * process has.
 */
export function recordingDocker(dir: string): { command: string; calls(): string[][] } {
  fs.mkdirSync(dir, { recursive: true });
  const command = path.join(dir, 'docker');
  const log = path.join(dir, 'argv.log');
  // One line per call, its arguments NUL-separated (docker's arguments hold no newline).
  fs.writeFileSync(command, `#!/bin/sh\n{ printf '%s\\0' "$@"; printf '\\n'; } >> '${log}'\nexec docker "$@"\n`, { mode: 0o755 });
  return {
    command,
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\0').filter(Boolean))
        : [],
  };
}

/** True once the process is gone and reaped: no /proc entry left, so not even a zombie. */
export function isGone(pid: number): boolean {
  return !fs.existsSync(`/proc/${pid}`);
}

/**
 * Waits until a `docker push` of `target` (an image reference's `repository:tag` tail) is running, then
 * calls `cancel`, and returns how the push ended (its value, or the error it failed with) and the pid of
 * that docker process, so the test can check the process is reaped.
 */
export async function cancelDuringDockerPush(
  pushing: Promise<unknown>,
  target: string,
  cancel: () => PromiseLike<unknown>,
): Promise<{ outcome: unknown; dockerPushPid: number }> {
  const outcome = pushing.then(
    (value) => value,
    (error: unknown) => error,
  );
  const deadline = Date.now() + 30_000;
  let dockerPush: SeenProcess | undefined;
  while (
    !(dockerPush = listProcesses().find((p) => isDockerProcess(p) && p.argv.includes('push') && p.argv.some((a) => a.endsWith(target))))
  ) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for docker push of ${target} to start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await cancel();
  return { outcome: await outcome, dockerPushPid: dockerPush.pid };
}
