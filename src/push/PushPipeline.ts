/**
 * The push, step by step: check image → credentials → repository → authenticate → tag → push → verify,
 * with one fresh token, one login and one retry when the registry refuses an expired login. Everything
 * it touches comes in by constructor (pushPorts.ts), so the same code runs under VS Code, in plain-Node
 * unit tests with a fake docker CLI, and against the local ECR test stack. No `vscode` import.
 */
import { DockerError } from '../docker/dockerErrors';
import type { RegistryAuthorization } from '../ecr/authorizationToken';
import type { AuthorizationKey } from '../ecr/AuthorizationCache';
import type { EcrRegistry, EcrRepository } from '../ecr/EcrRegistry';
import type { EcrSession } from '../ecr/EcrSession';
import { privateDockerConfigDir } from '../docker/dockerConfig';
import { shortAccessKeyId } from '../credentials/accessKeyFormat';
import { aliasesCreatedByPush, planAliasRemoval } from './aliasCleanup';
import { explainError, type ErrorContext } from './explainError';
import { cancelledError, PushError } from './pushErrors';
import type { PushObserver, PushPipelineDeps, PushResult, PushStep } from './pushPorts';
import { validatePushRequest, type PushOptions, type PushRequest } from './pushRequest';

export class PushPipeline {
  constructor(private readonly deps: PushPipelineDeps) {}

  async run(request: PushRequest, options: PushOptions, observer: PushObserver, signal?: AbortSignal): Promise<PushResult> {
    validatePushRequest(request);
    const run = new PushRun(this.deps, request, options, observer, signal);
    return run.execute();
  }
}

/** How docker pushes after the login step: with which config folder, and which extra environment. */
interface DockerLogin {
  readonly configDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** One execution of the pipeline; holds the state the steps share. */
class PushRun {
  private session?: EcrSession;
  private authorization?: RegistryAuthorization;
  private reloggedIn = false;
  private readonly secrets = new Set<string>();

  constructor(
    private readonly deps: PushPipelineDeps,
    private readonly request: PushRequest,
    private readonly options: PushOptions,
    private readonly observer: PushObserver,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async execute(): Promise<PushResult> {
    try {
      return await this.steps();
    } catch (error) {
      throw this.toPushError(error);
    }
  }

  private async steps(): Promise<PushResult> {
    const { request, observer } = this;

    this.enter('checkImage', request.source);
    const daemon = await this.deps.docker.checkDaemon(this.signal);
    observer.info(`Docker client ${daemon.clientVersion}, engine ${daemon.serverVersion}.`);
    const image = await this.deps.docker.inspectImage(request.source, this.signal);
    if (!image) {
      throw new PushError(
        'imageNotFound',
        `The local image "${request.source}" does not exist.`,
        'Build or pull it first, or pick an image from the Local Images view.',
        ['showLog'],
      );
    }
    observer.info(`Image ${image.id}${image.repoTags.length ? ` (${image.repoTags.join(', ')})` : ''}.`);

    this.enter('credentials', request.region);
    const session = await this.deps.sessions.open(request.region, this.signal);
    this.session = session;
    observer.info(`Using AWS credentials from ${session.sourceDescription} (access key ${shortAccessKeyId(session.identity)}).`);
    const credentials = await session.credentials();
    this.learnSecrets(credentials.secretAccessKey, credentials.sessionToken);

    this.enter('repository', request.repository);
    const { repository, created } = await this.ensureRepository(session.registry);

    this.enter('authenticate', request.region);
    const authorization = await this.authorize(false);
    const host = authorization.registryHost;
    const repositoryUri = `${host}/${request.repository}`;
    if (repository?.uri && repository.uri !== repositoryUri) {
      observer.info(`ECR names the repository ${repository.uri}; pushing through ${repositoryUri}.`);
    }
    const dockerLogin = await this.login(authorization);

    const imageUris = request.tags.map((tag) => `${repositoryUri}:${tag}`);
    // Read before tagging: a tag the image already had is the user's (or an earlier push's), never this push's.
    const createdAliases = aliasesCreatedByPush(imageUris, image.repoTags);
    this.enter('tag', imageUris.join(', '));
    for (const target of imageUris) {
      this.throwIfCancelled();
      observer.info(`docker tag ${request.source} ${target}`);
      await this.deps.docker.tag(request.source, target, this.signal);
    }

    let digest: string | undefined;
    let sizeBytes: number | undefined;
    for (const [index, target] of imageUris.entries()) {
      this.enter('push', target);
      const pushed = await this.pushWithOneRelogin(target, request.tags[index], dockerLogin);
      if (pushed.digest) {
        if (digest && digest !== pushed.digest) {
          observer.warn(`Tag ${request.tags[index]} was pushed with digest ${pushed.digest}, others with ${digest}.`);
        }
        digest ??= pushed.digest;
      }
    }

    this.enter('verify', repositoryUri);
    for (const [index, tag] of request.tags.entries()) {
      const verified = await this.verify(session.registry, tag, digest);
      sizeBytes ??= verified.sizeBytes;
      digest ??= verified.digest;
      observer.info(`Verified ${imageUris[index]} → ${verified.digest}.`);
    }

    const removedLocalAliases = this.options.removeLocalAliasAfterPush ? await this.removeCreatedAliases(image.id, createdAliases) : [];
    return { imageUris, imageUri: imageUris[0], repositoryUri, digest, sizeBytes, repositoryCreated: created, removedLocalAliases };
  }

  /**
   * ecrPush.removeLocalAliasAfterPush, after a verified push: untags what this push tagged, by the rules of
   * aliasCleanup.ts, from the image as it is now. The push has succeeded by then, so a failure here is a
   * warning in the log, never a failed push; and a late cancel does not stop it half way.
   */
  private async removeCreatedAliases(imageId: string, created: readonly string[]): Promise<string[]> {
    const { observer } = this;
    if (created.length === 0) {
      observer.info('No local tag to remove (ecrPush.removeLocalAliasAfterPush): the image had every pushed tag before this push.');
      return [];
    }
    let current;
    try {
      current = await this.deps.docker.inspectImage(imageId);
    } catch (error) {
      observer.warn(`Kept the local tags ${created.join(', ')}: the image could not be checked (${describe(error)}).`);
      return [];
    }
    const plan = planAliasRemoval({ imageId, created, current });
    for (const kept of plan.keep) {
      observer.warn(kept.reason);
    }
    const removed: string[] = [];
    for (const alias of plan.remove) {
      observer.info(`docker image rm ${alias}`);
      try {
        await this.deps.docker.untag(alias);
        removed.push(alias);
        observer.info(
          `Removed the local tag ${alias} that this push created (ecrPush.removeLocalAliasAfterPush); the image keeps its other tags.`,
        );
      } catch (error) {
        observer.warn(`Could not remove the local tag ${alias}: ${describe(error)}. The push itself succeeded.`);
      }
    }
    return removed;
  }

  private enter(step: PushStep, detail: string): void {
    this.throwIfCancelled();
    this.observer.step(step, detail);
  }

  private throwIfCancelled(): void {
    if (this.signal?.aborted) {
      throw cancelledError();
    }
  }

  private async ensureRepository(registry: EcrRegistry): Promise<{ repository?: EcrRepository; created: boolean }> {
    const { request, options, observer } = this;
    const existing = await this.ecrCall('DescribeRepositories', () =>
      registry.describeRepository(request.repository, request.accountId, this.signal),
    );
    if (existing) {
      observer.info(`Repository ${request.repository} exists (tags ${existing.imageTagMutability ?? 'MUTABLE'}).`);
      return { repository: existing, created: false };
    }
    observer.info(`Repository ${request.repository} does not exist; creating it.`);
    const settings = options.createRepository;
    const result = await this.ecrCall('CreateRepository', () =>
      registry.createRepository(
        {
          name: request.repository,
          registryId: request.accountId,
          imageTagMutability: settings.imageTagMutability,
          scanOnPush: settings.scanOnPush,
        },
        this.signal,
      ),
    );
    if (result.created) {
      observer.info(
        `Created repository ${request.repository} (tag mutability ${settings.imageTagMutability}, scan on push ${settings.scanOnPush ? 'on' : 'off'}).`,
      );
    } else {
      observer.info(`Repository ${request.repository} was created by someone else meanwhile; using it.`);
    }
    return result;
  }

  private tokenKey(): AuthorizationKey {
    return {
      identity: this.session?.credentialSource ?? '',
      region: this.request.region,
      registryId: this.request.accountId,
      endpoint: this.options.endpoint,
      fips: this.options.useFipsEndpoint,
    };
  }

  /** A token from the cache, or a fresh one from GetAuthorizationToken. */
  private async authorize(forceFresh: boolean): Promise<RegistryAuthorization> {
    const key = this.tokenKey();
    if (forceFresh) {
      this.deps.tokens.invalidate(key);
    }
    const cached = this.deps.tokens.get(key);
    if (cached) {
      this.learnSecrets(cached.password, Buffer.from(`${cached.username}:${cached.password}`).toString('base64'));
      this.observer.info(`Reusing the ECR authorization token for ${cached.registryHost} (valid until ${formatTime(cached.expiresAt)}).`);
      this.authorization = cached;
      return cached;
    }
    const registry = this.session?.registry;
    if (!registry) {
      throw new Error('authorize() before credentials were resolved');
    }
    const fresh = await this.ecrCall('GetAuthorizationToken', () => registry.getAuthorization(this.request.accountId, this.signal));
    if (fresh.expiresAt && fresh.expiresAt.getTime() <= Date.now()) {
      throw new PushError(
        'badAuthorizationToken',
        `ECR handed out an authorization token that had already expired (${fresh.expiresAt.toISOString()}).`,
        "Check the computer's clock, then push again.",
        ['showLog'],
      );
    }
    this.learnSecrets(fresh.password, Buffer.from(`${fresh.username}:${fresh.password}`).toString('base64'));
    this.observer.info(`Got an ECR authorization token for ${fresh.registryHost} (expires ${formatTime(fresh.expiresAt)}).`);
    this.deps.tokens.set(key, fresh);
    this.authorization = fresh;
    return fresh;
  }

  /**
   * Logs docker in (unless this exact login is already in place) and says how to push: with which
   * docker config folder, and for the ecr-login helper, with which identity in docker's environment.
   */
  private async login(authorization: RegistryAuthorization): Promise<DockerLogin> {
    const { options, observer } = this;
    const host = authorization.registryHost;
    let configDir: string | undefined;
    if (options.loginTarget === 'user') {
      if (this.deps.dockerConfig.usesEcrLoginHelper(host, options.userDockerConfigDir)) {
        observer.info(
          `Your docker config sends ${host} to the ecr-login credential helper; skipping docker login. ` +
            `docker push runs with the credentials from ${this.session?.sourceDescription ?? 'this push'} in its environment, so the helper pushes as the same identity.`,
        );
        return { env: await this.identityEnvironment() };
      }
      if (this.deps.logins.isLoggedIn(host, undefined, authorization)) {
        observer.info(`Already logged in to ${host} with this token; skipping docker login.`);
        return {};
      }
    } else {
      // One folder per identity and registry: another window pushing as someone else has its own.
      configDir = privateDockerConfigDir(options.privateDockerConfigRoot, JSON.stringify([this.tokenKey(), host]));
      this.deps.dockerConfig.preparePrivateDockerConfig(configDir, host, options.userDockerConfigDir);
      // What is on disk decides, not what this window remembers: another window may have logged in since.
      if (this.deps.dockerConfig.hasLogin(configDir, host, authorization)) {
        observer.info(`Already logged in to ${host} with this token; skipping docker login.`);
        return { configDir };
      }
    }
    this.throwIfCancelled();
    observer.info(`docker${configDir ? ` --config ${configDir}` : ''} login --username ${authorization.username} --password-stdin ${host}`);
    try {
      await this.deps.docker.login(host, authorization.username, authorization.password, configDir, this.signal);
    } catch (error) {
      // A token the registry refused is never handed out again.
      this.deps.tokens.invalidate(this.tokenKey());
      this.deps.logins.forget(host, undefined);
      throw error;
    }
    if (!configDir) {
      this.deps.logins.recordLogin(host, undefined, authorization);
    }
    observer.info(`Logged in to ${host}.`);
    return { configDir };
  }

  /**
   * The selected identity as environment variables for a docker process whose credential helper runs
   * the AWS chain itself (ecr-login): the same keys the pipeline uses, and no profile to override them.
   * Environment only, never argv; the values are registered with the redactor like every secret.
   */
  private async identityEnvironment(): Promise<NodeJS.ProcessEnv> {
    const credentials = await this.session!.credentials();
    this.learnSecrets(credentials.secretAccessKey, credentials.sessionToken);
    return {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_REGION: this.request.region,
      AWS_DEFAULT_REGION: this.request.region,
      AWS_PROFILE: undefined,
      AWS_DEFAULT_PROFILE: undefined,
      ...(this.options.endpoint ? { AWS_ENDPOINT_URL_ECR: this.options.endpoint } : {}),
    };
  }

  private async pushWithOneRelogin(target: string, tag: string, dockerLogin: DockerLogin) {
    try {
      return await this.pushOnce(target, tag, dockerLogin);
    } catch (error) {
      const expired = error instanceof DockerError && (error.kind === 'tokenExpired' || error.kind === 'noBasicAuth');
      if (!expired || this.reloggedIn) {
        throw error;
      }
      // One fresh token, one login, one retry: never a loop.
      this.reloggedIn = true;
      this.observer.warn('The registry refused the login (token expired or missing); getting a new token and retrying once.');
      if (this.authorization) {
        this.deps.logins.forget(this.authorization.registryHost, dockerLogin.configDir);
      }
      this.enter('authenticate', 'again');
      const fresh = await this.authorize(true);
      const again = await this.login(fresh);
      this.enter('push', `${target} (retry)`);
      return this.pushOnce(target, tag, again);
    }
  }

  private async pushOnce(target: string, tag: string, { configDir, env }: DockerLogin) {
    this.observer.info(`docker${configDir ? ` --config ${configDir}` : ''} push ${target}`);
    const result = await this.deps.docker.push(target, {
      configDir,
      env,
      signal: this.signal,
      onLine: (line, stream) => this.observer.dockerLine(line, stream),
      onProgress: (progress) => this.observer.layers(tag, progress),
    });
    this.observer.info(
      `Pushed ${target}${result.digest ? ` (${result.digest})` : ''}: ${result.progress.done}/${result.progress.total} layers.`,
    );
    return result;
  }

  private async verify(registry: EcrRegistry, tag: string, pushedDigest: string | undefined) {
    const { request } = this;
    const image = await this.ecrCall('DescribeImages', () =>
      registry.describeImageByTag(request.repository, tag, request.accountId, this.signal),
    );
    if (!image) {
      throw new PushError(
        'verificationFailed',
        `docker reported the push of ${request.repository}:${tag} as done, but ECR does not list that tag.`,
        'Open the log for docker’s output, then push again.',
        ['showLog', 'retry'],
      );
    }
    if (pushedDigest && image.digest !== pushedDigest) {
      throw new PushError(
        'verificationFailed',
        `ECR lists ${request.repository}:${tag} with digest ${image.digest}, but docker pushed ${pushedDigest}. Another push may have moved the tag.`,
        'Check who else pushes to this repository, then push again.',
        ['showLog', 'retry'],
      );
    }
    return image;
  }

  private async ecrCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (this.signal?.aborted) {
        throw cancelledError();
      }
      const explained = explainError(error, this.errorContext(operation));
      const refusedIdentity = explained.code === 'credentialsInvalid' || explained.code === 'accessDenied';
      if (operation === 'GetAuthorizationToken' || operation === 'DescribeImages' || refusedIdentity) {
        // A failed auth call (any call AWS refused for the identity) must not leave a half-trusted token behind.
        this.deps.tokens.invalidate(this.tokenKey());
      }
      if (explained.code === 'credentialsInvalid') {
        // Nor credentials AWS no longer accepts (a revoked session, a deleted key): resolve them again next time.
        this.session?.forgetCredentials();
      }
      throw explained;
    }
  }

  /** Every secret this push has seen: its observer masks them in what it shows, and so do its errors. */
  private learnSecrets(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value) {
        this.secrets.add(value);
      }
    }
    this.observer.secrets(values);
  }

  private errorContext(operation?: string): ErrorContext {
    const { request } = this;
    return {
      operation,
      repository: request.repository,
      region: request.region,
      accountId: request.accountId,
      source: request.source,
      secrets: [...this.secrets],
    };
  }

  private toPushError(error: unknown): PushError {
    if (!(error instanceof PushError) && this.signal?.aborted) {
      return cancelledError();
    }
    return explainError(error, this.errorContext());
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatTime(date: Date | undefined): string {
  return date ? date.toISOString() : 'unknown';
}
