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
import { commonBuildFlags, multiPlatformFlags, type BuildSpec } from './buildArgs';
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

/**
 * `build -f DOCKERFILE --platform A,B --manifest LIST [--build-arg …] [--target …] CONTEXT`: podman's own
 * multi-platform build (no buildx). It builds each platform and adds the image to the local manifest list
 * LIST, which `podmanManifestPushArgs` pushes.
 */
export function podmanManifestBuildArgs(
  spec: BuildSpec,
  output: { readonly platforms: readonly string[]; readonly manifest: string },
): string[] {
  return [
    'build',
    ...multiPlatformFlags(spec, output.platforms),
    '--manifest',
    operand(output.manifest, 'manifest list'),
    ...commonBuildFlags(spec),
    operand(spec.context, 'build context'),
  ];
}

/** `manifest rm LIST`: a list left by an earlier build would otherwise collect this build's images beside its own. */
export function podmanManifestRmArgs(manifest: string): string[] {
  return ['manifest', 'rm', operand(manifest, 'manifest list')];
}

/**
 * `manifest push --all [--authfile …] --digestfile FILE LIST docker://TARGET`: every platform's image and
 * the list itself, with the same private login as a push; the digest file names the pushed list.
 */
export function podmanManifestPushArgs(manifest: string, target: string, configDir: string | undefined, digestFile: string): string[] {
  return [
    'manifest',
    'push',
    '--all',
    ...authArgs(configDir),
    '--digestfile',
    digestFile,
    operand(manifest, 'manifest list'),
    `docker://${operand(target, 'image')}`,
  ];
}
