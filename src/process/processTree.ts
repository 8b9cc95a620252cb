/**
 * Ending a child together with everything it started. On macOS and Linux the child is started as the
 * leader of its own process group, so one kill(-pid) reaches the whole group. Windows has no process
 * groups: `taskkill /T /F` walks the tree from the pid instead. A descendant that left the group (a
 * container's first process, which podman's RUN step starts in a session of its own) is found by its
 * parent links on Linux and signalled by pid. The platform, the process table and the spawner come in as
 * parameters so every path is unit tested on any machine.
 */
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One row of the process table. */
export interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
}

export interface ProcessTreeHost {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** Signals a pid (negative: a process group), as process.kill does. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Starts a program without a shell and without waiting for it, as child_process.spawn does. */
  spawn(command: string, args: readonly string[]): void;
  /** The process table, where it can be read without starting a process (Linux' /proc); else undefined. */
  processes?(): readonly ProcessRow[] | undefined;
}

const NODE_HOST: ProcessTreeHost = {
  platform: process.platform,
  env: process.env,
  kill: (pid, signal) => process.kill(pid, signal),
  spawn: (command, args) => {
    const child = cp.spawn(command, [...args], { stdio: 'ignore', windowsHide: true, shell: false });
    child.on('error', () => undefined);
    child.unref();
  },
  processes: () => (process.platform === 'linux' ? readProcTable() : undefined),
};

/** Whether children should be started `detached` so that they lead a process group of their own. */
export function startsOwnProcessGroup(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * Signals the tree rooted at `pid`. On Windows every signal is a forced end (taskkill /T /F): there is
 * no gentle SIGTERM for a console program there.
 */
export function killProcessTree(pid: number, signal: NodeJS.Signals, host: ProcessTreeHost = NODE_HOST): void {
  if (host.platform === 'win32') {
    // By full path: a taskkill.exe planted in the working folder or on PATH must not be the one run.
    const taskkill = path.win32.join(host.env.SystemRoot || host.env.windir || 'C:\\Windows', 'System32', 'taskkill.exe');
    host.spawn(taskkill, ['/PID', String(pid), '/T', '/F']);
    return;
  }
  try {
    host.kill(-pid, signal);
    return;
  } catch {
    // No such group (the leader already left it): fall back to the pid itself.
  }
  try {
    host.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Descendants of `pid` that are not in its process group, so a group kill misses them. Podman runs a
 * build's RUN step as a container whose first process leads a session of its own: a killed `podman build`
 * leaves it running. Read before the kill, while the parent links still lead to `pid`. (On macOS and
 * Windows podman builds inside its machine, which ends the step itself when the client goes.)
 */
export function escapedDescendants(pid: number, host: ProcessTreeHost = NODE_HOST): number[] {
  const table = host.processes?.() ?? [];
  const children = new Map<number, ProcessRow[]>();
  for (const row of table) {
    children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  }
  const escaped: number[] = [];
  const pending = [pid];
  const seen = new Set<number>(pending);
  while (pending.length > 0) {
    for (const child of children.get(pending.pop()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      pending.push(child.pid);
      if (child.pgid !== pid) escaped.push(child.pid);
    }
  }
  return escaped;
}

/** Signals each pid (those escapedDescendants found); one already gone is skipped. */
export function signalEach(pids: readonly number[], signal: NodeJS.Signals, host: ProcessTreeHost = NODE_HOST): void {
  for (const pid of pids) {
    try {
      host.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Linux' process table from /proc/<pid>/stat: `pid (comm) state ppid pgrp …`, comm may hold spaces and parentheses. */
function readProcTable(): ProcessRow[] | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  const rows: ProcessRow[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]) });
    } catch {
      // Ended while the table was read.
    }
  }
  return rows;
}
