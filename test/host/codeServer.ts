import * as fs from 'node:fs';
import * as path from 'node:path';
import { runMain } from './runMain';
import { runStep } from './runStep';

/** code-server 4.100.3 bundles VS Code 1.100.3 and runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code version inside {@link CODE_SERVER_VERSION}. */
export const VSCODE_VERSION = '1.100.3';

/** A completed code-server install in the repository's cache folder. */
export interface CodeServerInstall {
  /** The cache folder, `.vscode-test/code-server-<version>/`. */
  readonly root: string;
  /** code-server's Node entry point; run it with this Node: `node <entry> [args]`. */
  readonly entry: string;
  readonly version: string;
}

const MARKER = '.install-complete';

/** The cache folder for code-server inside `repoRoot` (git-ignored through `.vscode-test/`). */
export function codeServerDir(repoRoot: string): string {
  return path.join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
}

/** Where code-server's entry point sits inside its cache folder. */
function entryOf(root: string): string {
  return path.join(root, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * The Debian packages and tools the install and the test run need. Each missing one is named
 * with the package that provides it, so a fresh machine fails with one readable message.
 */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const need = (file: string, what: string): void => {
    if (!fs.existsSync(file)) missing.push(`${what} (${file} not found)`);
  };
  need('/usr/bin/rg', 'ripgrep — apt-get install ripgrep (code-server search uses it; its own download cannot run offline)');
  need('/usr/bin/chromium', 'chromium — apt-get install chromium (drives the workbench headless)');
  need('/usr/include/gssapi/gssapi.h', 'Kerberos headers — apt-get install libkrb5-dev (to build the kerberos native module)');
  for (const tool of ['make', 'g++', 'python3']) {
    const found = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, tool)));
    if (!found) missing.push(`${tool} — apt-get install build-essential python3 (node-gyp builds the native modules)`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) missing.push(`Node 20 (this is Node ${process.versions.node}; code-server ${CODE_SERVER_VERSION} needs Node 20)`);
  return missing;
}

/**
 * The environment for npm during the install. node-gyp builds against the headers of the Node
 * running us when they are installed next to it (Debian/NodeSource: /usr/include/node), so it
 * never needs to download them — there is no internet here but the npm registry.
 */
function installEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  const nodeDir = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodeDir;
  return env;
}

/**
 * Installs code-server into `.vscode-test/code-server-<version>/` unless a completed install is
 * there already (a marker file written last records completion; a half-finished folder is wiped
 * and redone). Follows the offline recipe: npm install without scripts (they download ripgrep),
 * then VS Code's own production dependencies, native rebuilds from source, Debian's `rg`.
 */
export async function ensureCodeServer(repoRoot: string, log: (line: string) => void = console.log): Promise<CodeServerInstall> {
  const root = codeServerDir(repoRoot);
  const install: CodeServerInstall = { root, entry: entryOf(root), version: CODE_SERVER_VERSION };
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} cannot be installed or run; missing:\n  - ${missing.join('\n  - ')}`);
  }
  if (fs.existsSync(path.join(root, MARKER)) && fs.existsSync(install.entry)) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${path.relative(repoRoot, root)}`);
    return install;
  }
  if (fs.existsSync(root)) {
    log(`code-server ${CODE_SERVER_VERSION}: removing an unfinished install in ${path.relative(repoRoot, root)}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
  const started = Date.now();
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${path.relative(repoRoot, root)} (a few minutes, once)`);
  fs.mkdirSync(root, { recursive: true });
  // Its own package.json keeps npm from walking up and installing into the project.
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));

  const env = installEnv();
  const vscodeDir = path.join(root, 'node_modules', 'code-server', 'lib', 'vscode');
  await runStep('npm install code-server', 'npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: root,
    env,
    log,
  });
  await runStep('VS Code dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env, log });
  await runStep(
    'native modules',
    'npm',
    ['rebuild', 'node-pty', '@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', '@vscode/deviceid'],
    { cwd: vscodeDir, env, log },
  );

  // ripgrep: Debian's binary where @vscode/ripgrep's postinstall would have downloaded one.
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  symlink('/usr/bin/rg', path.join(rgDir, 'rg'));
  // VS Code's server resolves modules through node_modules.asar; code-server ships plain folders.
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  log('  links: ripgrep -> /usr/bin/rg, node_modules.asar, remote-cli, browser helper');

  await runStep('built-in extensions dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], {
    cwd: path.join(vscodeDir, 'extensions'),
    env,
    log,
  });
  await runStep('argon2', 'npm', ['rebuild', 'argon2'], { cwd: root, env, log });

  if (!fs.existsSync(install.entry)) throw new Error(`code-server install finished but ${install.entry} is missing`);
  fs.writeFileSync(
    path.join(root, MARKER),
    JSON.stringify({ version: CODE_SERVER_VERSION, node: process.versions.node, at: new Date().toISOString() }, null, 2),
  );
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return install;
}

/** Replaces `link` with a symlink to `target` (ln -sfn). */
function symlink(target: string, link: string): void {
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(target, link);
}

// `node out/test/host/codeServer.js` installs (or confirms) the cached code-server on its own.
runMain(module, 'code-server', async () => {
  await ensureCodeServer(path.resolve(__dirname, '..', '..', '..'));
  return 0;
});
