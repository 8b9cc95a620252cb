/**
 * Ending a child together with everything it started. On macOS and Linux the child is started as the
 * leader of its own process group, so one kill(-pid) reaches the whole group. Windows has no process
 * groups: `taskkill /T /F` walks the tree from the pid instead. The platform and the spawner come in as
 * parameters so both paths are unit tested on any machine.
 */
import * as cp from 'node:child_process';
import * as path from 'node:path';

export interface ProcessTreeHost {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** Signals a pid (negative: a process group), as process.kill does. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Starts a program without a shell and without waiting for it, as child_process.spawn does. */
  spawn(command: string, args: readonly string[]): void;
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
