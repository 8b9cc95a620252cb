/**
 * What to run on each engine, apart from running it: argument arrays, the extra environment a call
 * needs, and the parser of its output. DockerCli picks the set for the engine it found
 * (containerEngine.ts) and runs it; the pipeline above only ever speaks of "a private login folder".
 *
 * How each engine is given that private login folder:
 * - docker: `--config DIR`, a global flag;
 * - podman: `--authfile DIR/config.json` on login, push and pull (podmanArgs.ts);
 * - nerdctl, Finch: `DOCKER_CONFIG=DIR` in the environment, which both honour for login, push and pull
 *   (Finch ≥ 1.15.1 logs in on the host and hands the folder to its VM's credential helper).
 */
import type { EngineKind } from './containerEngine';
import { imageInspectArgs, imageListArgs, loginArgs, pullArgs, pushArgs, tagArgs } from './dockerArgs';
import { NerdctlPushOutputParser, PodmanPushOutputParser } from './enginePushProgress';
import { registryHostOf } from './imageReference';
import { type LocalImage, parseImageListOutput } from './localImage';
import { podmanImageListArgs, podmanLoginArgs, podmanPullArgs, podmanPushArgs } from './podmanArgs';
import { parsePodmanImageList } from './podmanImageList';
import { PushOutputParser, type PushLineParser } from './pushProgress';

/** Arguments, and variables laid over the CLI's environment for this call only. */
export interface EngineCall {
  readonly args: string[];
  readonly env?: NodeJS.ProcessEnv;
}

export interface EngineCommands {
  readonly kind: EngineKind;
  /** The listing: its arguments and the parser of its whole stdout. */
  imageList(): { readonly args: string[]; parse(stdout: string): LocalImage[] };
  imageInspect(reference: string): string[];
  /** The login, password on stdin; `configDir` is the private login folder (none: the user's own login). */
  login(host: string, username: string, configDir?: string): EngineCall;
  tag(source: string, target: string): string[];
  /** The push; `digestFile` is where an engine that does not print the digest writes it (podman). */
  push(target: string, configDir: string | undefined, digestFile: string): EngineCall;
  pushParser(): PushLineParser;
  /** The pull, through the same login folder as the push. */
  pull(reference: string, configDir: string | undefined): EngineCall;
  /** True when `push` writes the pushed manifest's digest to `digestFile`. */
  readonly writesDigestFile: boolean;
  /** The name the engine gives an image built or tagged as `reference` (podman files short names under `localhost/`). */
  localName(reference: string): string;
}

const asGiven = (reference: string): string => reference;

const DOCKER: EngineCommands = {
  kind: 'docker',
  imageList: () => ({ args: imageListArgs(), parse: parseImageListOutput }),
  imageInspect: imageInspectArgs,
  login: (host, username, configDir) => ({ args: loginArgs(host, username, configDir) }),
  tag: tagArgs,
  push: (target, configDir) => ({ args: pushArgs(target, configDir) }),
  pull: (reference, configDir) => ({ args: pullArgs(reference, configDir) }),
  pushParser: () => new PushOutputParser(),
  writesDigestFile: false,
  localName: asGiven,
};

const PODMAN: EngineCommands = {
  kind: 'podman',
  imageList: () => ({ args: podmanImageListArgs(), parse: (stdout) => parsePodmanImageList(stdout) }),
  imageInspect: imageInspectArgs,
  login: (host, username, configDir) => ({ args: podmanLoginArgs(host, username, configDir) }),
  tag: tagArgs,
  push: (target, configDir, digestFile) => ({ args: podmanPushArgs(target, configDir, digestFile) }),
  pull: (reference, configDir) => ({ args: podmanPullArgs(reference, configDir) }),
  pushParser: () => new PodmanPushOutputParser(),
  writesDigestFile: true,
  localName: (reference) => (registryHostOf(reference) ? reference : `localhost/${reference}`),
};

/** nerdctl and Finch take docker's arguments (`image ls --digests --no-trunc --format '{{json .}}'` included), but no `--config`. */
function nerdctlFamily(kind: 'nerdctl' | 'finch'): EngineCommands {
  const withConfig = (args: string[], configDir?: string): EngineCall =>
    configDir ? { args, env: { DOCKER_CONFIG: configDir } } : { args };
  return {
    kind,
    imageList: () => ({ args: imageListArgs(), parse: (stdout) => oneRowPerReference(parseImageListOutput(stdout)) }),
    imageInspect: imageInspectArgs,
    login: (host, username, configDir) => withConfig(loginArgs(host, username), configDir),
    tag: tagArgs,
    push: (target, configDir) => withConfig(pushArgs(target), configDir),
    pull: (reference, configDir) => withConfig(pullArgs(reference), configDir),
    pushParser: () => new NerdctlPushOutputParser(),
    writesDigestFile: false,
    localName: asGiven,
  };
}

/** nerdctl prints a row per platform of a multi-platform image; the views want one per tag. */
function oneRowPerReference(images: LocalImage[]): LocalImage[] {
  const seen = new Set<string>();
  return images.filter((image) => {
    const key = image.dangling ? image.id : image.reference;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

const BY_KIND: Readonly<Record<EngineKind, EngineCommands>> = {
  docker: DOCKER,
  podman: PODMAN,
  nerdctl: nerdctlFamily('nerdctl'),
  finch: nerdctlFamily('finch'),
};

/** The commands of one engine. */
export function engineCommands(kind: EngineKind): EngineCommands {
  return BY_KIND[kind];
}
