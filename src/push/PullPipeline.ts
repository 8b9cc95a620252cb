/**
 * A pull from ECR, step by step: check docker → credentials → authenticate (the same registry login as
 * a push: registryLogin.ts) → `docker pull` (streamed, cancellable, one fresh token and one retry when
 * the registry refuses an expired login) → check the pulled image. No `vscode` import.
 */
import type { DockerCli } from '../docker/DockerCli';
import { DockerError } from '../docker/dockerErrors';
import type { PullProgress } from '../docker/pullProgress';
import type { EcrSession, EcrSessionFactory } from '../ecr/EcrSession';
import { EcrRun } from './EcrRun';
import { PushError } from './pushErrors';
import { RegistryLogin, type DockerLogin, type LoginOptions, type RegistryLoginDeps } from './registryLogin';
import { parseTagList, registryTargetProblems, validateRepositoryName } from './validation';

/** One pull as asked: which repository, which image (a tag or a digest), where. */
export interface PullRequest {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly region: string;
  readonly accountId?: string;
}

export interface PullResult {
  /** What docker now holds: `HOST/REPO:TAG`, or `HOST/REPO@sha256:…` for a pull by digest. */
  readonly localImage: string;
  /** The manifest digest the registry served. */
  readonly digest?: string;
  /** The local image id. */
  readonly imageId?: string;
  /** docker had the image already; nothing was downloaded. */
  readonly upToDate: boolean;
}

export type PullStep = 'checkDocker' | 'credentials' | 'authenticate' | 'pull' | 'verify';

export const PULL_STEP_TITLES: Readonly<Record<PullStep, string>> = {
  checkDocker: 'Checking Docker',
  credentials: 'Loading AWS credentials',
  authenticate: 'Authenticating with ECR',
  pull: 'Pulling',
  verify: 'Checking the pulled image',
};

/** What the pull tells whoever shows it. Every message is already free of secrets. */
export interface PullObserver {
  step(step: PullStep, detail: string): void;
  info(message: string): void;
  warn(message: string): void;
  dockerLine(line: string, stream: 'stdout' | 'stderr'): void;
  layers(progress: PullProgress): void;
  secrets(values: readonly (string | undefined)[]): void;
}

export interface PullPipelineDeps extends RegistryLoginDeps {
  readonly docker: Pick<DockerCli, 'checkDaemon' | 'login' | 'pull' | 'inspectImage'>;
  readonly sessions: EcrSessionFactory<EcrSession>;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Checks a pull request before anything runs; throws PushError('invalidInput') naming every bad field. */
export function validatePullRequest(request: PullRequest): void {
  const problems: string[] = [];
  const repositoryProblem = validateRepositoryName(request.repository);
  if (repositoryProblem) {
    problems.push(repositoryProblem);
  }
  if (!request.tag && !request.digest) {
    problems.push('Name the image to pull: a tag (imageTag) or a digest (imageDigest).');
  }
  if (request.tag !== undefined) {
    const parsed = parseTagList(request.tag);
    if ('error' in parsed) {
      problems.push(parsed.error);
    } else if (parsed.tags.length !== 1 || parsed.tags[0] !== request.tag) {
      problems.push(`"${request.tag}" is not one tag.`);
    }
  }
  if (request.digest !== undefined && !DIGEST.test(request.digest)) {
    problems.push('imageDigest must be sha256: followed by 64 hex digits.');
  }
  problems.push(...registryTargetProblems(request));
  if (problems.length > 0) {
    throw new PushError('invalidInput', problems.join(' '), 'Correct it and pull again. Nothing was pulled.', []);
  }
}

export class PullPipeline {
  constructor(private readonly deps: PullPipelineDeps) {}

  async run(request: PullRequest, options: LoginOptions, observer: PullObserver, signal?: AbortSignal): Promise<PullResult> {
    validatePullRequest(request);
    return new PullRun(this.deps, request, options, observer, signal).execute();
  }
}

class PullRun extends EcrRun {
  private registryLogin?: RegistryLogin;

  constructor(
    private readonly deps: PullPipelineDeps,
    private readonly request: PullRequest,
    options: LoginOptions,
    private readonly observer: PullObserver,
    signal: AbortSignal | undefined,
  ) {
    super(deps.tokens, { ...request, image: imageName(request) }, options, observer, signal);
  }

  async execute(): Promise<PullResult> {
    try {
      return await this.steps();
    } catch (error) {
      throw this.toPushError(error);
    }
  }

  private async steps(): Promise<PullResult> {
    const { request, observer } = this;
    this.enter('checkDocker', 'docker version');
    const daemon = await this.deps.docker.checkDaemon(this.signal);
    observer.info(`Docker client ${daemon.clientVersion}, engine ${daemon.serverVersion}.`);

    this.enter('credentials', request.region);
    const session = await this.deps.sessions.open(request.region, this.signal);
    this.session = session;
    observer.info(`Using AWS credentials from ${session.sourceDescription}.`);
    const credentials = await session.credentials();
    this.learnSecrets(credentials.secretAccessKey, credentials.sessionToken);

    this.enter('authenticate', request.region);
    const registryLogin = new RegistryLogin(this.deps, this);
    this.registryLogin = registryLogin;
    const authorization = await registryLogin.authorize(false);
    const reference = `${authorization.registryHost}/${request.repository}${request.digest ? `@${request.digest}` : `:${request.tag}`}`;
    const dockerLogin = await registryLogin.login(authorization);

    this.enter('pull', reference);
    const pulled = await this.pullWithOneRelogin(reference, dockerLogin);

    this.enter('verify', reference);
    const image = await this.deps.docker.inspectImage(reference, this.signal);
    if (!image) {
      throw new PushError(
        'pullFailed',
        `docker reported the pull of ${reference} as done, but has no such image.`,
        'Open the log for docker’s output, then pull again.',
        ['showLog', 'retry'],
      );
    }
    if (request.digest && pulled.digest && pulled.digest !== request.digest) {
      throw new PushError(
        'pullFailed',
        `The registry served ${pulled.digest} for ${reference}.`,
        'Open the log for docker’s output, then pull again.',
        ['showLog'],
      );
    }
    observer.info(
      `${pulled.upToDate ? 'Already had' : 'Pulled'} ${reference} (image ${image.id}${pulled.digest ? `, ${pulled.digest}` : ''}).`,
    );
    return {
      localImage: reference,
      upToDate: pulled.upToDate,
      imageId: image.id,
      ...(pulled.digest ? { digest: pulled.digest } : {}),
    };
  }

  private enter(step: PullStep, detail: string): void {
    this.throwIfCancelled();
    this.observer.step(step, detail);
  }

  private async pullWithOneRelogin(reference: string, dockerLogin: DockerLogin) {
    try {
      return await this.pullOnce(reference, dockerLogin);
    } catch (error) {
      const expired = error instanceof DockerError && (error.kind === 'tokenExpired' || error.kind === 'noBasicAuth');
      if (!expired) {
        throw error;
      }
      // One fresh token, one login, one retry: never a loop.
      this.observer.warn('The registry refused the login (token expired or missing); getting a new token and retrying once.');
      const registryLogin = this.registryLogin!;
      registryLogin.forget(dockerLogin);
      this.enter('authenticate', 'again');
      const again = await registryLogin.login(await registryLogin.authorize(true));
      this.enter('pull', `${reference} (retry)`);
      return this.pullOnce(reference, again);
    }
  }

  private pullOnce(reference: string, { configDir, env }: DockerLogin) {
    this.observer.info(`docker${configDir ? ` --config ${configDir}` : ''} pull ${reference}`);
    return this.deps.docker.pull(reference, {
      configDir,
      env,
      signal: this.signal,
      onLine: (line, stream) => this.observer.dockerLine(line, stream),
      onProgress: (progress) => this.observer.layers(progress),
    });
  }
}

/** `repository:tag` or `repository@sha256:…`, as messages name the image. */
function imageName(request: PullRequest): string {
  return `${request.repository}${request.digest ? `@${request.digest}` : `:${request.tag ?? ''}`}`;
}
