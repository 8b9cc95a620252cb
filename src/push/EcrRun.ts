/**
 * What one run against ECR and its registry (a push, a pull) keeps while it goes: the session it opened,
 * the secrets it has seen, and one way to call ECR and to turn any failure into the explained PushError
 * (a refused identity drops its token and credentials, whichever run met it). No `vscode` import.
 */
import type { AuthorizationCache } from '../ecr/AuthorizationCache';
import type { EcrSession } from '../ecr/EcrSession';
import { explainError, type ErrorContext } from './explainError';
import { cancelledError, PushError } from './pushErrors';
import { authorizationKey, type LoginOptions, type LoginRun } from './registryLogin';

/** Where a run goes, for the token key and for the words of its errors. */
export interface RunTarget {
  readonly repository: string;
  readonly region: string;
  readonly accountId?: string;
  /** The local image of a push. */
  readonly source?: string;
  /** The image in the repository (`repo:tag`, `repo@sha256:…`) of a pull. */
  readonly image?: string;
}

/** The part of an observer every run reports to. Every message is already free of secrets. */
export interface RunObserver {
  info(message: string): void;
  /** Secret values the run learned (registry password, keys): whoever shows text must mask them. */
  secrets(values: readonly (string | undefined)[]): void;
}

export abstract class EcrRun implements LoginRun {
  private openedSession?: EcrSession;
  private readonly secretValues = new Set<string>();

  protected constructor(
    protected readonly tokens: AuthorizationCache,
    protected readonly target: RunTarget,
    readonly options: LoginOptions,
    private readonly runObserver: RunObserver,
    readonly signal: AbortSignal | undefined,
  ) {}

  get region(): string {
    return this.target.region;
  }

  get accountId(): string | undefined {
    return this.target.accountId;
  }

  /** The session the run opened; a run logs in only after opening one. */
  get session(): EcrSession {
    if (!this.openedSession) {
      throw new Error('the run has no ECR session yet');
    }
    return this.openedSession;
  }

  protected set session(session: EcrSession) {
    this.openedSession = session;
  }

  info(message: string): void {
    this.runObserver.info(message);
  }

  throwIfCancelled(): void {
    if (this.signal?.aborted) {
      throw cancelledError();
    }
  }

  /** Every secret this run has seen: its observer masks them in what it shows, and so do its errors. */
  learnSecrets(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value) {
        this.secretValues.add(value);
      }
    }
    this.runObserver.secrets(values);
  }

  async ecrCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
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
        this.tokens.invalidate(this.tokenKey());
      }
      if (explained.code === 'credentialsInvalid') {
        // Nor credentials AWS no longer accepts (a revoked session, a deleted key): resolve them again next time.
        this.openedSession?.forgetCredentials();
      }
      throw explained;
    }
  }

  /** The key of this run's token (before a session opens, with no identity: nothing is cached under it). */
  protected tokenKey() {
    return authorizationKey({
      session: this.openedSession,
      region: this.target.region,
      accountId: this.target.accountId,
      options: this.options,
    });
  }

  protected errorContext(operation?: string): ErrorContext {
    const { target } = this;
    return {
      operation,
      repository: target.repository,
      region: target.region,
      accountId: target.accountId,
      source: target.source,
      image: target.image,
      secrets: [...this.secretValues],
    };
  }

  /** Any failure of the run as the one explained error; a cancelled run is "cancelled" whatever broke. */
  protected toPushError(error: unknown): PushError {
    if (!(error instanceof PushError) && this.signal?.aborted) {
      return cancelledError();
    }
    return explainError(error, this.errorContext());
  }
}
