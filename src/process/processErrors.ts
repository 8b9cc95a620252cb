/** Base of every failure of a child process run by `ShortCommandProcess.run` or `runAsync`. */
export class ProcessError extends Error {
  constructor(
    message: string,
    /** The executable as given by the caller (not the resolved path). */
    readonly command: string,
    /** The arguments; never holds a secret, secrets travel on stdin. */
    readonly args: readonly string[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Why an executable could not be run: missing, a directory, without the execute permission, or on
 * Windows a batch file or script (`.cmd`, `.bat`, …) that only a shell can start.
 */
export type ExecutableProblem = 'notFound' | 'isDirectory' | 'notExecutable' | 'windowsScript';

/** The executable does not exist (ENOENT), is a directory (EISDIR), may not be executed (EACCES), or is a Windows script. */
export class ExecutableNotFoundError extends ProcessError {
  constructor(
    command: string,
    args: readonly string[],
    readonly problem: ExecutableProblem,
    /** The path that was tried, when the command resolved to one. */
    readonly path?: string,
  ) {
    super(describeProblem(command, problem, path), command, args);
  }
}

function describeProblem(command: string, problem: ExecutableProblem, path: string | undefined): string {
  const where = path && path !== command ? ` (${path})` : '';
  switch (problem) {
    case 'isDirectory':
      return `Cannot run '${command}'${where}: it is a directory, not an executable file.`;
    case 'notExecutable':
      return `Cannot run '${command}'${where}: the file is not executable (permission denied).`;
    case 'windowsScript':
      return (
        `Cannot run '${command}'${where}: it is a Windows batch file or script, which only a shell can start, ` +
        `and a shell would parse its arguments again. Name the program itself instead: its .exe (e.g. C:\\Program Files\\RedHat\\Podman\\podman.exe).`
      );
    case 'notFound':
      return command.includes('/') || command.includes('\\')
        ? `Cannot run '${command}': no such file.`
        : `Cannot run '${command}': it was not found on PATH.`;
  }
}

/** The process ran longer than allowed and was killed. */
export class ProcessTimeoutError extends ProcessError {
  constructor(
    command: string,
    args: readonly string[],
    readonly timeoutMs: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`'${command}' did not finish within ${timeoutMs} ms and was stopped.`, command, args);
  }
}

/** The process exited with a non-zero code, or was ended by a signal nobody here sent. */
export class ProcessExitError extends ProcessError {
  constructor(
    command: string,
    args: readonly string[],
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(
      exitCode !== null
        ? `'${command}' exited with code ${exitCode}${lastLine(stderr)}`
        : `'${command}' was ended by signal ${signal ?? 'unknown'}${lastLine(stderr)}`,
      command,
      args,
    );
  }
}

/** The caller aborted the run; the process was killed and is gone. */
export class ProcessCancelledError extends ProcessError {
  constructor(command: string, args: readonly string[]) {
    super(`'${command}' was cancelled.`, command, args);
  }
}

function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.length > 0 ? `: ${lines[lines.length - 1]}` : '.';
}
