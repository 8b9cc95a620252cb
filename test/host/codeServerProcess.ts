import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeServerInstall } from './codeServer';
import { freePort } from './freePort';

/** How to start code-server. */
export interface CodeServerOptions {
  install: CodeServerInstall;
  /** Private state for this instance: user data, extensions, code-server config and logs. */
  stateDir: string;
  /** Fixed port, or a free one when omitted. */
  port?: number;
  /** Folder the workbench opens by default. */
  folder?: string;
  /**
   * Extra environment for code-server, and so for the extension host it forks (that is how the
   * stack's DOCKER_HOST, AWS_* credentials and the stack-info path reach the tests).
   */
  env?: Record<string, string>;
  /** Receives each line code-server (and the extension host through it) writes. */
  onLine?: (line: string) => void;
  extraArgs?: readonly string[];
}

/** A running code-server. */
export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Settles when the process exits (for noticing a crash while waiting on something else). */
  readonly exited: Promise<number | null>;
  /** Stops code-server and everything it started (its process group); idempotent. */
  stop(): Promise<void>;
}

/** The user-data and extensions folders code-server uses under `stateDir`. */
export function codeServerDirs(stateDir: string): { userDataDir: string; extensionsDir: string } {
  return { userDataDir: path.join(stateDir, 'user-data'), extensionsDir: path.join(stateDir, 'extensions') };
}

/**
 * Starts code-server on 127.0.0.1 with no auth, telemetry or update checks, private folders under
 * `stateDir`, and resolves once its /healthz answers. It runs in its own process group so stop()
 * also ends the extension host, pty host and file watcher it forks.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const { userDataDir, extensionsDir } = codeServerDirs(options.stateDir);
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const args = [
    options.install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config',
    path.join(options.stateDir, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.extraArgs ?? []),
    ...(options.folder ? [options.folder] : []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server keeps its own logs under XDG_DATA_HOME; keep them with this instance.
    XDG_DATA_HOME: path.join(options.stateDir, 'xdg-data'),
    // The extension host must get this environment as given. Otherwise the VS Code server lays the
    // environment of a login shell over it, whose profile resets PATH (the stand-in credential helpers
    // would vanish from it). VSCODE_CLI=1 says "started from a shell already", which skips that step.
    VSCODE_CLI: '1',
    ...options.env,
  };
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  forwardLines(child, (line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.onLine?.(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));

  let stopped: Promise<void> | undefined;
  const server: RunningCodeServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    userDataDir,
    extensionsDir,
    exited,
    stop: () => (stopped ??= killGroup(child, exited)),
  };
  try {
    await Promise.race([
      waitForHealth(server.url, 60_000),
      spawnError,
      exited.then((code) => {
        throw new Error(`code-server exited (code ${code}) before it answered:\n${recent.join('\n')}`);
      }),
    ]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    });
    stream?.on('end', () => partial.trim() && onLine(partial));
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000}s (${lastError})`);
}

/** SIGTERM to the whole process group, SIGKILL after a grace period. */
async function killGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  if (child.exitCode === null && child.signalCode === null) signalGroup('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  // Children of the group (extension host, pty host) may outlive the main process: always sweep.
  signalGroup('SIGKILL');
  if (!graceful) await exited;
}
