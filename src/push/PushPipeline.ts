/**
 * The push, step by step: [build →] check image → credentials → repository → authenticate → tag → push →
 * verify (a build for several platforms: build and push with docker buildx → verify), with one fresh token, one login and one retry when the registry refuses an expired login. Everything
 * it touches comes in by constructor (pushPorts.ts), so the same code runs under VS Code, in plain-Node
 * unit tests with a fake docker CLI, and against the local ECR test stack. No `vscode` import.
 */
import { DockerError } from '../docker/dockerErrors';
import type { EcrRegistry, EcrRepository } from '../ecr/EcrRegistry';
import type { EcrSession } from '../ecr/EcrSession';
import { EcrRun } from './EcrRun';
import { PushError } from './pushErrors';
import { shortAccessKeyId } from '../credentials/accessKeyFormat';
import { aliasesCreatedByPush, planAliasRemoval } from './aliasCleanup';
import { isMultiPlatform, type BuildRequest } from './buildRequest';
import type { BuildPort, PushObserver, PushPipelineDeps, PushResult, PushStep } from './pushPorts';
import { validatePushRequest, type PushOptions, type PushRequest } from './pushRequest';
import { RegistryLogin, type DockerLogin } from './registryLogin';

export class PushPipeline {
  constructor(private readonly deps: PushPipelineDeps) {}

  async run(request: PushRequest, options: PushOptions, observer: PushObserver, signal?: AbortSignal): Promise<PushResult> {
    validatePushRequest(request);
    const run = new PushRun(this.deps, request, options, observer, signal);
    return run.execute();
  }
}

/** One execution of the pipeline; holds the state the steps share. */
class PushRun extends EcrRun {
  private registryLogin?: RegistryLogin;
  private reloggedIn = false;

  constructor(
    private readonly deps: PushPipelineDeps,
    private readonly request: PushRequest,
    private readonly pushOptions: PushOptions,
    private readonly observer: PushObserver,
    signal: AbortSignal | undefined,
  ) {
    super(deps.tokens, request, pushOptions, observer, signal);
  }

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
      const { imageId, localName } = await this.buildImage(request.build);
      source = imageId;
      built = { imageId, localImage: localName };
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

    const { session, repository, created, repositoryUri, dockerLogin } = await this.reachRegistry();

    const imageUris = request.tags.map((tag) => `${repositoryUri}:${tag}`);
    // Read before tagging: a tag the image already had is the user's (or an earlier push's), never this push's.
    const createdAliases = aliasesCreatedByPush(imageUris, image.repoTags);
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
    const removedLocalAliases = this.pushOptions.removeLocalAliasAfterPush ? await this.removeCreatedAliases(image.id, createdAliases) : [];
    return {
      imageUris,
      imageUri: imageUris[0],
      repositoryUri,
      ...verified,
      repositoryCreated: created,
      removedLocalAliases,
      ...this.pushedTarget(repository),
      ...(built ? { built } : {}),
    };
  }

  /** Credentials → repository (created when missing) → token → docker login: what every push needs first. */
  private async reachRegistry(): Promise<{
    session: EcrSession;
    repository?: EcrRepository;
    created: boolean;
    repositoryUri: string;
    dockerLogin: DockerLogin;
  }> {
    const { request, observer } = this;
    this.enter('credentials', request.region);
    const session = await this.deps.sessions.open(request.region, this.signal);
    this.session = session;
    this.registryLogin = new RegistryLogin(this.deps, this);
    observer.info(`Using AWS credentials from ${session.sourceDescription} (access key ${shortAccessKeyId(session.identity)}).`);
    const credentials = await session.credentials();
    this.learnSecrets(credentials.secretAccessKey, credentials.sessionToken);

    this.enter('repository', request.repository);
    const { repository, created } = await this.ensureRepository(session.registry);

    this.enter('authenticate', request.region);
    const authorization = await this.registryLogin.authorize(false);
    const host = authorization.registryHost;
    const repositoryUri = `${host}/${request.repository}`;
    if (repository?.uri && repository.uri !== repositoryUri) {
      observer.info(`ECR names the repository ${repository.uri}; pushing through ${repositoryUri}.`);
    }
    const dockerLogin = await this.registryLogin.login(authorization);
    return { session, repository, created, repositoryUri, dockerLogin };
  }

  /** What was pushed and where it went, for what follows a push (the scan on push, the views). */
  private pushedTarget(repository: EcrRepository | undefined) {
    const { request } = this;
    return {
      source: request.source,
      repository: request.repository,
      region: request.region,
      ...(request.accountId ? { accountId: request.accountId } : {}),
      ...(repository?.scanOnPush !== undefined ? { scanOnPush: repository.scanOnPush } : {}),
    };
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
  private async buildImage(build: BuildRequest): Promise<{ imageId: string; localName: string }> {
    const { request, observer } = this;
    this.enter('build', `${build.dockerfile} → ${request.source}`);
    const docker = this.buildPort();
    observer.info(`docker build -f ${build.dockerfile} -t ${request.source}${describeBuildOptions(build)} ${build.context}`);
    const { imageId, localName } = await docker.build(build, {
      tag: request.source,
      signal: this.signal,
      onLine: (line, stream) => observer.dockerLine(line, stream),
      onProgress: (progress) => observer.buildProgress?.(progress),
    });
    observer.info(`Built ${imageId} as ${localName}.`);
    return { imageId, localName };
  }

  /**
   * Several platforms: docker buildx builds them all and pushes one image index under every tag itself,
   * with the same login as a push (so checkImage and tag do not apply, and no local alias is left to
   * remove). ECR then verifies the index digest.
   */
  private async publishImageIndex(build: BuildRequest): Promise<PushResult> {
    const { request, observer } = this;
    const platforms = build.platforms ?? [];
    const docker = this.buildPort();
    if ((await docker.engine(this.signal)) === 'podman') {
      return this.publishManifestList(build, docker);
    }
    this.enter('build', `${build.dockerfile} for ${platforms.join(', ')} with docker buildx`);
    observer.info(`docker buildx ${await docker.buildxVersion(this.signal)}`);

    const { session, repository, created, repositoryUri, dockerLogin } = await this.reachRegistry();
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
        userConfigDir: this.pushOptions.userDockerConfigDir,
        signal: this.signal,
        onLine: (line, stream) => observer.dockerLine(line, stream),
        onProgress: (progress) => observer.buildProgress?.(progress),
      });
    });
    return this.multiPlatformResult('image index', platforms, { session, repository, created, repositoryUri }, imageUris, digest);
  }

  /**
   * Several platforms with podman, which has no buildx: `build --platform A,B --manifest LIST` makes a local
   * manifest list (named as the request's local image), then `manifest push --all` sends it and every
   * platform's image under each tag, with the same login as a push. ECR then verifies the list's digest.
   */
  private async publishManifestList(build: BuildRequest, docker: BuildPort): Promise<PushResult> {
    const { request, observer } = this;
    const platforms = build.platforms ?? [];
    const list = request.source;
    this.enter('build', `${build.dockerfile} for ${platforms.join(', ')} into the podman manifest list ${list}`);
    observer.info(
      `podman build -f ${build.dockerfile} --platform ${platforms.join(',')} --manifest ${list}${describeBuildOptions(build)} ${build.context}`,
    );
    await docker.manifestBuild(build, {
      platforms,
      manifest: list,
      signal: this.signal,
      onLine: (line, stream) => observer.dockerLine(line, stream),
      onProgress: (progress) => observer.buildProgress?.(progress),
    });

    const { session, repository, created, repositoryUri, dockerLogin } = await this.reachRegistry();
    const imageUris = request.tags.map((tag) => `${repositoryUri}:${tag}`);
    let digest: string | undefined;
    for (const target of imageUris) {
      this.enter('push', target);
      const pushed = await this.withOneRelogin(dockerLogin, `${target} (retry)`, ({ configDir, env }) => {
        observer.info(`podman manifest push --all${configDir ? ' --authfile …' : ''} ${list} docker://${target}`);
        return docker.manifestPush(list, target, {
          configDir,
          env,
          signal: this.signal,
          onLine: (line, stream) => observer.dockerLine(line, stream),
        });
      });
      digest ??= pushed.digest;
    }
    return this.multiPlatformResult('manifest list', platforms, { session, repository, created, repositoryUri }, imageUris, digest);
  }

  /** An image index or manifest list is up under every tag: ECR verifies its digest, and nothing local was tagged. */
  private async multiPlatformResult(
    what: string,
    platforms: readonly string[],
    target: { session: EcrSession; repository?: EcrRepository; created: boolean; repositoryUri: string },
    imageUris: string[],
    digest: string | undefined,
  ): Promise<PushResult> {
    this.observer.info(`Pushed the ${what} for ${platforms.join(', ')}${digest ? ` (${digest})` : ''}.`);
    const verified = await this.verifyAll(target.session.registry, target.repositoryUri, imageUris, digest);
    return {
      imageUris,
      imageUri: imageUris[0],
      repositoryUri: target.repositoryUri,
      ...verified,
      repositoryCreated: target.created,
      removedLocalAliases: [],
      ...this.pushedTarget(target.repository),
      built: {},
    };
  }

  private buildPort(): BuildPort {
    const { build, buildxVersion, buildxBuild, engine, manifestBuild, manifestPush } = this.deps.docker;
    if (!build || !buildxVersion || !buildxBuild || !engine || !manifestBuild || !manifestPush) {
      throw new Error('This docker port cannot build images.');
    }
    const docker = this.deps.docker as BuildPort;
    return {
      build: build.bind(docker),
      buildxVersion: buildxVersion.bind(docker),
      buildxBuild: buildxBuild.bind(docker),
      engine: engine.bind(docker),
      manifestBuild: manifestBuild.bind(docker),
      manifestPush: manifestPush.bind(docker),
    };
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

  private async ensureRepository(registry: EcrRegistry): Promise<{ repository?: EcrRepository; created: boolean }> {
    const { request, pushOptions: options, observer } = this;
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
      const registryLogin = this.registryLogin!;
      registryLogin.forget(dockerLogin);
      this.enter('authenticate', 'again');
      const fresh = await registryLogin.authorize(true);
      const again = await registryLogin.login(fresh);
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
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
