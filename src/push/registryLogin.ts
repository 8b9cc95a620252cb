/**
 * The registry login a push and a pull share: an ECR authorization token (from the cache, or fresh from
 * GetAuthorizationToken), then `docker login` into the extension's private docker config folder for this
 * identity and registry (or the user's own config, or nothing when the user's config sends the registry
 * to the ecr-login helper). Both ways in to the registry go through this one class, so they log in the
 * same way and reuse each other's logins. No `vscode` import.
 */
import type { DockerCli } from '../docker/DockerCli';
import { privateDockerConfigDir } from '../docker/dockerConfig';
import type { RegistryAuthorization } from '../ecr/authorizationToken';
import type { AuthorizationCache, AuthorizationKey, LoginTracker } from '../ecr/AuthorizationCache';
import type { EcrSession } from '../ecr/EcrSession';
import { PushError } from './pushErrors';

/** How docker reaches the registry after the login step: with which config folder, and which extra environment. */
export interface DockerLogin {
  readonly configDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The settings a login depends on (a push's PushOptions carries them). */
export interface LoginOptions {
  /** `private`: log in to an extension-owned docker config folder; `user`: the user's own ~/.docker. */
  readonly loginTarget: 'private' | 'user';
  /** Where the extension keeps its own docker config folders, one per identity and registry (loginTarget `private`). */
  readonly privateDockerConfigRoot: string;
  /** The user's docker config folder (DOCKER_CONFIG or ~/.docker), read for ecr-login helpers. */
  readonly userDockerConfigDir?: string;
  readonly endpoint?: string;
  readonly useFipsEndpoint?: boolean;
}

/** The docker config files a login reads and writes (docker/dockerConfig.ts). */
export interface DockerConfigPort {
  preparePrivateDockerConfig(privateDir: string, host: string, userConfigDir?: string): void;
  hasLogin(privateDir: string, host: string, login: { readonly username: string; readonly password: string }): boolean;
  usesEcrLoginHelper(host: string, userConfigDir?: string): boolean;
}

export interface RegistryLoginDeps {
  readonly docker: Pick<DockerCli, 'login'>;
  readonly tokens: AuthorizationCache;
  readonly logins: LoginTracker;
  readonly dockerConfig: DockerConfigPort;
}

/** What the run that logs in provides: where it is, how it reports, and how it calls ECR. */
export interface LoginRun {
  readonly session: EcrSession;
  readonly region: string;
  readonly accountId?: string;
  readonly options: LoginOptions;
  readonly signal?: AbortSignal;
  info(message: string): void;
  /** Secret values learned here (registry password and its base64 form, keys): whoever shows text masks them. */
  learnSecrets(...values: (string | undefined)[]): void;
  throwIfCancelled(): void;
  /** Runs an ECR call, explaining and recovering from its errors the run's way. */
  ecrCall<T>(operation: string, call: () => Promise<T>): Promise<T>;
}

/** Who asked, where, and for which registry: tokens and logins are kept per exactly this. */
export function authorizationKey(run: {
  readonly session?: Pick<EcrSession, 'credentialSource'>;
  readonly region: string;
  readonly accountId?: string;
  readonly options: Pick<LoginOptions, 'endpoint' | 'useFipsEndpoint'>;
}): AuthorizationKey {
  return {
    identity: run.session?.credentialSource ?? '',
    region: run.region,
    registryId: run.accountId,
    endpoint: run.options.endpoint,
    fips: run.options.useFipsEndpoint,
  };
}

export class RegistryLogin {
  private current?: RegistryAuthorization;

  constructor(
    private readonly deps: RegistryLoginDeps,
    private readonly run: LoginRun,
  ) {}

  /** The token the last authorize() handed out. */
  get authorization(): RegistryAuthorization | undefined {
    return this.current;
  }

  /** A token from the cache, or a fresh one from GetAuthorizationToken. */
  async authorize(forceFresh: boolean): Promise<RegistryAuthorization> {
    const { run } = this;
    const key = authorizationKey(run);
    if (forceFresh) {
      this.deps.tokens.invalidate(key);
    }
    const cached = this.deps.tokens.get(key);
    if (cached) {
      run.learnSecrets(cached.password, Buffer.from(`${cached.username}:${cached.password}`).toString('base64'));
      run.info(`Reusing the ECR authorization token for ${cached.registryHost} (valid until ${formatTime(cached.expiresAt)}).`);
      this.current = cached;
      return cached;
    }
    const registry = run.session.registry;
    const fresh = await run.ecrCall('GetAuthorizationToken', () => registry.getAuthorization(run.accountId, run.signal));
    if (fresh.expiresAt && fresh.expiresAt.getTime() <= Date.now()) {
      throw new PushError(
        'badAuthorizationToken',
        `ECR handed out an authorization token that had already expired (${fresh.expiresAt.toISOString()}).`,
        "Check the computer's clock, then push again.",
        ['showLog'],
      );
    }
    run.learnSecrets(fresh.password, Buffer.from(`${fresh.username}:${fresh.password}`).toString('base64'));
    run.info(`Got an ECR authorization token for ${fresh.registryHost} (expires ${formatTime(fresh.expiresAt)}).`);
    this.deps.tokens.set(key, fresh);
    this.current = fresh;
    return fresh;
  }

  /**
   * Logs docker in (unless this exact login is already in place) and says how to reach the registry: with
   * which docker config folder, and for the ecr-login helper, with which identity in docker's environment.
   */
  async login(authorization: RegistryAuthorization): Promise<DockerLogin> {
    const { run } = this;
    const { options } = run;
    const host = authorization.registryHost;
    let configDir: string | undefined;
    if (options.loginTarget === 'user') {
      if (this.deps.dockerConfig.usesEcrLoginHelper(host, options.userDockerConfigDir)) {
        run.info(
          `Your docker config sends ${host} to the ecr-login credential helper; skipping docker login. ` +
            `docker runs with the credentials from ${run.session.sourceDescription} in its environment, so the helper acts as the same identity.`,
        );
        return { env: await this.identityEnvironment() };
      }
      if (this.deps.logins.isLoggedIn(host, undefined, authorization)) {
        run.info(`Already logged in to ${host} with this token; skipping docker login.`);
        return {};
      }
    } else {
      // One folder per identity and registry: another window pushing as someone else has its own.
      configDir = privateDockerConfigDir(options.privateDockerConfigRoot, JSON.stringify([authorizationKey(run), host]));
      this.deps.dockerConfig.preparePrivateDockerConfig(configDir, host, options.userDockerConfigDir);
      // What is on disk decides, not what this window remembers: another window may have logged in since.
      if (this.deps.dockerConfig.hasLogin(configDir, host, authorization)) {
        run.info(`Already logged in to ${host} with this token; skipping docker login.`);
        return { configDir };
      }
    }
    run.throwIfCancelled();
    run.info(`docker${configDir ? ` --config ${configDir}` : ''} login --username ${authorization.username} --password-stdin ${host}`);
    try {
      await this.deps.docker.login(host, authorization.username, authorization.password, configDir, run.signal);
    } catch (error) {
      // A token the registry refused is never handed out again.
      this.deps.tokens.invalidate(authorizationKey(run));
      this.deps.logins.forget(host, undefined);
      throw error;
    }
    if (!configDir) {
      this.deps.logins.recordLogin(host, undefined, authorization);
    }
    run.info(`Logged in to ${host}.`);
    return { configDir };
  }

  /** The registry refused the login this run used: it is not remembered as valid any more. */
  forget(login: DockerLogin): void {
    if (this.current) {
      this.deps.logins.forget(this.current.registryHost, login.configDir);
    }
  }

  /**
   * The selected identity as environment variables for a docker process whose credential helper runs
   * the AWS chain itself (ecr-login): the same keys the run uses, and no profile to override them.
   * Environment only, never argv; the values are registered with the redactor like every secret.
   */
  private async identityEnvironment(): Promise<NodeJS.ProcessEnv> {
    const { run } = this;
    const credentials = await run.session.credentials();
    run.learnSecrets(credentials.secretAccessKey, credentials.sessionToken);
    return {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_REGION: run.region,
      AWS_DEFAULT_REGION: run.region,
      AWS_PROFILE: undefined,
      AWS_DEFAULT_PROFILE: undefined,
      ...(run.options.endpoint ? { AWS_ENDPOINT_URL_ECR: run.options.endpoint } : {}),
    };
  }
}

export function formatTime(date: Date | undefined): string {
  return date ? date.toISOString() : 'unknown';
}
