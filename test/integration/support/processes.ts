/**
 * Watches the process table (/proc/<pid>/cmdline) while a push runs, to prove what docker children got
 * as argv, and to find the docker push process so a test can see it end.
 */
import * as fs from 'node:fs';

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

/** Samples docker processes every few milliseconds until stopped; returns every distinct argv seen. */
export class ProcessSampler {
  private readonly seen = new Map<string, SeenProcess>();
  private timer?: NodeJS.Timeout;
  samples = 0;

  start(intervalMs = 5): this {
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  sample(): void {
    this.samples++;
    for (const process of listProcesses()) {
      if (isDockerProcess(process)) {
        this.seen.set(`${process.pid}:${process.argv.join('\0')}`, process);
      }
    }
  }

  stop(): SeenProcess[] {
    clearInterval(this.timer);
    return [...this.seen.values()];
  }
}

/** True once the process is gone and reaped: no /proc entry left, so not even a zombie. */
export function isGone(pid: number): boolean {
  return !fs.existsSync(`/proc/${pid}`);
}
