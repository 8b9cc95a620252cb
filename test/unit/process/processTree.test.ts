/**
 * Ending a process tree, with the platform injected: Windows has no process groups, so the tree is
 * ended by taskkill /T /F, run by its full path; macOS and Linux signal the group, then the pid.
 * (The real kill is exercised by the ShortCommandProcess and runAsync cancel tests on this machine.)
 */
import * as assert from 'node:assert/strict';
import { escapedDescendants, killProcessTree, startsOwnProcessGroup, type ProcessTreeHost } from '../../../src/process/processTree';

function host(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, failGroup = false) {
  const calls: string[] = [];
  const fake: ProcessTreeHost = {
    platform,
    env,
    kill: (pid, signal) => {
      calls.push(`kill ${pid} ${signal}`);
      if (failGroup && pid < 0) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
    },
    spawn: (command, args) => calls.push([command, ...args].join(' ')),
  };
  return { fake, calls };
}

describe('killProcessTree', () => {
  it('Windows: taskkill /PID <pid> /T /F by its full System32 path, for any signal', () => {
    const { fake, calls } = host('win32', { SystemRoot: 'C:\\Windows' });
    killProcessTree(4242, 'SIGTERM', fake);
    killProcessTree(4242, 'SIGKILL', fake);
    assert.deepEqual(calls, ['C:\\Windows\\System32\\taskkill.exe /PID 4242 /T /F', 'C:\\Windows\\System32\\taskkill.exe /PID 4242 /T /F']);
  });

  it('Windows: falls back to windir, then C:\\Windows, never a bare taskkill found on PATH', () => {
    const viaWindir = host('win32', { windir: 'D:\\WINNT' });
    killProcessTree(7, 'SIGKILL', viaWindir.fake);
    assert.deepEqual(viaWindir.calls, ['D:\\WINNT\\System32\\taskkill.exe /PID 7 /T /F']);
    const bare = host('win32', {});
    killProcessTree(7, 'SIGKILL', bare.fake);
    assert.deepEqual(bare.calls, ['C:\\Windows\\System32\\taskkill.exe /PID 7 /T /F']);
  });

  for (const platform of ['linux', 'darwin'] as const) {
    it(`${platform}: signals the process group, and nothing else when that works`, () => {
      const { fake, calls } = host(platform);
      killProcessTree(4242, 'SIGTERM', fake);
      assert.deepEqual(calls, ['kill -4242 SIGTERM']);
    });

    it(`${platform}: signals the pid when there is no such group`, () => {
      const { fake, calls } = host(platform, {}, true);
      killProcessTree(4242, 'SIGKILL', fake);
      assert.deepEqual(calls, ['kill -4242 SIGKILL', 'kill 4242 SIGKILL']);
    });
  }

  it('children lead a process group of their own everywhere but Windows', () => {
    assert.equal(startsOwnProcessGroup('linux'), true);
    assert.equal(startsOwnProcessGroup('darwin'), true);
    assert.equal(startsOwnProcessGroup('win32'), false);
  });

  it('finds the descendants outside the group, through any depth, and nothing where there is no process table', () => {
    const { fake } = host('linux');
    const table = [
      { pid: 10, ppid: 1, pgid: 10 }, // podman build, its own group
      { pid: 11, ppid: 10, pgid: 10 }, // its runtime helper, same group
      { pid: 12, ppid: 11, pgid: 12 }, // the RUN step's container, a session of its own
      { pid: 13, ppid: 12, pgid: 12 }, // what that started
      { pid: 20, ppid: 1, pgid: 20 }, // someone else's
    ];
    assert.deepEqual(escapedDescendants(10, { ...fake, processes: () => table }).sort(), [12, 13]);
    assert.deepEqual(escapedDescendants(10, fake), []);
  });
});
