import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Keys of the user's config.json copied into the extension's private docker config.
 *
 * - `proxies`: the daemon-side proxy settings users rely on behind corporate proxies.
 * - `currentContext`: which docker context (daemon endpoint) to talk to; without it a private config
 *   would silently switch Docker Desktop / colima / rootless users to the default socket. The
 *   `contexts/` folder it refers to is linked (or copied) as well; it holds endpoints and TLS material,
 *   never registry credentials.
 * - `experimental`: CLI feature switch, harmless.
 *
 * Never copied: `auths`, `credsStore`, `credHelpers` (credentials and their helpers — the reason the
 * folder exists), and `HttpHeaders` (may carry tokens). `cliPluginsExtraDirs` is extended rather than
 * copied: see {@link pluginDirs}.
 */
const COPIED_CONFIG_KEYS: readonly string[] = ['proxies', 'currentContext', 'experimental'];

/**
 * The user's docker config folder, by docker's own rule (docker/cli config.Dir): `$DOCKER_CONFIG`, else
 * `.docker` in the home folder, which is `%USERPROFILE%` on Windows and `$HOME` elsewhere (a Windows
 * `HOME`, set by Git Bash or MSYS, is not docker's). The platform comes in so each rule runs in tests anywhere.
 */
export function userDockerConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DOCKER_CONFIG) {
    return env.DOCKER_CONFIG;
  }
  const windows = platform === 'win32';
  const home = (windows ? env.USERPROFILE : env.HOME) || os.homedir();
  return (windows ? path.win32 : path.posix).join(home, '.docker');
}

/** Reads `<dir>/config.json`; `{}` when it is missing or not a JSON object (docker itself tolerates both). */
function readDockerConfig(dir: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The extension-owned docker config folder for one login: a folder per identity and registry under
 * `root`, so two windows pushing as two identities never overwrite each other's login.
 */
export function privateDockerConfigDir(root: string, loginIdentity: string): string {
  return path.join(root, crypto.createHash('sha256').update(loginIdentity).digest('hex').slice(0, 16));
}

/**
 * Prepares an extension-owned docker config folder (used as `docker --config DIR`) for a login to
 * `host`. Copies only the non-credential settings in {@link COPIED_CONFIG_KEYS} from the user's
 * config.json, never `auths`/`credsStore`/`credHelpers`. Earlier logins in this folder are kept, so a
 * still-valid login need not be repeated.
 *
 * The file always holds an `auths` entry for `host` (empty until the login). docker picks a platform
 * credential store by itself (osxkeychain, wincred, pass, secretservice) whenever a config has no
 * auths, credsStore or credHelpers (docker/cli LoadDefaultConfigFile); with the entry there, it keeps
 * the login in this file and never hands the ECR password to the user's keychain.
 * The folder is 0700 and the file 0600, also when they already existed. The user's folder is only read.
 */
export function preparePrivateDockerConfig(privateDir: string, host: string, userConfigDir: string = userDockerConfigDir()): void {
  if (path.resolve(privateDir) === path.resolve(userConfigDir)) {
    throw new Error(`The private docker config folder must not be the user's own (${userConfigDir}).`);
  }
  fs.mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(privateDir, 0o700);
  const user = readDockerConfig(userConfigDir);
  const existing = readDockerConfig(privateDir);

  const auths = isObject(existing.auths) ? { ...existing.auths } : {};
  auths[host] ??= {};
  const next: Record<string, unknown> = { auths };
  for (const key of COPIED_CONFIG_KEYS) {
    if (user[key] !== undefined) {
      next[key] = user[key];
    }
  }
  const plugins = pluginDirs(user, userConfigDir);
  if (plugins.length > 0) {
    next.cliPluginsExtraDirs = plugins;
  }
  writeFileAtomic(path.join(privateDir, 'config.json'), `${JSON.stringify(next, undefined, '\t')}\n`);
  linkContexts(privateDir, userConfigDir);
}

/**
 * docker looks for CLI plugins (buildx, compose) in `<config folder>/cli-plugins`, the config's
 * `cliPluginsExtraDirs` and the system folders. With `--config <private folder>` the first two would be
 * lost (a buildx installed in ~/.docker/cli-plugins, or Docker Desktop's and Homebrew's extra folders), so
 * the private config lists them. Folders only: no credential lives there.
 */
function pluginDirs(user: Record<string, unknown>, userConfigDir: string): string[] {
  const extra = Array.isArray(user.cliPluginsExtraDirs) ? user.cliPluginsExtraDirs.filter((d): d is string => typeof d === 'string') : [];
  const own = path.join(userConfigDir, 'cli-plugins');
  return [...(fs.existsSync(own) ? [own] : []), ...extra];
}

/** Whether `privateDir` holds exactly this login for `host` (docker keeps it as base64 of `user:password`). */
export function hasLogin(privateDir: string, host: string, login: { readonly username: string; readonly password: string }): boolean {
  const auths = readDockerConfig(privateDir).auths;
  const entry = isObject(auths) ? auths[host] : undefined;
  const expected = Buffer.from(`${login.username}:${login.password}`).toString('base64');
  return isObject(entry) && entry.auth === expected;
}

/**
 * Logs out of every registry in every private config folder under `root` (and in `root` itself, where
 * earlier versions kept their one login): each config.json keeps its settings but loses its logins.
 * Returns how many logins were removed.
 */
export function removeAllLogins(root: string): number {
  let removed = 0;
  let folders: string[];
  try {
    folders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(root, entry.name));
  } catch {
    return 0;
  }
  for (const dir of [root, ...folders]) {
    const config = readDockerConfig(dir);
    if (!isObject(config.auths) || Object.keys(config.auths).length === 0) {
      continue;
    }
    removed += Object.values(config.auths).filter((entry) => isObject(entry) && entry.auth).length;
    writeFileAtomic(path.join(dir, 'config.json'), `${JSON.stringify({ ...config, auths: {} }, undefined, '\t')}\n`);
  }
  return removed;
}

/**
 * Does the user's docker config route `host` to the ECR credential helper
 * (`credHelpers[host] === 'ecr-login'`, or no entry for the host and `credsStore === 'ecr-login'`)?
 */
export function usesEcrLoginHelper(host: string, userConfigDir: string = userDockerConfigDir()): boolean {
  const config = readDockerConfig(userConfigDir);
  const wanted = normaliseHost(host);
  const helpers = config.credHelpers;
  if (typeof helpers === 'object' && helpers !== null) {
    for (const [key, helper] of Object.entries(helpers as Record<string, unknown>)) {
      if (normaliseHost(key) === wanted) {
        // A per-host helper overrides credsStore, whichever it is.
        return helper === 'ecr-login';
      }
    }
  }
  return config.credsStore === 'ecr-login';
}

function normaliseHost(host: string): string {
  return host
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Written whole or not at all, 0600 from the first byte (a login in it is a secret). */
function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** Makes `<private>/contexts` show the user's contexts, so `currentContext` resolves. */
function linkContexts(privateDir: string, userConfigDir: string): void {
  const source = path.join(userConfigDir, 'contexts');
  const target = path.join(privateDir, 'contexts');
  if (!fs.existsSync(source)) {
    return;
  }
  try {
    const current = fs.lstatSync(target);
    if (current.isSymbolicLink() && path.resolve(privateDir, fs.readlinkSync(target)) === path.resolve(source)) {
      return;
    }
    fs.rmSync(target, { recursive: true, force: true });
  } catch {
    // Nothing there yet.
  }
  try {
    // 'junction' needs no privilege on Windows and is ignored elsewhere.
    fs.symlinkSync(source, target, 'junction');
  } catch {
    fs.cpSync(source, target, { recursive: true });
  }
}
