// The set-up behind the README's two commands. scripts/test.mjs and scripts/start.mjs run it before
// anything else, so that on a fresh clone `npm test` and `npm start` need no other command:
//   - the Debian packages of scripts/debian-packages.txt that are missing: installed with apt-get when
//     this runs as root or has password-less sudo, otherwise named in one line with the exact command;
//   - the locked npm dependencies (`npm ci`) when node_modules is missing or older than package-lock.json.
// It runs before node_modules exists, so it uses only node: built-ins, and it gives every child an
// argument array, never a shell string.
// `node scripts/setup.mjs` runs it on its own (.ci/run); `--npm-only` leaves out the Debian packages.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const scriptsDir = path.dirname(fileURLToPath(import.meta.url));

/** The one package list: the npm scripts and .ci/run both install from it. */
export const DEBIAN_PACKAGES_FILE = path.join(scriptsDir, 'debian-packages.txt');

/**
 * @typedef {object} DebianPackage
 * @property {string} name  the Debian package
 * @property {string} probe an absolute file, or a command on PATH, that shows it is there without dpkg
 * @property {string} why   what it is needed for
 */

/**
 * The packages of a list file: `name probe # why` a line; blank and comment lines are skipped.
 * @param {string} [file]
 * @returns {DebianPackage[]}
 */
export function readDebianPackages(file = DEBIAN_PACKAGES_FILE) {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .flatMap((line) => {
      const hash = line.indexOf('#');
      const [name, probe] = (hash >= 0 ? line.slice(0, hash) : line).trim().split(/\s+/);
      return name ? [{ name, probe: probe || name, why: hash >= 0 ? line.slice(hash + 1).trim() : '' }] : [];
    });
}

/**
 * Why node_modules needs `npm ci`, or undefined when it matches package-lock.json.
 * @param {string} repoRoot
 * @returns {string | undefined}
 */
export function npmInstallReason(repoRoot) {
  const modules = path.join(repoRoot, 'node_modules');
  if (!fs.existsSync(modules)) return 'node_modules is missing';
  // npm writes node_modules/.package-lock.json when an install completes: without it the install was
  // cut short; older than package-lock.json means the lock changed since (a pull, a branch switch).
  const installed = path.join(modules, '.package-lock.json');
  if (!fs.existsSync(installed)) return 'node_modules holds no completed npm install';
  if (fs.statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs > fs.statSync(installed).mtimeMs) {
    return 'node_modules is older than package-lock.json';
  }
  return undefined;
}

/**
 * npm as `[command, ...leading args]`. Under `npm test` / `npm start` that is the npm running us
 * (npm_execpath) under this Node, which also works on Windows, where npm.cmd cannot run without a shell.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string[]}
 */
export function npmCommand(env = process.env) {
  const cli = env.npm_execpath;
  if (cli && /npm-cli\.c?js$/.test(cli)) return [process.execPath, cli];
  const bundled = path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (process.platform === 'win32' && fs.existsSync(bundled)) return [process.execPath, bundled];
  return ['npm'];
}

/**
 * The names dpkg reports as installed, from `dpkg-query -W -f='${Package}\t${Status}\n'` output.
 * "install ok installed" and "hold ok installed" count; config-files, half-installed, unpacked do not.
 * @param {string} output
 * @returns {Set<string>}
 */
export function parseDpkgStatus(output) {
  const installed = new Set();
  for (const line of output.split('\n')) {
    const [name, status] = line.split('\t');
    if (name && / installed$/.test(status ?? '')) installed.add(name);
  }
  return installed;
}

/**
 * The installed packages among `names`, or undefined where there is no dpkg-query (not Debian).
 * @param {string[]} names
 * @returns {Set<string> | undefined}
 */
function dpkgInstalled(names) {
  // dpkg-query exits 1 when a name is unknown to it, and still lists the others.
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Status}\n', ...names], { encoding: 'utf8' });
  return query.error ? undefined : parseDpkgStatus(query.stdout);
}

/**
 * True when `probe` (an absolute path, or a command name looked up on PATH) exists.
 * @param {string} probe
 * @param {NodeJS.ProcessEnv} [env]
 */
export function probeFound(probe, env = process.env) {
  if (path.isAbsolute(probe)) return fs.existsSync(probe);
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD').split(';')] : [''];
  return (env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir && extensions.some((extension) => fs.existsSync(path.join(dir, probe + extension))));
}

/**
 * @typedef {{ action: 'none' }
 *   | { action: 'install', say: string, commands: string[][] }
 *   | { action: 'stop', line: string }} DebianPlan
 */

/**
 * What to do about missing Debian packages, decided from the facts alone (so a test can hand it any
 * machine): nothing; install them with apt-get as root or through password-less sudo; or stop with
 * one line that says what is missing and the exact command that installs it.
 * @param {{ who: string, missing: DebianPackage[], debian: boolean, root: boolean, passwordlessSudo: boolean }} facts
 * @returns {DebianPlan}
 */
export function debianPlan({ who, missing, debian, root, passwordlessSudo }) {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.map((p) => p.name);
  if (!debian) {
    const needed = missing.map((p) => `${p.probe} (Debian: ${p.name})`).join(', ');
    return { action: 'stop', line: `${who}: not found: ${needed}; this is not Debian, so install them with its own package manager` };
  }
  const update = ['apt-get', 'update', '-qq'];
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...names];
  const say = `${who}: Debian packages missing (${names.join(', ')}), so installing them with apt-get`;
  if (root) return { action: 'install', say: `${say} as root`, commands: [update, install] };
  if (passwordlessSudo) {
    // sudo resets the environment, so the non-interactive front end goes in through env(1).
    const sudo = ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'];
    return { action: 'install', say: `${say} through sudo`, commands: [update, install].map((command) => [...sudo, ...command]) };
  }
  return {
    action: 'stop',
    line: `${who}: Debian packages missing (${names.join(', ')}); install them, then run it again: sudo apt-get update && sudo ${install.join(' ')}`,
  };
}

/**
 * Installs the missing Debian packages of `packages` where it may; prints what it does.
 * @param {string} who
 * @param {DebianPackage[]} packages
 * @returns {boolean} false after printing one line on stderr that says why it stopped
 */
function ensureDebianPackages(who, packages) {
  const names = packages.map((p) => p.name);
  const installed = dpkgInstalled(names);
  const debian = installed !== undefined;
  const missing = packages.filter((p) => (installed ? !installed.has(p.name) : !probeFound(p.probe)));
  const root = process.getuid?.() === 0;
  const passwordlessSudo = debian && missing.length > 0 && !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const plan = debianPlan({ who, missing, debian, root, passwordlessSudo });
  if (plan.action === 'none') return true;
  if (plan.action === 'stop') {
    console.error(plan.line);
    return false;
  }
  console.log(plan.say);
  for (const [command, ...args] of plan.commands) {
    const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) {
      console.error(`${who}: ${command} ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
      return false;
    }
  }
  const after = dpkgInstalled(names) ?? new Set();
  const still = missing.filter((p) => !after.has(p.name)).map((p) => p.name);
  if (still.length > 0) {
    console.error(`${who}: apt-get finished but dpkg still lists these as not installed: ${still.join(', ')}`);
    return false;
  }
  return true;
}

/**
 * Runs `npm ci` when node_modules does not match package-lock.json; prints why.
 * @param {string} repoRoot
 * @param {string} who
 * @returns {boolean} false after printing on stderr that npm ci failed
 */
function ensureNpmDependencies(repoRoot, who) {
  const reason = npmInstallReason(repoRoot);
  if (!reason) return true;
  const [command, ...leading] = npmCommand();
  const args = ['ci', '--no-audit', '--no-fund'];
  console.log(`${who}: ${reason}, so installing the locked npm dependencies: npm ${args.join(' ')}`);
  const run = spawnSync(command, [...leading, ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`${who}: npm ci failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`}); see npm's message above`);
    return false;
  }
  return true;
}

/**
 * Makes this machine ready for `who` (`npm test`, `npm start`): the Debian packages (unless
 * `npmOnly`: the desktop commands need none of them), then the locked npm dependencies.
 * Silent when all is in place.
 * @param {{ repoRoot: string, who: string, npmOnly?: boolean }} options
 * @returns {boolean} false after printing why on stderr: the caller exits non-zero
 */
export function prepare({ repoRoot, who, npmOnly = false }) {
  if (!npmOnly && !ensureDebianPackages(who, readDebianPackages())) return false;
  return ensureNpmDependencies(repoRoot, who);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const ok = prepare({ repoRoot: path.dirname(scriptsDir), who: 'set-up', npmOnly: process.argv.includes('--npm-only') });
  process.exit(ok ? 0 : 1);
}
