import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExecutableNotFoundError } from '../../../src/process/processErrors';
import { resolveExecutable, type ExecutableHost } from '../../../src/process/resolveExecutable';

describe('resolveExecutable', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-'));
    for (const sub of ['a', 'b', 'c']) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(path.join(dir, 'a', 'mydocker'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
    fs.writeFileSync(path.join(dir, 'b', 'mydocker'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'c', 'dirdocker'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ PATH: [path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'c')].join(path.delimiter) });

  it('finds the first executable match on PATH, skipping a non-executable one', () => {
    assert.strictEqual(resolveExecutable('mydocker', [], env()), path.join(dir, 'b', 'mydocker'));
  });

  it('accepts an absolute path to an executable', () => {
    const file = path.join(dir, 'b', 'mydocker');
    assert.strictEqual(resolveExecutable(file, [], {}), file);
  });

  it('reports a name on PATH that is only a directory as a directory', () => {
    assert.throws(
      () => resolveExecutable('dirdocker', ['x'], env()),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError &&
        err.problem === 'isDirectory' &&
        err.path === path.join(dir, 'c', 'dirdocker') &&
        err.args[0] === 'x',
    );
  });

  it('reports an absolute path without execute permission as not executable', () => {
    assert.throws(
      () => resolveExecutable(path.join(dir, 'a', 'mydocker'), [], {}),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'notExecutable' && /not executable/.test(err.message),
    );
  });

  it('reports a name found nowhere as not found on PATH', () => {
    assert.throws(
      () => resolveExecutable('docker', [], { PATH: path.join(dir, 'a') }),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError && err.problem === 'notFound' && /'docker'.*not found on PATH/.test(err.message),
    );
  });

  it('rejects an empty command', () => {
    assert.throws(() => resolveExecutable('  ', [], env()), ExecutableNotFoundError);
  });
});

/**
 * Windows' own lookup, with the platform and the files injected: these run on any machine. A fake
 * file system of Windows paths (case-insensitive, as NTFS is) stands in for the disk.
 */
describe('resolveExecutable on Windows (platform injected)', () => {
  function windowsHost(files: readonly string[], dirs: readonly string[] = []): ExecutableHost & { probed: string[] } {
    const lower = (p: string) => p.toLowerCase();
    const fileSet = new Set(files.map(lower));
    const dirSet = new Set(dirs.map(lower));
    const probed: string[] = [];
    return {
      platform: 'win32',
      probed,
      probe(file) {
        probed.push(file);
        if (dirSet.has(lower(file))) return 'directory';
        return fileSet.has(lower(file)) ? 'executable' : undefined;
      },
    };
  }
  const cwd = 'C:\\Users\\Zoë Müller\\repo';
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    Path: 'C:\\Windows\\System32;"C:\\Program Files\\Docker\\Docker\\resources\\bin";C:\\Program Files\\RedHat\\Podman',
    PATHEXT: '.COM;.EXE;.BAT;.CMD;.VBS',
    ...extra,
  });

  it('tries every PATHEXT extension in order in each Path folder, the folders in order, quoted ones unquoted', () => {
    const host = windowsHost(['C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe']);
    // The candidate as Windows builds it (PATHEXT's letter case); NTFS finds docker.exe by it.
    assert.strictEqual(resolveExecutable('docker', [], env(), cwd, host), 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.EXE');
    assert.deepStrictEqual(host.probed, [
      'C:\\Windows\\System32\\docker.COM',
      'C:\\Windows\\System32\\docker.EXE',
      'C:\\Windows\\System32\\docker.BAT',
      'C:\\Windows\\System32\\docker.CMD',
      'C:\\Windows\\System32\\docker.VBS',
      'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.COM',
      'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.EXE',
    ]);
  });

  it('reads Path and PATHEXT in any letter case, and uses cmd.exe’s PATHEXT when it is unset', () => {
    const host = windowsHost(['C:\\tools\\podman.exe']);
    assert.strictEqual(resolveExecutable('podman', [], { PATH: 'C:\\tools' }, cwd, host), 'C:\\tools\\podman.EXE');
    assert.strictEqual(resolveExecutable('podman', [], { path: 'C:\\tools', pathext: '.exe' }, cwd, host), 'C:\\tools\\podman.exe');
  });

  it('never looks in the current folder, nor in relative Path entries: a planted docker.exe in a repository does not run', () => {
    const host = windowsHost([`${cwd}\\docker.exe`, `${cwd}\\bin\\docker.exe`, 'C:\\Program Files\\RedHat\\Podman\\docker.exe']);
    const found = resolveExecutable('docker', [], env({ Path: `bin;.;${env().Path}` }), cwd, host);
    assert.strictEqual(found.toLowerCase(), 'c:\\program files\\redhat\\podman\\docker.exe');
    assert.ok(!host.probed.some((p) => p.toLowerCase().startsWith(cwd.toLowerCase())), host.probed.join('\n'));
  });

  it('takes a name that already has an extension as it is, after the PATHEXT forms', () => {
    const host = windowsHost(['C:\\Program Files\\RedHat\\Podman\\podman.exe']);
    assert.strictEqual(resolveExecutable('podman.exe', [], env(), cwd, host), 'C:\\Program Files\\RedHat\\Podman\\podman.exe');
    const probedThere = host.probed.filter((p) => p.startsWith('C:\\Program Files\\RedHat'));
    assert.deepStrictEqual(probedThere.at(-1), 'C:\\Program Files\\RedHat\\Podman\\podman.exe');
    assert.ok(probedThere.includes('C:\\Program Files\\RedHat\\Podman\\podman.exe.EXE'));
  });

  it('never runs an extensionless file found on Path (Windows cannot start one either)', () => {
    const host = windowsHost(['C:\\Windows\\System32\\docker']);
    assert.throws(
      () => resolveExecutable('docker', [], env(), cwd, host),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'notFound',
    );
  });

  it('refuses a .cmd shim that comes first on Path with a message naming it and what to set instead', () => {
    const host = windowsHost(['C:\\Windows\\System32\\docker.cmd', 'C:\\Program Files\\RedHat\\Podman\\docker.exe']);
    assert.throws(
      () => resolveExecutable('docker', ['version'], env(), cwd, host),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError &&
        err.problem === 'windowsScript' &&
        err.path === 'C:\\Windows\\System32\\docker.CMD' &&
        /Windows batch file or script/.test(err.message) &&
        /its \.exe/.test(err.message) &&
        err.message.includes('C:\\Windows\\System32\\docker.CMD'),
    );
  });

  it('refuses a .bat given by path, and any other script extension of PATHEXT', () => {
    assert.throws(
      () => resolveExecutable('C:\\tools\\finch.bat', [], env(), cwd, windowsHost(['C:\\tools\\finch.bat'])),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'windowsScript',
    );
    assert.throws(
      () => resolveExecutable('nerdctl', [], env({ Path: 'C:\\tools' }), cwd, windowsHost(['C:\\tools\\nerdctl.vbs'])),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'windowsScript',
    );
  });

  it('resolves a path without extension to its .exe, relative paths against the folder, both slashes, spaces and non-ASCII included', () => {
    const exe = 'C:\\Users\\Zoë Müller\\AppData\\Local\\Programs\\Rancher Desktop\\resources\\bin\\nerdctl.exe';
    const host = windowsHost([exe]);
    assert.strictEqual(
      resolveExecutable(
        'C:/Users/Zoë Müller/AppData/Local/Programs/Rancher Desktop/resources/bin/nerdctl',
        [],
        env(),
        cwd,
        host,
      ).toLowerCase(),
      exe.toLowerCase(),
    );
    const local = windowsHost([`${cwd}\\tools\\docker.exe`]);
    assert.strictEqual(
      resolveExecutable('.\\tools\\docker', [], env(), cwd, local).toLowerCase(),
      `${cwd}\\tools\\docker.exe`.toLowerCase(),
    );
  });

  it('reports a folder named like the program as a folder', () => {
    const host = windowsHost([], ['C:\\tools\\docker.exe']);
    assert.throws(
      () => resolveExecutable('docker', [], env({ Path: 'C:\\tools' }), cwd, host),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'isDirectory',
    );
  });
});

describe('resolveExecutable on macOS (platform injected)', () => {
  it('looks up Docker Desktop’s CLI on PATH with no extensions, a folder with spaces and non-ASCII included', () => {
    const probed: string[] = [];
    const host: ExecutableHost = {
      platform: 'darwin',
      probe(file) {
        probed.push(file);
        return file === '/Users/zoë/Applications/Docker Desktop.app/Contents/Resources/bin/docker' ? 'executable' : undefined;
      },
    };
    const found = resolveExecutable(
      'docker',
      [],
      { PATH: '/usr/bin:/Users/zoë/Applications/Docker Desktop.app/Contents/Resources/bin' },
      '/Users/zoë/repo',
      host,
    );
    assert.strictEqual(found, '/Users/zoë/Applications/Docker Desktop.app/Contents/Resources/bin/docker');
    assert.deepStrictEqual(probed, ['/usr/bin/docker', found]);
  });
});
