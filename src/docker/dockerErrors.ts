import type { EngineKind } from './containerEngine';

/** What went wrong with a docker CLI call, as far as its output tells. */
export type DockerFailureKind =
  | 'cliNotFound'
  | 'daemonUnavailable'
  | 'imageNotFound'
  | 'loginFailed'
  | 'tokenExpired'
  | 'noBasicAuth'
  /** "name unknown": the ECR repository does not exist */
  | 'repositoryNotFound'
  /** "manifest unknown": the registry has no image under that tag or digest (a pull) */
  | 'manifestNotFound'
  /** "tag invalid": the tag exists in an immutable repository */
  | 'tagImmutable'
  /** "denied … not authorized" */
  | 'accessDenied'
  /** toomanyrequests */
  | 'rateLimited'
  | 'timeout'
  | 'cancelled'
  /** An image build failed (DockerBuildError carries the failing step's lines). */
  | 'buildFailed'
  /** `docker buildx` is not installed: multi-platform builds are not possible. */
  | 'buildxMissing'
  | 'unknown';

/**
 * Rules in order: the first match wins. Order matters where texts overlap, e.g. an expired ECR token
 * reads "denied: Your authorization token has expired", which must not count as accessDenied, and a
 * daemon that is down makes every command fail before any registry error can appear.
 */
const RULES: ReadonlyArray<readonly [DockerFailureKind, RegExp]> = [
  ['cliNotFound', /executable file not found|\bENOENT\b|command not found/i],
  // docker; podman without its machine or service; nerdctl without containerd; Finch with its VM stopped.
  [
    'daemonUnavailable',
    /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running|Cannot connect to Podman|unable to connect to Podman|cannot access containerd socket|VM is not running|instance \\?"finch\\?" (is stopped|does not exist)/i,
  ],
  ['tokenExpired', /authorization token has expired|token has expired/i],
  ['noBasicAuth', /no basic auth credentials|unauthorized: authentication required/i],
  ['tagImmutable', /\btag invalid\b|cannot be overwritten because the repository is immutable/i],
  ['repositoryNotFound', /\bname unknown\b|repository with name '[^']*' does not exist/i],
  ['manifestNotFound', /\bmanifest unknown\b|manifest for \S+ not found/i],
  ['accessDenied', /\bis not authorized to perform\b|denied: .*not authorized|requested access to the resource is denied/i],
  ['rateLimited', /toomanyrequests|Rate exceeded|429 Too Many Requests/i],
  ['loginFailed', /login attempt to \S+ failed with status|unauthorized: incorrect username or password|invalid username\/password/i],
  // podman says "image not known"; nerdctl "no such image".
  ['imageNotFound', /No such image|No such object|An image does not exist locally with the tag|reference does not exist|image not known/i],
];

/** Classifies docker CLI stderr text (real messages; see the unit tests for each). */
export function classifyDockerOutput(stderr: string): DockerFailureKind {
  for (const [kind, pattern] of RULES) {
    if (pattern.test(stderr)) {
      return kind;
    }
  }
  return 'unknown';
}

/**
 * The line of stderr worth showing: the one that decided the classification, else the last line that
 * is not part of a warning or a "See 'docker --help'" hint.
 */
function meaningfulStderrLine(stderr: string): string | undefined {
  const lines: string[] = [];
  // A "WARNING!" paragraph runs until the next blank line (docker wraps its warnings over several lines).
  let inWarning = false;
  for (const raw of stderr.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line.length === 0) {
      inWarning = false;
    } else if (/^WARNING\b/i.test(line)) {
      inWarning = true;
    } else if (!inWarning && !/^(See|Run) '.*--help'/.test(line)) {
      lines.push(line);
    }
  }
  for (const [, pattern] of RULES) {
    const hit = lines.find((l) => pattern.test(l));
    if (hit) {
      return hit;
    }
  }
  return lines.length > 0 ? lines[lines.length - 1] : undefined;
}

/** A failed docker CLI call: classified, with the CLI's stderr (redacted) for the log. */
export class DockerError extends Error {
  constructor(
    readonly kind: DockerFailureKind,
    /** The docker subcommand, e.g. `login`, `push`. */
    readonly operation: string,
    /** stderr of the call, redacted. */
    readonly stderr: string,
    message?: string,
    /** The engine whose CLI failed, when known (it words the message and the advice). */
    readonly engine?: EngineKind,
  ) {
    super(message ?? DockerError.describe(kind, operation, stderr, engine));
    this.name = 'DockerError';
  }

  /**
   * `docker push failed: <the meaningful stderr line>` (or a sentence for the kind when stderr is empty);
   * the engine's own command word (`podman push failed: …`) when it is known.
   */
  static describe(kind: DockerFailureKind, operation: string, stderr: string, engine: EngineKind = 'docker'): string {
    const line = meaningfulStderrLine(stderr);
    if (line) {
      return `${engine} ${operation} failed: ${line}`;
    }
    switch (kind) {
      case 'timeout':
        return `${engine} ${operation} did not finish in time and was stopped.`;
      case 'cancelled':
        return `${engine} ${operation} was cancelled.`;
      default:
        return `${engine} ${operation} failed.`;
    }
  }
}

/**
 * A build that failed: the step the builder was at (`Step 3/4 : COPY …`, when it got that far) and the
 * lines that say why (that step's output and the builder's error lines), already redacted.
 */
export class DockerBuildError extends DockerError {
  constructor(
    operation: string,
    stderr: string,
    readonly failingStep: string | undefined,
    readonly lines: readonly string[],
  ) {
    super('buildFailed', operation, stderr, `docker ${operation} failed${failingStep ? ` at ${failingStep}` : ''}.`);
    this.name = 'DockerBuildError';
  }
}
