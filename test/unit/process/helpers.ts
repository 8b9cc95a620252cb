import * as fs from 'fs';

/** Is a process with this pid present at all (a zombie counts as present)? */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Can this process signal the pid (a zombie counts; a pid it may not signal does not)? */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Is the process running (present and not a zombie waiting for an unrelated parent to reap it)? */
export function processRunning(pid: number): boolean {
  if (!processExists(pid)) {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after "(comm)", is the state.
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `check` is true; the mocha timeout bounds it (no timing is asserted). */
export async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
