/**
 * What the "Run aws sso login" terminal starts: the AWS CLI itself as the terminal's process, with the
 * profile as one argument. No command string goes to a shell, so no quoting rule has to be right: POSIX
 * quotes (`'…'`) mean nothing to PowerShell or cmd.exe, where a profile named `x';calc;'` would have run
 * `calc`. The CLI is found the way the platform finds programs (resolveExecutable), so Windows gets
 * aws.exe and never a .cmd shim.
 */
import { resolveExecutable, type ExecutableHost } from '../process/resolveExecutable';

/** The options of `vscode.window.createTerminal` that start the login (a plain object: no vscode here). */
export interface SsoLoginTerminal {
  readonly name: string;
  readonly shellPath: string;
  readonly shellArgs: readonly string[];
}

/**
 * The terminal for `aws sso login --profile PROFILE`.
 * @throws ExecutableNotFoundError when the AWS CLI is not on PATH (or on Windows only a script is)
 */
export function ssoLoginTerminal(
  profile: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string; host?: ExecutableHost } = {},
): SsoLoginTerminal {
  const args = ['sso', 'login'];
  const shellPath = resolveExecutable('aws', args, options.env ?? process.env, options.cwd, options.host);
  // A profile that starts with '-' would be read as an option of its own; glued to the flag it cannot be.
  const profileArgs = profile.startsWith('-') ? [`--profile=${profile}`] : ['--profile', profile];
  return { name: `aws sso login (${profile})`, shellPath, shellArgs: [...args, ...profileArgs] };
}
