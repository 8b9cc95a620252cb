/**
 * Pure argument builders for podman: what to run, apart from running it. Podman keeps registry logins in
 * an auth file, not a docker config folder; `--authfile` names it on each call, so a private login never
 * touches the user's `${XDG_RUNTIME_DIR}/containers/auth.json` (Linux) or
 * `~/.config/containers/auth.json` (macOS, Windows). Its format is docker's config.json `auths`
 * (containers-auth.json(5)), so the private folder's config.json serves both engines, and the check
 * "is this exact login on disk" reads the same file whichever CLI wrote it.
 * No `--tls-verify=false`, ever: which registries may speak plain HTTP is registries.conf's business.
 */
import * as path from 'path';
import { operand } from './dockerArgs';

/** The auth file of a private login folder: the folder's config.json, the file docker would use there. */
export function privateAuthFile(configDir: string): string {
  return path.join(configDir, 'config.json');
}

function authArgs(configDir?: string): string[] {
  return configDir ? ['--authfile', privateAuthFile(configDir)] : [];
}

/** `podman images --format json`: one JSON array of podman's own summaries (see podmanImageList.ts). */
export function podmanImageListArgs(): string[] {
  return ['images', '--format', 'json'];
}

/** The password goes to stdin (`--password-stdin`), never here. */
export function podmanLoginArgs(host: string, username: string, configDir?: string): string[] {
  return [
    'login',
    ...authArgs(configDir),
    '--username',
    operand(username, 'user name'),
    '--password-stdin',
    operand(host, 'registry host'),
  ];
}

/** `--digestfile` makes podman write the pushed manifest's digest: its output does not name it. */
export function podmanPushArgs(target: string, configDir: string | undefined, digestFile: string): string[] {
  return ['push', ...authArgs(configDir), '--digestfile', digestFile, operand(target, 'image')];
}

/** A pull through the same auth file as the push, so a private login serves both. */
export function podmanPullArgs(reference: string, configDir?: string): string[] {
  return ['pull', ...authArgs(configDir), operand(reference, 'image')];
}
