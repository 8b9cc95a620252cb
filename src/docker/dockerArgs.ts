/**
 * Pure argument builders for the docker CLI: what to run, apart from running it.
 * `--config DIR` is a global flag, so it comes before the subcommand.
 * Values that start with '-' are refused: they would be read as flags.
 */

/** `--config DIR` when a private config folder is used. */
function globalArgs(configDir?: string): string[] {
  return configDir ? ['--config', configDir] : [];
}

/** `docker version --format '{{json .}}'`: client and server versions; fails when the daemon is down. */
export function versionArgs(): string[] {
  return ['version', '--format', '{{json .}}'];
}

/** One call lists every image row; `--digests` is needed for the Digest field to be filled. */
export function imageListArgs(): string[] {
  return ['image', 'ls', '--digests', '--no-trunc', '--format', '{{json .}}'];
}

/** `docker image inspect REF` prints a JSON array (`[]` plus an error when missing). */
export function imageInspectArgs(reference: string): string[] {
  return ['image', 'inspect', operand(reference, 'image reference')];
}

/** The password never appears here: it goes to stdin (`--password-stdin`). */
export function loginArgs(host: string, username: string, configDir?: string): string[] {
  return [
    ...globalArgs(configDir),
    'login',
    '--username',
    operand(username, 'user name'),
    '--password-stdin',
    operand(host, 'registry host'),
  ];
}

export function tagArgs(source: string, target: string): string[] {
  return ['tag', operand(source, 'source image'), operand(target, 'target image')];
}

/**
 * `docker image rm REPOSITORY:TAG`, for one tag only. docker deletes the image itself when that tag was
 * its last name, so callers check the image keeps another; an image id or a name without a tag (which
 * docker reads as `:latest`) is refused here, so this can never be pointed at a whole image.
 */
export function untagArgs(reference: string): string[] {
  const lastComponent = reference.slice(reference.lastIndexOf('/') + 1);
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference) || !lastComponent.includes(':') || reference.includes('@')) {
    throw new Error(`Invalid tag '${reference}': name one REPOSITORY:TAG, not an image id or digest.`);
  }
  return ['image', 'rm', operand(reference, 'image tag')];
}

export function pushArgs(target: string, configDir?: string): string[] {
  return [...globalArgs(configDir), 'push', operand(target, 'image')];
}

export function pullArgs(reference: string, configDir?: string): string[] {
  return [...globalArgs(configDir), 'pull', operand(reference, 'image')];
}

/** A value that goes after a subcommand: refused when empty or when it starts with '-' (it would be read as a flag). */
export function operand(value: string, what: string): string {
  if (value.length === 0 || value.startsWith('-')) {
    throw new Error(`Invalid ${what} '${value}': it must not be empty or start with '-'.`);
  }
  return value;
}
