import * as fs from 'fs';
import * as path from 'path';
import { ExecutableNotFoundError } from './processErrors';

/**
 * Resolves `command` the way a shell would, but checks what it finds so that a bad setting
 * (a directory, a file without the execute bit, a name not on PATH) fails with a message that says
 * which, instead of a bare ENOENT/EACCES from spawn.
 *
 * - A command containing a path separator is taken as a path (relative ones against `cwd`).
 * - A bare name is looked up in `PATH` of `env` (and with `PATHEXT` on Windows).
 *
 * @returns the absolute path to spawn
 * @throws ExecutableNotFoundError
 */
export function resolveExecutable(
  command: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  if (command.trim().length === 0) {
    throw new ExecutableNotFoundError(command, args, 'notFound');
  }
  const isWindows = process.platform === 'win32';
  const hasSeparator = command.includes('/') || (isWindows && command.includes('\\'));
  if (hasSeparator || path.isAbsolute(command)) {
    const candidate = path.resolve(cwd, command);
    const problem = checkCandidate(candidate);
    if (problem === undefined) {
      return candidate;
    }
    // On Windows "C:\\bin\\docker" may mean docker.exe.
    if (isWindows && problem === 'notFound') {
      for (const ext of windowsExtensions(env)) {
        if (checkCandidate(candidate + ext) === undefined) {
          return candidate + ext;
        }
      }
    }
    throw new ExecutableNotFoundError(command, args, problem, candidate);
  }

  const pathVar = pathValue(env) ?? '';
  const extensions = isWindows ? ['', ...windowsExtensions(env)] : [''];
  // Remember the first unusable match, so "found but not executable" beats "not found".
  let firstProblem: { problem: 'isDirectory' | 'notExecutable'; path: string } | undefined;
  for (const dir of pathVar.split(path.delimiter)) {
    if (dir.length === 0) {
      continue;
    }
    for (const ext of extensions) {
      const candidate = path.resolve(cwd, dir, command + ext);
      const problem = checkCandidate(candidate);
      if (problem === undefined) {
        return candidate;
      }
      if (problem !== 'notFound' && firstProblem === undefined) {
        firstProblem = { problem, path: candidate };
      }
    }
  }
  if (firstProblem) {
    throw new ExecutableNotFoundError(command, args, firstProblem.problem, firstProblem.path);
  }
  throw new ExecutableNotFoundError(command, args, 'notFound');
}

function checkCandidate(file: string): 'notFound' | 'isDirectory' | 'notExecutable' | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'notFound';
  }
  if (stat.isDirectory()) {
    return 'isDirectory';
  }
  if (process.platform === 'win32') {
    return undefined; // no execute bit on Windows
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return undefined;
  } catch {
    return 'notExecutable';
  }
}

function pathValue(env: NodeJS.ProcessEnv): string | undefined {
  // Windows environments spell it "Path" as often as "PATH".
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key === undefined ? undefined : env[key];
}

function windowsExtensions(env: NodeJS.ProcessEnv): string[] {
  return (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e.length > 0);
}
