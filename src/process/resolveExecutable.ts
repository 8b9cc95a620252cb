import * as fs from 'fs';
import * as path from 'path';
import { ExecutableNotFoundError, type ExecutableProblem } from './processErrors';

/** What the lookup needs of the machine: its platform and its files. Injected so every platform's rules run in tests anywhere. */
export interface ExecutableHost {
  readonly platform: NodeJS.Platform;
  /** What `file` is: a runnable file, a file without the execute permission, a directory, or nothing. */
  probe(file: string): 'executable' | 'notExecutable' | 'directory' | undefined;
}

const NODE_HOST: ExecutableHost = {
  platform: process.platform,
  probe(file) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (stat.isDirectory()) {
      return 'directory';
    }
    if (process.platform === 'win32') {
      return 'executable'; // no execute bit on Windows: the extension decides
    }
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return 'executable';
    } catch {
      return 'notExecutable';
    }
  },
};

/** What Windows appends when PATHEXT is unset (cmd.exe's own default). */
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
/** What CreateProcess starts without a shell; a .cmd or .bat needs cmd.exe, which re-parses its arguments. */
const WINDOWS_PROGRAMS: ReadonlySet<string> = new Set(['.exe', '.com']);

/**
 * Resolves `command` the way the platform's own shell would, and checks what it finds so that a bad
 * setting (a directory, a file without the execute bit, a name not on PATH, a Windows batch file) fails
 * with a message that says which, instead of a bare ENOENT/EACCES/EINVAL from spawn.
 *
 * - A command with a path separator is a path (relative ones against `cwd`).
 * - macOS, Linux: a bare name is looked up in each `PATH` folder in order.
 * - Windows: each `Path` folder in order (the variable's name in any case, quoted entries unquoted), and
 *   in each the name with every `PATHEXT` extension in order, then the bare name if it already has an
 *   extension. The current folder is never searched (cmd.exe would search it first: a `docker.exe`
 *   planted in a cloned repository must not run), nor relative `Path` entries, for the same reason.
 *   The first match wins as on Windows itself; when that is a `.cmd` or `.bat` shim (or anything but an
 *   .exe or .com), it is refused with a message that names the file: Node cannot start one without a
 *   shell, and through a shell its arguments would be parsed again (CVE-2024-27980).
 *
 * @returns the absolute path to spawn
 * @throws ExecutableNotFoundError
 */
export function resolveExecutable(
  command: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  host: ExecutableHost = NODE_HOST,
): string {
  if (command.trim().length === 0) {
    throw new ExecutableNotFoundError(command, args, 'notFound');
  }
  const windows = host.platform === 'win32';
  const paths = windows ? path.win32 : path.posix;
  const extensions = windows ? windowsExtensions(env) : [];
  // Every candidate of one base path, in the order the platform tries them.
  const candidates = (base: string): string[] => {
    if (!windows) {
      return [base];
    }
    const withExtensions = extensions.map((ext) => base + ext);
    return paths.extname(base) ? [...withExtensions, base] : withExtensions;
  };
  // Remember the first unusable match, so "found but not executable" beats "not found".
  let firstProblem: { problem: Exclude<ExecutableProblem, 'notFound'>; path: string } | undefined;
  const firstUsable = (bases: readonly string[]): string | undefined => {
    for (const base of bases) {
      for (const candidate of candidates(base)) {
        const found = host.probe(candidate);
        if (found === 'executable') {
          return candidate;
        }
        if (found !== undefined && firstProblem === undefined) {
          firstProblem = { problem: found === 'directory' ? 'isDirectory' : 'notExecutable', path: candidate };
        }
      }
    }
    return undefined;
  };

  const hasSeparator = command.includes('/') || (windows && command.includes('\\'));
  let resolved: string | undefined;
  if (hasSeparator || paths.isAbsolute(command)) {
    resolved = firstUsable([paths.resolve(cwd, command)]);
  } else {
    const folders = (pathValue(env) ?? '')
      .split(windows ? ';' : ':')
      .map((dir) => (windows ? dir.trim().replace(/^"(.*)"$/, '$1') : dir))
      .filter((dir) => dir.length > 0 && (!windows || paths.isAbsolute(dir)));
    resolved = firstUsable(folders.map((dir) => paths.resolve(cwd, dir, command)));
  }
  if (resolved === undefined) {
    if (firstProblem) {
      throw new ExecutableNotFoundError(command, args, firstProblem.problem, firstProblem.path);
    }
    throw new ExecutableNotFoundError(command, args, 'notFound', hasSeparator ? paths.resolve(cwd, command) : undefined);
  }
  if (windows && !WINDOWS_PROGRAMS.has(paths.extname(resolved).toLowerCase())) {
    throw new ExecutableNotFoundError(command, args, 'windowsScript', resolved);
  }
  return resolved;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  // Windows environments spell it "Path" as often as "PATH".
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

function pathValue(env: NodeJS.ProcessEnv): string | undefined {
  return envValue(env, 'PATH');
}

function windowsExtensions(env: NodeJS.ProcessEnv): string[] {
  return (envValue(env, 'PATHEXT') || DEFAULT_PATHEXT)
    .split(';')
    .map((ext) => ext.trim())
    .filter((ext) => ext.startsWith('.') && ext.length > 1);
}
