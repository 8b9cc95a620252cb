import * as assert from 'assert';
import { ssoLoginTerminal } from '../../../src/credentials/ssoLoginTerminal';
import { ExecutableNotFoundError } from '../../../src/process/processErrors';
import type { ExecutableHost } from '../../../src/process/resolveExecutable';

/** A machine with exactly these files (case-insensitive on Windows, as NTFS is). */
function host(platform: NodeJS.Platform, files: readonly string[]): ExecutableHost {
  const key = (p: string) => (platform === 'win32' ? p.toLowerCase() : p);
  const set = new Set(files.map(key));
  return { platform, probe: (file) => (set.has(key(file)) ? 'executable' : undefined) };
}

describe('ssoLoginTerminal: the "Run aws sso login" terminal, as shellPath + shellArgs (platform injected)', () => {
  const hostile = "x';calc;'";
  const windows = host('win32', ['C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe']);
  const windowsEnv = { Path: 'C:\\WINDOWS\\system32;C:\\Program Files\\Amazon\\AWSCLIV2\\', PATHEXT: '.COM;.EXE;.BAT;.CMD' };

  it('on Windows starts aws.exe itself with the profile as one argument, whatever quotes and semicolons it holds', () => {
    const terminal = ssoLoginTerminal(hostile, { env: windowsEnv, cwd: 'C:\\Users\\Zoë\\repo', host: windows });
    assert.deepStrictEqual(terminal, {
      name: `aws sso login (${hostile})`,
      shellPath: 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.EXE',
      shellArgs: ['sso', 'login', '--profile', hostile],
    });
  });

  it('passes PowerShell and cmd.exe metacharacters through untouched: nothing is a command string', () => {
    for (const profile of ['a & calc', 'b | whoami', '$(calc)', '`calc`', '"quoted"', 'c%PATH%', 'dev^team', 'zoë-müller']) {
      const terminal = ssoLoginTerminal(profile, { env: windowsEnv, host: windows });
      assert.deepStrictEqual(terminal.shellArgs, ['sso', 'login', '--profile', profile]);
    }
  });

  it('on macOS and Linux starts the aws found on PATH, the profile still one argument', () => {
    const env = { PATH: '/usr/bin:/opt/homebrew/bin' };
    for (const platform of ['darwin', 'linux'] as const) {
      const terminal = ssoLoginTerminal(hostile, { env, host: host(platform, ['/opt/homebrew/bin/aws']) });
      assert.deepStrictEqual(terminal, {
        name: `aws sso login (${hostile})`,
        shellPath: '/opt/homebrew/bin/aws',
        shellArgs: ['sso', 'login', '--profile', hostile],
      });
    }
  });

  it('glues a profile that starts with "-" to its flag, so aws cannot read it as an option', () => {
    const terminal = ssoLoginTerminal('--debug', { env: { PATH: '/usr/bin' }, host: host('linux', ['/usr/bin/aws']) });
    assert.deepStrictEqual(terminal.shellArgs, ['sso', 'login', '--profile=--debug']);
  });

  it('refuses the AWS CLI v1 aws.cmd shim on Windows, and says so', () => {
    const v1 = host('win32', ['C:\\Python312\\Scripts\\aws.cmd']);
    assert.throws(
      () => ssoLoginTerminal('dev', { env: { Path: 'C:\\Python312\\Scripts' }, host: v1 }),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'windowsScript' && /aws\.CMD/.test(err.message),
    );
  });

  it('throws "not found on PATH" when there is no AWS CLI at all', () => {
    assert.throws(
      () => ssoLoginTerminal('dev', { env: { PATH: '/usr/bin' }, host: host('linux', []) }),
      (err: unknown) => err instanceof ExecutableNotFoundError && /'aws'.*not found on PATH/.test(err.message),
    );
  });
});
