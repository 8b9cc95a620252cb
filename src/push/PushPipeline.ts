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
import { isMultiPlatform, type BuildRequest } from './buildRequest';
import { explainError, type ErrorContext } from './explainError';
import { cancelledError, PushError } from './pushErrors';
import type { BuildPort, PushObserver, PushPipelineDeps, PushResult, PushStep } from './pushPorts';
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
    if (request.build && isMultiPlatform(request.build)) {
      return this.publishImageIndex(request.build);
    }
    // What is tagged and pushed: the image the build made (by id, so a build that moves the same name
    // meanwhile cannot change what this push sends), else the local image the user named.
    let source = request.source;
    let built: PushResult['built'];
    if (request.build) {
      const { imageId } = await this.buildImage(request.build);
      source = imageId;
      built = { imageId, localImage: request.source };
    }

    this.enter('checkImage', source);
    const daemon = await this.deps.docker.checkDaemon(this.signal);
    observer.info(`${daemon.description}.`);
    const image = await this.deps.docker.inspectImage(source, this.signal);
    if (!image) {
      throw new PushError(
        'imageNotFound',
        `The local image "${source}" does not exist.`,
        'Build or pull it first, or pick an image from the Local Images view.',
        ['showLog'],
      );
    }
    observer.info(`Image ${image.id}${image.repoTags.length ? ` (${image.repoTags.join(', ')})` : ''}.`);

    const { session, created, repositoryUri, dockerLogin } = await this.reachRegistry();

    const imageUris = request.tags.map((tag) => `${repositoryUri}:${tag}`);
    this.enter('tag', imageUris.join(', '));
    for (const target of imageUris) {
      this.throwIfCancelled();
      observer.info(`docker tag ${source} ${target}`);
      await this.deps.docker.tag(source, target, this.signal);
    }

    let digest: string | undefined;
    for (const [index, target] of imageUris.entries()) {
      this.enter('push', target);
      const tag = request.tags[index];
      const pushed = await this.withOneRelogin(dockerLogin, `${target} (retry)`, (login) => this.pushOnce(target, tag, login));
      if (pushed.digest) {
        if (digest && digest !== pushed.digest) {
          observer.warn(`Tag ${request.tags[index]} was pushed with digest ${pushed.digest}, others with ${digest}.`);
        }
        digest ??= pushed.digest;
      }
    }

    const verified = await this.verifyAll(session.registry, repositoryUri, imageUris, digest);
    return { imageUris, imageUri: imageUris[0], repositoryUri, ...verified, repositoryCreated: created, ...(built ? { built } : {}) };
  }

  /** Credentials → repository (created when missing) → token → docker login: what every push needs first. */
  private async reachRegistry(): Promise<{ session: EcrSession; created: boolean; repositoryUri: string; dockerLogin: DockerLogin }> {
    const { request, observer } = this;
    this.enter('credentials', request.region);
    const session = await this.deps.sessions.open(request.region, this.signal);
    this.session = session;
    observer.info(`Using AWS credentials from ${session.sourceDescription} (access key ${maskKeyId(session.identity)}).`);
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
    return { session, created, repositoryUri, dockerLogin };
  }

  /** Every tag is listed by ECR, with the digest docker pushed. */
  private async verifyAll(registry: EcrRegistry, repositoryUri: string, imageUris: readonly string[], pushedDigest: string | undefined) {
    this.enter('verify', repositoryUri);
    let digest = pushedDigest;
    let sizeBytes: number | undefined;
    for (const [index, tag] of this.request.tags.entries()) {
      const verified = await this.verify(registry, tag, digest);
      sizeBytes ??= verified.sizeBytes;
      digest ??= verified.digest;
      this.observer.info(`Verified ${imageUris[index]} → ${verified.digest}.`);
    }
    return { digest, sizeBytes };
  }

  /** The engine's own build of one platform, tagged with the request's local name. */
  private async buildImage(build: BuildRequest): Promise<{ imageId: string }> {
    const { request, observer } = this;
    this.enter('build', `${build.dockerfile} → ${request.source}`);
    const docker = this.buildPort();
    observer.info(`docker build -f ${build.dockerfile} -t ${request.source}${describeBuildOptions(build)} ${build.context}`);
    const { imageId } = await docker.build(build, {
      tag: request.source,
      signal: this.signal,
      onLine: (line, stream) => observer.dockerLine(line, stream),
      onProgress: (progress) => observer.buildProgress?.(progress),
    });
    observer.info(`Built ${imageId} as ${request.source}.`);
    return { imageId };
  }

  /**
   * Several platforms: docker buildx builds them all and pushes one image index under every tag itself,
   * with the same login as a push (so checkImage and tag do not apply). ECR then verifies the index digest.
   */
  private async publishImageIndex(build: BuildRequest): Promise<PushResult> {
    const { request, observer } = this;
    const platforms = build.platforms ?? [];
    this.enter('build', `${build.dockerfile} for ${platforms.join(', ')} with docker buildx`);
    const docker = this.buildPort();
    observer.info(`docker buildx ${await docker.buildxVersion(this.signal)}`);

    const { session, created, repositoryUri, dockerLogin } = await this.reachRegistry();
    const imageUris = request.tags.map((tag) => `${repositoryUri}:${tag}`);
    this.enter('push', imageUris.join(', '));
    const { digest } = await this.withOneRelogin(dockerLogin, 'again (retry)', ({ configDir, env }) => {
      observer.info(
        `docker${configDir ? ` --config ${configDir}` : ''} buildx build -f ${build.dockerfile} --platform ${platforms.join(',')} --push ` +
          `${imageUris.map((uri) => `-t ${uri}`).join(' ')}${describeBuildOptions(build)} ${build.context}`,
      );
      return docker.buildxBuild(build, {
        platforms,
        tags: imageUris,
        configDir,
        env,
        userConfigDir: this.options.userDockerConfigDir,
        signal: this.signal,
        onLine: (line, stream) => observer.dockerLine(line, stream),
        onProgress: (progress) => observer.buildProgress?.(progress),
      });
    });
    observer.info(`Pushed the image index for ${platforms.join(', ')}${digest ? ` (${digest})` : ''}.`);
    const verified = await this.verifyAll(session.registry, repositoryUri, imageUris, digest);
    return { imageUris, imageUri: imageUris[0], repositoryUri, ...verified, repositoryCreated: created, built: {} };
  }

  private buildPort(): BuildPort {
    const { build, buildxVersion, buildxBuild } = this.deps.docker;
    if (!build || !buildxVersion || !buildxBuild) {
      throw new Error('This docker port cannot build images.');
    }
    const docker = this.deps.docker as BuildPort;
    return { build: build.bind(docker), buildxVersion: buildxVersion.bind(docker), buildxBuild: buildxBuild.bind(docker) };
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

  /**
   * Runs what needs the registry login (a push, a buildx push); when the registry refuses an expired or
   * missing login: one fresh token, one login, one retry — never a loop.
   */
  private async withOneRelogin<T>(dockerLogin: DockerLogin, retryDetail: string, attempt: (login: DockerLogin) => Promise<T>): Promise<T> {
    try {
      return await attempt(dockerLogin);
    } catch (error) {
      const expired = error instanceof DockerError && (error.kind === 'tokenExpired' || error.kind === 'noBasicAuth');
      if (!expired || this.reloggedIn) {
        throw error;
      }
      this.reloggedIn = true;
      this.observer.warn('The registry refused the login (token expired or missing); getting a new token and retrying once.');
      if (this.authorization) {
        this.deps.logins.forget(this.authorization.registryHost, dockerLogin.configDir);
      }
      this.enter('authenticate', 'again');
      const fresh = await this.authorize(true);
      const again = await this.login(fresh);
      this.enter('push', retryDetail);
      return attempt(again);
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

function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : '…';
}

function formatTime(date: Date | undefined): string {
  return date ? date.toISOString() : 'unknown';
}

/** The build's options as the log shows them (values of build args are shown: they are not secrets, see README). */
function describeBuildOptions(build: BuildRequest): string {
  const parts = Object.entries(build.buildArgs ?? {}).map(([name, value]) => ` --build-arg ${name}=${value}`);
  if (build.target) {
    parts.push(` --target ${build.target}`);
  }
  if (build.platform) {
    parts.push(` --platform ${build.platform}`);
  }
  return parts.join('');
}
