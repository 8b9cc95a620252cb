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
 * folder exists), and `HttpHeaders` (may carry tokens).
 */
const COPIED_CONFIG_KEYS: readonly string[] = ['proxies', 'currentContext', 'experimental'];
const CREDENTIAL_KEYS: readonly string[] = ['credsStore', 'credHelpers'];

/** The user's docker config folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function userDockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONFIG) {
    return env.DOCKER_CONFIG;
  }
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return path.join(home, '.docker');
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
 * Prepares the extension-owned docker config folder (used as `docker --config DIR`): copies only the
 * non-credential settings in {@link COPIED_CONFIG_KEYS} from the user's config.json, and never
 * `auths`/`credsStore`/`credHelpers`. Logins made earlier into this private folder (its own `auths`)
 * are kept, so a still-valid login need not be repeated. The user's folder is only read.
 */
export function preparePrivateDockerConfig(privateDir: string, userConfigDir: string = userDockerConfigDir()): void {
  if (path.resolve(privateDir) === path.resolve(userConfigDir)) {
    throw new Error(`The private docker config folder must not be the user's own (${userConfigDir}).`);
  }
  fs.mkdirSync(privateDir, { recursive: true, mode: 0o700 });
  const user = readDockerConfig(userConfigDir);
  const existing = readDockerConfig(privateDir);

  const next: Record<string, unknown> = {};
  if (typeof existing.auths === 'object' && existing.auths !== null) {
    next.auths = existing.auths;
  }
  for (const key of COPIED_CONFIG_KEYS) {
    if (user[key] !== undefined) {
      next[key] = user[key];
    }
  }
  for (const key of CREDENTIAL_KEYS) {
    delete next[key];
  }
  writeFileAtomic(path.join(privateDir, 'config.json'), `${JSON.stringify(next, undefined, '\t')}\n`);
  linkContexts(privateDir, userConfigDir);
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

function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
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
