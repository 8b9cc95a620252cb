import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  ExecutableNotFoundError,
  ProcessCancelledError,
  ProcessError,
  ProcessExitError,
  ProcessTimeoutError,
} from '../process/processErrors';
import { CommandLine, ProcessOutput, runAsync } from '../process/runProcess';
import { resolveExecutable } from '../process/resolveExecutable';
import { ShortCommandProcess, type ShortCommandRunner } from '../process/ShortCommandProcess';
import { describeEngine, EngineCache, identifyEngine, type EngineIdentity, type EngineKind } from './containerEngine';
import { untagArgs, versionArgs } from './dockerArgs';
import { engineCommands, type EngineCommands } from './engineCommands';
import { redact } from '../process/redaction';
import { classifyDockerOutput, DockerBuildError, DockerError, DockerFailureKind } from './dockerErrors';
import { ImageDetails, LocalImage, parseImageInspectOutput } from './localImage';
import { PullOutputParser, type PullProgress } from './pullProgress';
import { PushProgress } from './pushProgress';
import { buildArgs, buildxBuildArgs, buildxVersionArgs, type BuildSpec } from './buildArgs';
import { podmanManifestBuildArgs, podmanManifestPushArgs, podmanManifestRmArgs } from './podmanArgs';
import { BuildOutputParser, type BuildProgress } from './buildOutput';
import { userDockerConfigDir } from './dockerConfig';

export interface DockerCliOptions {
  /** `docker`, another name on PATH, or a path (the `ecrPush.containerCommand` setting). */
  executable: string;
  /** Variables laid over `process.env` for every call (e.g. DOCKER_HOST). */
  env?: NodeJS.ProcessEnv;
  /** Timeout of short calls (login, tag, version, image ls/inspect); default 30 000 ms. */
  shortTimeoutMs?: number;
  /** Runs login and tag (spawnSync under the timeout); default: a shared helper process. */
  shortCommands?: ShortCommandRunner;
  /**
   * What each CLI is, remembered across DockerCli values (the composition root shares one, so the
   * version call runs once per CLI, not per listing); default: this value's own.
   */
  engines?: EngineCache;
  /** Skips detection: the CLI is known to be this engine (tests that script one engine's calls). */
  engine?: EngineKind;
}

/** For DockerCli values built without a runner of their own (tests, tools): one helper, stopped when idle. */
let sharedShortCommands: ShortCommandProcess | undefined;
function defaultShortCommands(): ShortCommandRunner {
  sharedShortCommands ??= new ShortCommandProcess();
  return sharedShortCommands.run;
}

/** What `version` told: which engine, its versions, and one line for the log. */
export interface DaemonInfo {
  engine: EngineKind;
  clientVersion: string;
  /** What runs the images (daemon, podman service, containerd); undefined for a local podman, which needs none. */
  serverVersion?: string;
  /** e.g. `Docker client 28.2.2, engine 20.10.24`, `Podman 4.3.1 (no service: it runs images itself)`. */
  description: string;
}

/** What `docker push` reported: the manifest digest and size, and the layers it saw. */
export interface DockerPushOutput {
  digest?: string;
  manifestSize?: number;
  progress: PushProgress;
}

/** What `docker pull` reported: the manifest digest, whether the image was already there, the layers it saw. */
export interface DockerPullOutput {
  digest?: string;
  upToDate: boolean;
  progress: PullProgress;
}

/** How a long registry call runs: which config folder, extra environment, cancellation, and who hears each line. */
export interface RegistryCallOptions<Progress> {
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (progress: Progress) => void;
}

const DEFAULT_SHORT_TIMEOUT_MS = 30_000;

/** How a build is followed: every line (redacted), and step progress as it changes. */
export interface BuildWatch {
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (progress: BuildProgress) => void;
}

/** Failures of a build that are not the build's own fault: the engine, not the Dockerfile. */
const ENGINE_FAILURES: ReadonlySet<DockerFailureKind> = new Set(['cliNotFound', 'daemonUnavailable', 'cancelled', 'timeout']);
/** What the registry may answer while buildx pushes; kept as they are, so an expired login can be renewed once. */
const REGISTRY_FAILURES: ReadonlySet<DockerFailureKind> = new Set([
  'tokenExpired',
  'noBasicAuth',
  'repositoryNotFound',
  'tagImmutable',
  'accessDenied',
  'rateLimited',
]);

/**
 * The container CLI as the pipeline uses it: docker, or podman, nerdctl or Finch, found out from what the
 * CLI says about itself (containerEngine.ts) and driven with that engine's arguments (engineCommands.ts).
 * login and tag are short and run with spawnSync under a timeout, in a helper process; version, image
 * ls/inspect and push run asynchronously (spawn), so the extension host never blocks on any of them.
 * Every failure is a {@link DockerError} with a classified kind; passwords only ever go to stdin.
 */
export class DockerCli {
  private readonly executable: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly shortTimeoutMs: number;
  private readonly shortCommands: ShortCommandRunner;
  private readonly engines: EngineCache;
  private readonly pinnedEngine?: EngineKind;

  constructor(options: DockerCliOptions) {
    this.executable = options.executable;
    this.env = { ...process.env, ...options.env };
    this.shortTimeoutMs = options.shortTimeoutMs ?? DEFAULT_SHORT_TIMEOUT_MS;
    this.shortCommands = options.shortCommands ?? defaultShortCommands();
    this.engines = options.engines ?? new EngineCache();
    this.pinnedEngine = options.engine;
  }

  /** Which engine the CLI is (asks it once, then remembers). */
  async engine(signal?: AbortSignal): Promise<EngineKind> {
    return (await this.commands(signal)).kind;
  }

  /**
   * Which engine, and whether what runs its images answers: Docker's daemon, a podman machine or service
   * (a local podman needs none), containerd, the Finch VM. Throws DockerError 'cliNotFound', or
   * 'daemonUnavailable' with the engine set, so the message can say what to start.
   */
  async checkDaemon(signal?: AbortSignal): Promise<DaemonInfo> {
    const identity = await this.identify(signal);
    if (!identity.reachable) {
      throw new DockerError('daemonUnavailable', 'version', '', UNREACHABLE[identity.kind], identity.kind);
    }
    return {
      engine: identity.kind,
      clientVersion: identity.clientVersion ?? '',
      ...(identity.serverVersion !== undefined ? { serverVersion: identity.serverVersion } : {}),
      description: describeEngine(identity),
    };
  }

  /** One listing call; untagged (`<none>`) images only with `includeDangling`. */
  async listImages(options: { includeDangling?: boolean; signal?: AbortSignal } = {}): Promise<LocalImage[]> {
    const engine = await this.commands(options.signal);
    const listing = engine.imageList();
    // docker prints one JSON line per image: read them as they stream. The captured stdout keeps only
    // its last 256 KiB, which a machine with a few hundred images overflows.
    const lines: string[] = [];
    const output = await this.runAsync('image ls', listing.args, {
      engine: engine.kind,
      signal: options.signal,
      timeoutMs: this.shortTimeoutMs,
      onLine: (line, stream) => {
        if (stream === 'stdout') {
          lines.push(line);
        }
      },
    });
    let images: LocalImage[];
    try {
      images = listing.parse(lines.join('\n'));
    } catch (err) {
      throw new DockerError('unknown', 'image ls', output.stderr, (err as Error).message, engine.kind);
    }
    return options.includeDangling ? images : images.filter((i) => !i.dangling);
  }

  /** Details of a local image; `undefined` when it does not exist locally (not an error). */
  async inspectImage(reference: string, signal?: AbortSignal): Promise<ImageDetails | undefined> {
    const engine = await this.commands(signal);
    let output: ProcessOutput;
    try {
      output = await this.runAsync('image inspect', engine.imageInspect(reference), {
        engine: engine.kind,
        signal,
        timeoutMs: this.shortTimeoutMs,
      });
    } catch (err) {
      if (err instanceof DockerError && err.kind === 'imageNotFound') {
        return undefined;
      }
      throw err;
    }
    try {
      return parseImageInspectOutput(output.stdout)[0];
    } catch (err) {
      throw new DockerError('unknown', 'image inspect', output.stderr, (err as Error).message, engine.kind);
    }
  }

  /**
   * Logs in, password on stdin only, to the private login folder `configDir` when given (docker
   * `--config DIR`, podman `--authfile DIR/config.json`, nerdctl and Finch `DOCKER_CONFIG=DIR`), else to
   * the user's own. Warnings on stderr with exit 0 are success. Throws DockerError ('loginFailed',
   * 'daemonUnavailable', …).
   */
  async login(host: string, username: string, password: string, configDir?: string, signal?: AbortSignal): Promise<void> {
    const engine = await this.commands(signal);
    const call = engine.login(host, username, configDir);
    try {
      await this.runShort(
        'login',
        { command: this.executable, args: call.args, input: password },
        [password],
        signal,
        engine.kind,
        call.env,
      );
    } catch (err) {
      // Whatever the registry said (DNS, TLS, 4xx), an unclassified failure of login is a failed login.
      if (err instanceof DockerError && err.kind === 'unknown') {
        throw new DockerError('loginFailed', err.operation, err.stderr, err.message, err.engine);
      }
      throw err;
    }
  }

  /** `tag SOURCE TARGET`. */
  async tag(source: string, target: string, signal?: AbortSignal): Promise<void> {
    const engine = await this.commands(signal);
    await this.runShort('tag', { command: this.executable, args: engine.tag(source, target) }, [], signal, engine.kind);
  }

  /**
   * `image rm REPOSITORY:TAG` (docker, podman, nerdctl and Finch alike): removes that one tag. The engine
   * deletes the image too when the tag was its last name, so the caller makes sure another remains (see
   * push/aliasCleanup.ts).
   */
  async untag(reference: string, signal?: AbortSignal): Promise<void> {
    const engine = await this.commands(signal);
    await this.runAsync('image rm', untagArgs(reference), { engine: engine.kind, signal, timeoutMs: this.shortTimeoutMs });
  }

  /**
   * Pushes TARGET with the private login folder `configDir` when given, streaming every line to
   * `onLine` and layer progress to `onProgress`. The digest comes from the push output (docker,
   * nerdctl) or from the file podman writes it to. Throws DockerError with a classified kind;
   * 'cancelled' when `signal` aborts (the process is gone by then). `env` is laid over the CLI's
   * environment for this call only (an undefined value removes a variable).
   */
  async push(target: string, options: RegistryCallOptions<PushProgress>): Promise<DockerPushOutput> {
    const engine = await this.commands(options.signal);
    const parser = engine.pushParser();
    const digestDir = engine.writesDigestFile ? fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-digest-')) : undefined;
    try {
      const digestFile = path.join(digestDir ?? os.tmpdir(), 'digest');
      const call = engine.push(target, options.configDir, digestFile);
      await this.runAsync('push', call.args, {
        engine: engine.kind,
        env: { ...call.env, ...options.env },
        signal: options.signal,
        onLine: (line, stream) => {
          options.onLine?.(redact(line), stream);
          if (parser.feed(line, stream)) {
            options.onProgress?.(parser.progress);
          }
        },
      });
      const result: DockerPushOutput = { progress: parser.progress };
      const digest = digestDir ? readDigestFile(digestFile) : parser.digest;
      if (digest !== undefined) {
        result.digest = digest;
      }
      if (parser.manifestSize !== undefined) {
        result.manifestSize = parser.manifestSize;
      }
      return result;
    } finally {
      if (digestDir) {
        fs.rmSync(digestDir, { recursive: true, force: true });
      }
    }
  }

  /** The commands of this CLI's engine: pinned, remembered, or found out now with one version call. */
  private async commands(signal?: AbortSignal): Promise<EngineCommands> {
    if (this.pinnedEngine) {
      return engineCommands(this.pinnedEngine);
    }
    const key = this.engineKey();
    const known = this.engines.get(key);
    if (known) {
      return engineCommands(known);
    }
    try {
      return engineCommands((await this.identify(signal)).kind);
    } catch (err) {
      // A daemon that is down still told which engine it belongs to; the call itself will say it is down.
      if (err instanceof DockerError && err.engine) {
        return engineCommands(err.engine);
      }
      if (err instanceof DockerError && (err.kind === 'cliNotFound' || err.kind === 'cancelled')) {
        throw err;
      }
      // A CLI that does not say what it is: treat it as docker-compatible, and ask again next time.
      return engineCommands('docker');
    }
  }

  /**
   * `version --format '{{json .}}'`, read as an engine (remembered for this CLI file). Throws DockerError
   * when the CLI cannot be run or its output names no engine; the engine is set on the error when the
   * output named one.
   */
  private async identify(signal?: AbortSignal): Promise<EngineIdentity> {
    const key = this.pinnedEngine ? undefined : this.engineKey();
    let stdout = '';
    let stderr = '';
    let failure: DockerError | undefined;
    try {
      // The process runner itself, not this.runAsync: a failed version's stdout and stderr still name the engine.
      ({ stdout, stderr } = await runAsync(
        { command: this.executable, args: versionArgs() },
        { env: this.env, signal, timeoutMs: this.shortTimeoutMs },
      ));
    } catch (err) {
      if (err instanceof ProcessExitError) {
        ({ stdout, stderr } = err);
      }
      failure = toDockerError('version', err, []);
    }
    const identity = identifyEngine(stdout, stderr);
    if (identity && key !== undefined) {
      this.engines.set(key, identity.kind);
    }
    if (failure) {
      const kind = failure.kind === 'unknown' && identity && !identity.reachable ? 'daemonUnavailable' : failure.kind;
      throw new DockerError(kind, failure.operation, failure.stderr, identity ? undefined : failure.message, identity?.kind);
    }
    if (!identity) {
      throw new DockerError('unknown', 'version', stderr, `${this.executable} version printed unexpected output: ${stdout.slice(0, 200)}`);
    }
    return identity;
  }

  /** Names the CLI file as it is now (path, size, time), so an upgrade or another file is asked again. */
  private engineKey(): string {
    let resolved: string;
    try {
      resolved = resolveExecutable(this.executable, [], this.env);
    } catch (err) {
      throw toDockerError('version', err, []);
    }
    try {
      const stat = fs.statSync(resolved);
      return `${resolved}\0${stat.size}\0${stat.mtimeMs}`;
    } catch {
      return resolved;
    }
  }

  /**
   * `<cli> build -f … -t TAG --iidfile …`: streamed, cancellable, no timeout (builds take as long as they
   * take). Resolves to the built image's id, read from the id file the engine writes (docker, podman and
   * nerdctl all support `--iidfile`), and the name the engine filed it under (podman's `localhost/…`).
   * A failed build throws DockerBuildError with the failing step's lines.
   */
  async build(spec: BuildSpec, options: BuildWatch & { tag: string }): Promise<{ imageId: string; localName: string }> {
    const engine = await this.commands(options.signal);
    return withScratchFolder(async (folder) => {
      const iidFile = path.join(folder, 'image-id');
      const parser = new BuildOutputParser();
      await this.runBuild('build', buildArgs(spec, { tag: options.tag, iidFile }), parser, options, ENGINE_FAILURES);
      const imageId = readTrimmed(iidFile) || parser.imageId;
      if (!imageId) {
        throw new DockerError('unknown', 'build', '', 'docker build finished but did not say which image it built.');
      }
      return { imageId: /^[0-9a-f]{64}$/.test(imageId) ? `sha256:${imageId}` : imageId, localName: engine.localName(options.tag) };
    });
  }

  /** `docker buildx version`: the plugin's version line; DockerError 'buildxMissing' when it is not installed. */
  async buildxVersion(signal?: AbortSignal): Promise<string> {
    try {
      const output = await this.runAsync('buildx version', buildxVersionArgs(), { signal, timeoutMs: this.shortTimeoutMs });
      return output.stdout.trim();
    } catch (err) {
      if (err instanceof DockerError && /unknown command|is not a docker command|unknown flag|no such command/i.test(err.stderr)) {
        throw new DockerError('buildxMissing', 'buildx version', err.stderr, 'docker buildx is not installed.');
      }
      throw err;
    }
  }

  /**
   * `[--config DIR] buildx build --platform A,B --push -t URI…`: builds every platform and pushes one image
   * index under every tag, with the login in DIR. Resolves to the index digest (from `--metadata-file`).
   * Registry refusals keep their kind (an expired login can be renewed); anything else is a DockerBuildError.
   */
  async buildxBuild(
    spec: BuildSpec,
    options: BuildWatch & {
      platforms: readonly string[];
      tags: readonly string[];
      configDir?: string;
      env?: NodeJS.ProcessEnv;
      /** The user's docker config folder: with a private `configDir`, buildx still uses the user's builders. */
      userConfigDir?: string;
    },
  ): Promise<{ digest?: string }> {
    return withScratchFolder(async (folder) => {
      const metadataFile = path.join(folder, 'metadata.json');
      const args = buildxBuildArgs(spec, { platforms: options.platforms, tags: options.tags, metadataFile, configDir: options.configDir });
      const parser = new BuildOutputParser();
      const kept = new Set([...ENGINE_FAILURES, ...REGISTRY_FAILURES]);
      // buildx keeps its builders (a docker-container builder is what builds several platforms) under
      // BUILDX_CONFIG, by default in the config folder: point it back at the user's, unless they chose one.
      const builders =
        options.configDir && !this.env.BUILDX_CONFIG
          ? { BUILDX_CONFIG: path.join(options.userConfigDir ?? userDockerConfigDir(this.env), 'buildx') }
          : {};
      await this.runBuild('buildx build', args, parser, { ...options, env: { ...options.env, ...builders } }, kept);
      let digest: unknown;
      try {
        digest = (JSON.parse(readTrimmed(metadataFile) || '{}') as Record<string, unknown>)['containerimage.digest'];
      } catch {
        digest = undefined;
      }
      return typeof digest === 'string' ? { digest } : {};
    });
  }

  /**
   * podman's build of several platforms into the local manifest list `manifest` (podman has no buildx):
   * a list of that name left by an earlier build is removed first, else it would keep that build's images
   * beside this one's. A failed build is a DockerBuildError, as for `build`.
   */
  async manifestBuild(spec: BuildSpec, options: BuildWatch & { platforms: readonly string[]; manifest: string }): Promise<void> {
    const args = podmanManifestBuildArgs(spec, { platforms: options.platforms, manifest: options.manifest });
    try {
      await this.runAsync('manifest rm', podmanManifestRmArgs(options.manifest), {
        engine: 'podman',
        signal: options.signal,
        timeoutMs: this.shortTimeoutMs,
      });
    } catch (err) {
      // Usually "no such manifest list": there was none to remove.
      if (err instanceof DockerError && err.kind === 'cancelled') {
        throw err;
      }
    }
    await this.runBuild('build', args, new BuildOutputParser(), options, ENGINE_FAILURES);
  }

  /**
   * `manifest push --all … LIST docker://TARGET`: every platform's image and the list, with the login in
   * `configDir`. Resolves to the pushed list's digest (from `--digestfile`). Registry refusals keep their
   * kind, so an expired login can be renewed.
   */
  async manifestPush(
    manifest: string,
    target: string,
    options: {
      configDir?: string;
      env?: NodeJS.ProcessEnv;
      signal?: AbortSignal;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
    },
  ): Promise<{ digest?: string }> {
    return withScratchFolder(async (folder) => {
      const digestFile = path.join(folder, 'digest');
      await this.runAsync('manifest push', podmanManifestPushArgs(manifest, target, options.configDir, digestFile), {
        engine: 'podman',
        env: options.env,
        signal: options.signal,
        onLine: (line, stream) => options.onLine?.(redact(line), stream),
      });
      const digest = readDigestFile(digestFile);
      return digest ? { digest } : {};
    });
  }

  private async runBuild(
    operation: string,
    args: string[],
    parser: BuildOutputParser,
    options: BuildWatch & { env?: NodeJS.ProcessEnv },
    keptKinds: ReadonlySet<DockerFailureKind>,
  ): Promise<void> {
    try {
      await this.runAsync(operation, args, {
        env: options.env,
        signal: options.signal,
        onLine: (line, stream) => {
          const text = redact(line);
          options.onLine?.(text, stream);
          if (parser.feed(text, stream) && parser.progress) {
            options.onProgress?.(parser.progress);
          }
        },
      });
    } catch (err) {
      if (err instanceof DockerError && !keptKinds.has(err.kind)) {
        throw new DockerBuildError(operation, err.stderr, parser.failingStep, parser.failureLines());
      }
      throw err;
    }
  }

  /**
   * Pulls REFERENCE (a tag or `@sha256:` digest) with the private login folder `configDir` when given,
   * streamed like push: every line to `onLine`, layer progress to `onProgress`. Throws DockerError
   * ('manifestNotFound', 'noBasicAuth', 'cancelled', …). Long: asynchronous, cancellable, no timeout.
   */
  async pull(reference: string, options: RegistryCallOptions<PullProgress>): Promise<DockerPullOutput> {
    const engine = await this.commands(options.signal);
    // docker's pull output: other engines' lines simply give no progress or digest.
    const parser = new PullOutputParser();
    const call = engine.pull(reference, options.configDir);
    await this.runAsync('pull', call.args, {
      engine: engine.kind,
      env: { ...call.env, ...options.env },
      signal: options.signal,
      onLine: (line, stream) => {
        options.onLine?.(redact(line), stream);
        if (stream === 'stdout' && parser.feed(line)) {
          options.onProgress?.(parser.progress);
        }
      },
    });
    return { ...(parser.digest ? { digest: parser.digest } : {}), upToDate: parser.upToDate, progress: parser.progress };
  }

  private async runShort(
    operation: string,
    cmd: CommandLine,
    secrets: readonly string[],
    signal: AbortSignal | undefined,
    engine: EngineKind,
    env?: NodeJS.ProcessEnv,
  ): Promise<ProcessOutput> {
    try {
      return await this.shortCommands(cmd, { env: env ? { ...this.env, ...env } : this.env, timeoutMs: this.shortTimeoutMs, signal });
    } catch (err) {
      throw toDockerError(operation, err, secrets, engine);
    }
  }

  private async runAsync(
    operation: string,
    args: string[],
    options: {
      engine?: EngineKind;
      env?: NodeJS.ProcessEnv;
      signal?: AbortSignal;
      timeoutMs?: number;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
    },
  ): Promise<ProcessOutput> {
    const { env, engine, ...rest } = options;
    // Secrets handed in through env (ecr-login's identity) must not come back in an error either.
    const secrets = env ? [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((v): v is string => !!v) : [];
    try {
      return await runAsync({ command: this.executable, args }, { env: env ? { ...this.env, ...env } : this.env, ...rest });
    } catch (err) {
      throw toDockerError(operation, err, secrets, engine);
    }
  }
}

/** What to say when an engine's CLI answers but what runs its images does not. */
const UNREACHABLE: Readonly<Record<EngineKind, string>> = {
  docker: 'docker version: the Docker daemon did not answer.',
  podman: 'podman version: the Podman service did not answer (is the podman machine running?).',
  nerdctl: 'nerdctl version: containerd did not answer.',
  finch: 'finch version: the Finch VM is not running.',
};

/** The digest podman wrote with --digestfile (`sha256:<hex>`), or undefined when it wrote none. */
function readDigestFile(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return /^sha256:[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a process failure to a DockerError: the process error decides timeout/cancel/not found, stderr the rest. */
function toDockerError(operation: string, err: unknown, secrets: readonly string[], engine?: EngineKind): DockerError {
  if (err instanceof DockerError) {
    return err;
  }
  if (err instanceof ExecutableNotFoundError) {
    return new DockerError('cliNotFound', operation, '', redact(err.message, secrets), engine);
  }
  if (err instanceof ProcessCancelledError) {
    return new DockerError('cancelled', operation, '', undefined, engine);
  }
  if (err instanceof ProcessTimeoutError) {
    return new DockerError('timeout', operation, redact(err.stderr, secrets), undefined, engine);
  }
  if (err instanceof ProcessExitError) {
    const stderr = redact(err.stderr, secrets);
    let kind: DockerFailureKind = classifyDockerOutput(stderr);
    if (kind === 'unknown') {
      // Some registry errors end up on stdout (e.g. with older CLIs); look there too.
      kind = classifyDockerOutput(redact(err.stdout, secrets));
    }
    return new DockerError(kind, operation, stderr, undefined, engine);
  }
  if (err instanceof ProcessError) {
    return new DockerError('unknown', operation, '', redact(err.message, secrets), engine);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DockerError('unknown', operation, '', `${engine ?? 'docker'} ${operation} failed: ${redact(message, secrets)}`, engine);
}

/** Runs `body` with a private temporary folder (for --iidfile / --metadata-file), removed afterwards. */
async function withScratchFolder<T>(body: (folder: string) => Promise<T>): Promise<T> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-build-'));
  try {
    return await body(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function readTrimmed(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
