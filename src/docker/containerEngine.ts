/**
 * Which container CLI `ecrPush.containerCommand` runs — Docker, Podman, nerdctl or Finch — told by what
 * the CLI says about itself, never by its file name (`docker` may be podman-docker's wrapper) and never
 * by whether a `Server` section is there (a local Podman has no daemon, hence no Server).
 *
 * `<cli> version --format '{{json .}}'` has a different shape for each:
 * - Docker: `Client` with `ApiVersion`/`Context`, `Server` with `Version` (null when the daemon is down);
 * - Podman: `Client` with `APIVersion` and `OsArch`, a `Server` only through a podman service (macOS and
 *   Windows: `podman machine`);
 * - nerdctl: `Client.Components` (buildctl…), `Server.Components` (containerd, runc);
 * - Finch: `Client.NerdctlClient` around nerdctl's; with its VM stopped only `Finch version: v…`.
 * When the CLI answers with an error only, its words name it ("Cannot connect to Podman", the Finch VM,
 * containerd's socket, the Docker daemon).
 */

export type EngineKind = 'docker' | 'podman' | 'nerdctl' | 'finch';

/** How each engine names itself to people. */
export const ENGINE_NAMES: Readonly<Record<EngineKind, string>> = {
  docker: 'Docker',
  podman: 'Podman',
  nerdctl: 'nerdctl',
  finch: 'Finch',
};

/** What the CLI told about itself. */
export interface EngineIdentity {
  readonly kind: EngineKind;
  readonly clientVersion?: string;
  /**
   * What runs the images, when it answered: the Docker daemon, a podman service (`podman machine`),
   * containerd. Undefined for a local Podman, which needs none.
   */
  readonly serverVersion?: string;
  /** False when the CLI answered but what runs its images (daemon, podman machine, Finch VM, containerd) did not. */
  readonly reachable: boolean;
}

/**
 * Reads `version --format '{{json .}}'` output (and, when that is not JSON, the error text) as an engine.
 * `undefined` when neither says which engine it is.
 */
export function identifyEngine(stdout: string, stderr = ''): EngineIdentity | undefined {
  const version = parseVersionJson(stdout);
  if (version) {
    return fromVersion(version);
  }
  const finchOnly = /^Finch version:\s*(\S+)/m.exec(stdout);
  if (finchOnly) {
    return { kind: 'finch', clientVersion: finchOnly[1], reachable: false };
  }
  const text = `${stdout}\n${stderr}`;
  if (/Cannot connect to Podman|unable to connect to Podman/i.test(text)) {
    return { kind: 'podman', reachable: false };
  }
  if (/finch vm (start|init)|Finch VM|instance \\?"finch\\?"/i.test(text)) {
    return { kind: 'finch', reachable: false };
  }
  if (/containerd socket/i.test(text)) {
    return { kind: 'nerdctl', reachable: false };
  }
  if (/Docker daemon|docker API at/i.test(text)) {
    return { kind: 'docker', reachable: false };
  }
  return undefined;
}

type Json = Record<string, unknown>;

function fromVersion(version: Json): EngineIdentity {
  const client = asObject(version.Client) ?? {};
  const server = asObject(version.Server);
  if (asObject(client.NerdctlClient)) {
    return withVersions('finch', stringOf(client.Version), containerdVersion(server), server !== undefined);
  }
  if (Array.isArray(client.Components)) {
    return withVersions('nerdctl', stringOf(client.Version), containerdVersion(server), server !== undefined);
  }
  if (typeof client.APIVersion === 'string' || typeof client.OsArch === 'string') {
    // A local podman runs images itself: no service to reach. Through a service the Server section is there.
    return withVersions('podman', stringOf(client.Version), stringOf(server?.Version), true);
  }
  const serverVersion = stringOf(server?.Version);
  return withVersions('docker', stringOf(client.Version), serverVersion, serverVersion !== undefined);
}

function withVersions(
  kind: EngineKind,
  clientVersion: string | undefined,
  serverVersion: string | undefined,
  reachable: boolean,
): EngineIdentity {
  return {
    kind,
    reachable,
    ...(clientVersion !== undefined ? { clientVersion } : {}),
    ...(serverVersion !== undefined ? { serverVersion } : {}),
  };
}

/** The JSON object on the first line that holds one (docker prints it even when the daemon is down). */
function parseVersionJson(stdout: string): Json | undefined {
  const text = stdout.trim();
  const candidates = [text, ...text.split(/\r?\n/)];
  for (const candidate of candidates) {
    if (!candidate.startsWith('{')) {
      continue;
    }
    try {
      const parsed = asObject(JSON.parse(candidate));
      if (parsed && 'Client' in parsed) {
        return parsed;
      }
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

function containerdVersion(server: Json | undefined): string | undefined {
  const components = Array.isArray(server?.Components) ? server.Components : [];
  const containerd = components.map(asObject).find((c) => c?.Name === 'containerd');
  return stringOf(containerd?.Version);
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * One line for the log: which engine, and what runs the images.
 * e.g. `Docker client 28.2.2, engine 20.10.24`, `Podman 4.3.1 (no service: it runs images itself)`.
 */
export function describeEngine(identity: EngineIdentity): string {
  const name = ENGINE_NAMES[identity.kind];
  const client = identity.clientVersion ?? 'unknown version';
  switch (identity.kind) {
    case 'docker':
      return `Docker client ${client}, engine ${identity.serverVersion ?? 'unknown'}`;
    case 'podman':
      return identity.serverVersion
        ? `Podman client ${client}, service ${identity.serverVersion}`
        : `Podman ${client} (no service: it runs images itself)`;
    case 'nerdctl':
    case 'finch':
      return `${name} ${client}, containerd ${identity.serverVersion ?? 'unknown'}`;
  }
}

/**
 * A cache of what each CLI is, so the version call runs once per CLI, not before every listing.
 * Keyed by whatever names the CLI file as it is now (path, size, modification time): an upgrade or a
 * changed setting asks again.
 */
export class EngineCache {
  private readonly known = new Map<string, EngineKind>();

  get(key: string): EngineKind | undefined {
    return this.known.get(key);
  }

  set(key: string, kind: EngineKind): void {
    this.known.set(key, kind);
  }

  delete(key: string): void {
    this.known.delete(key);
  }
}
