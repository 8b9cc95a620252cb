import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ExecutableNotFoundError,
  ProcessCancelledError,
  ProcessError,
  ProcessExitError,
  ProcessTimeoutError,
} from '../process/processErrors';
import { CommandLine, ProcessOutput, runAsync } from '../process/runProcess';
import { ShortCommandProcess, type ShortCommandRunner } from '../process/ShortCommandProcess';
import { buildArgs, buildxBuildArgs, buildxVersionArgs, type BuildSpec } from './buildArgs';
import { BuildOutputParser, type BuildProgress } from './buildOutput';
import { userDockerConfigDir } from './dockerConfig';
import { imageInspectArgs, imageListArgs, loginArgs, pushArgs, tagArgs, versionArgs } from './dockerArgs';
import { redact } from '../process/redaction';
import { classifyDockerOutput, DockerBuildError, DockerError, DockerFailureKind } from './dockerErrors';
import { ImageDetails, LocalImage, parseImageInspectOutput, parseImageListOutput } from './localImage';
import { PushOutputParser, PushProgress } from './pushProgress';

export interface DockerCliOptions {
  /** `docker`, another name on PATH, or a path (the `ecrPush.containerCommand` setting). */
  executable: string;
  /** Variables laid over `process.env` for every call (e.g. DOCKER_HOST). */
  env?: NodeJS.ProcessEnv;
  /** Timeout of short calls (login, tag, version, image ls/inspect); default 30 000 ms. */
  shortTimeoutMs?: number;
  /** Runs login and tag (spawnSync under the timeout); default: a shared helper process. */
  shortCommands?: ShortCommandRunner;
}

/** For DockerCli values built without a runner of their own (tests, tools): one helper, stopped when idle. */
let sharedShortCommands: ShortCommandProcess | undefined;
function defaultShortCommands(): ShortCommandRunner {
  sharedShortCommands ??= new ShortCommandProcess();
  return sharedShortCommands.run;
}

export interface DaemonInfo {
  clientVersion: string;
  serverVersion: string;
}

/** What `docker push` reported: the manifest digest and size, and the layers it saw. */
export interface DockerPushOutput {
  digest?: string;
  manifestSize?: number;
  progress: PushProgress;
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
 * The docker CLI as the pipeline uses it. login and tag are short and run with spawnSync under a
 * timeout, in a helper process; version, image ls/inspect and push run asynchronously (spawn), so the
 * extension host never blocks on any of them. Every failure is a {@link DockerError} with a classified kind; passwords only ever go to stdin.
 */
export class DockerCli {
  private readonly executable: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly shortTimeoutMs: number;
  private readonly shortCommands: ShortCommandRunner;

  constructor(options: DockerCliOptions) {
    this.executable = options.executable;
    this.env = { ...process.env, ...options.env };
    this.shortTimeoutMs = options.shortTimeoutMs ?? DEFAULT_SHORT_TIMEOUT_MS;
    this.shortCommands = options.shortCommands ?? defaultShortCommands();
  }

  /** Client and server versions; throws DockerError 'cliNotFound' or 'daemonUnavailable'. */
  async checkDaemon(signal?: AbortSignal): Promise<DaemonInfo> {
    const output = await this.runAsync('version', versionArgs(), { signal, timeoutMs: this.shortTimeoutMs });
    let parsed: { Client?: { Version?: unknown }; Server?: { Version?: unknown } | null };
    try {
      parsed = JSON.parse(output.stdout);
    } catch {
      throw new DockerError(
        'unknown',
        'version',
        output.stderr,
        `docker version printed unexpected output: ${output.stdout.slice(0, 200)}`,
      );
    }
    const serverVersion = parsed.Server?.Version;
    if (typeof serverVersion !== 'string') {
      // Exit 0 with "Server": null happens with some contexts; there is no daemon to talk to.
      throw new DockerError('daemonUnavailable', 'version', output.stderr, 'docker version: the Docker daemon did not answer.');
    }
    return { clientVersion: String(parsed.Client?.Version ?? ''), serverVersion };
  }

  /** One `docker image ls` call; untagged (`<none>`) images only with `includeDangling`. */
  async listImages(options: { includeDangling?: boolean; signal?: AbortSignal } = {}): Promise<LocalImage[]> {
    // One JSON line per image: read them as they stream. The captured stdout keeps only its last
    // 256 KiB, which a machine with a few hundred images overflows.
    const lines: string[] = [];
    const output = await this.runAsync('image ls', imageListArgs(), {
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
      images = parseImageListOutput(lines.join('\n'));
    } catch (err) {
      throw new DockerError('unknown', 'image ls', output.stderr, (err as Error).message);
    }
    return options.includeDangling ? images : images.filter((i) => !i.dangling);
  }

  /** Details of a local image; `undefined` when it does not exist locally (not an error). */
  async inspectImage(reference: string, signal?: AbortSignal): Promise<ImageDetails | undefined> {
    let output: ProcessOutput;
    try {
      output = await this.runAsync('image inspect', imageInspectArgs(reference), { signal, timeoutMs: this.shortTimeoutMs });
    } catch (err) {
      if (err instanceof DockerError && err.kind === 'imageNotFound') {
        return undefined;
      }
      throw err;
    }
    try {
      return parseImageInspectOutput(output.stdout)[0];
    } catch (err) {
      throw new DockerError('unknown', 'image inspect', output.stderr, (err as Error).message);
    }
  }

  /**
   * `docker [--config DIR] login --username U --password-stdin HOST`, password on stdin only.
   * Warnings on stderr with exit 0 are success. Throws DockerError ('loginFailed', 'daemonUnavailable', …).
   */
  async login(host: string, username: string, password: string, configDir?: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.runShort(
        'login',
        { command: this.executable, args: loginArgs(host, username, configDir), input: password },
        [password],
        signal,
      );
    } catch (err) {
      // Whatever the registry said (DNS, TLS, 4xx), an unclassified failure of login is a failed login.
      if (err instanceof DockerError && err.kind === 'unknown') {
        throw new DockerError('loginFailed', err.operation, err.stderr, err.message);
      }
      throw err;
    }
  }

  /** `docker tag SOURCE TARGET`. */
  async tag(source: string, target: string, signal?: AbortSignal): Promise<void> {
    await this.runShort('tag', { command: this.executable, args: tagArgs(source, target) }, [], signal);
  }

  /**
   * `docker [--config DIR] push TARGET`, streaming every line to `onLine` and layer progress to
   * `onProgress`. Throws DockerError with a classified kind; 'cancelled' when `signal` aborts
   * (the process is gone by then). `env` is laid over the CLI's environment for this call only
   * (an undefined value removes a variable).
   */
  async push(
    target: string,
    options: {
      configDir?: string;
      env?: NodeJS.ProcessEnv;
      signal?: AbortSignal;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
      onProgress?: (progress: PushProgress) => void;
    },
  ): Promise<DockerPushOutput> {
    const parser = new PushOutputParser();
    await this.runAsync('push', pushArgs(target, options.configDir), {
      env: options.env,
      signal: options.signal,
      onLine: (line, stream) => {
        options.onLine?.(redact(line), stream);
        if (stream === 'stdout' && parser.feed(line)) {
          options.onProgress?.(parser.progress);
        }
      },
    });
    const result: DockerPushOutput = { progress: parser.progress };
    if (parser.digest !== undefined) {
      result.digest = parser.digest;
    }
    if (parser.manifestSize !== undefined) {
      result.manifestSize = parser.manifestSize;
    }
    return result;
  }

  /**
   * `<cli> build -f … -t TAG --iidfile …`: streamed, cancellable, no timeout (builds take as long as they
   * take). Resolves to the built image's id, read from the id file the engine writes (docker, podman and
   * nerdctl all support `--iidfile`). A failed build throws DockerBuildError with the failing step's lines.
   */
  async build(spec: BuildSpec, options: BuildWatch & { tag: string }): Promise<{ imageId: string }> {
    return withScratchFolder(async (folder) => {
      const iidFile = path.join(folder, 'image-id');
      const parser = new BuildOutputParser();
      await this.runBuild('build', buildArgs(spec, { tag: options.tag, iidFile }), parser, options, ENGINE_FAILURES);
      const imageId = readTrimmed(iidFile) || parser.imageId;
      if (!imageId) {
        throw new DockerError('unknown', 'build', '', 'docker build finished but did not say which image it built.');
      }
      return { imageId: /^[0-9a-f]{64}$/.test(imageId) ? `sha256:${imageId}` : imageId };
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

  private async runShort(
    operation: string,
    cmd: CommandLine,
    secrets: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<ProcessOutput> {
    try {
      return await this.shortCommands(cmd, { env: this.env, timeoutMs: this.shortTimeoutMs, signal });
    } catch (err) {
      throw toDockerError(operation, err, secrets);
    }
  }

  private async runAsync(
    operation: string,
    args: string[],
    options: {
      env?: NodeJS.ProcessEnv;
      signal?: AbortSignal;
      timeoutMs?: number;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
    },
  ): Promise<ProcessOutput> {
    const { env, ...rest } = options;
    // Secrets handed in through env (ecr-login's identity) must not come back in an error either.
    const secrets = env ? [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((v): v is string => !!v) : [];
    try {
      return await runAsync({ command: this.executable, args }, { env: env ? { ...this.env, ...env } : this.env, ...rest });
    } catch (err) {
      throw toDockerError(operation, err, secrets);
    }
  }
}

/** Maps a process failure to a DockerError: the process error decides timeout/cancel/not found, stderr the rest. */
function toDockerError(operation: string, err: unknown, secrets: readonly string[]): DockerError {
  if (err instanceof DockerError) {
    return err;
  }
  if (err instanceof ExecutableNotFoundError) {
    return new DockerError('cliNotFound', operation, '', redact(err.message, secrets));
  }
  if (err instanceof ProcessCancelledError) {
    return new DockerError('cancelled', operation, '');
  }
  if (err instanceof ProcessTimeoutError) {
    return new DockerError('timeout', operation, redact(err.stderr, secrets));
  }
  if (err instanceof ProcessExitError) {
    const stderr = redact(err.stderr, secrets);
    let kind: DockerFailureKind = classifyDockerOutput(stderr);
    if (kind === 'unknown') {
      // Some registry errors end up on stdout (e.g. with older CLIs); look there too.
      kind = classifyDockerOutput(redact(err.stdout, secrets));
    }
    return new DockerError(kind, operation, stderr);
  }
  if (err instanceof ProcessError) {
    return new DockerError('unknown', operation, '', redact(err.message, secrets));
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DockerError('unknown', operation, '', `docker ${operation} failed: ${redact(message, secrets)}`);
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
