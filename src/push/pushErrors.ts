/**
 * The one error type the push pipeline raises. Each carries what happened and why (`message`), what to
 * do (`remedy`), and the actions the UI can offer as buttons. CLI stderr goes to the log, not here.
 */

export type PushErrorCode =
  | 'invalidInput'
  | 'dockerCliNotFound'
  | 'dockerDaemonUnavailable'
  | 'imageNotFound'
  | 'credentialsMissing'
  | 'credentialsInvalid'
  | 'accessDenied'
  | 'endpointUnreachable'
  | 'throttled'
  | 'awsServerError'
  | 'limitExceeded'
  | 'badAuthorizationToken'
  | 'loginFailed'
  | 'tagFailed'
  | 'tokenExpired'
  | 'repositoryNotFound'
  | 'tagImmutable'
  | 'registryAccessDenied'
  | 'rateLimited'
  | 'pushFailed'
  | 'verificationFailed'
  | 'cancelled'
  | 'unexpected';

/** Buttons the UI can offer. The UI maps each to a command or a link. */
export type PushAction =
  | 'setCredentials'
  | 'openAwsConfigDocs'
  | 'openIamDocs'
  | 'showLog'
  | 'retry'
  | 'openSettings'
  | 'installDocker'
  | 'copyImageUri'
  /** Open a terminal running `aws sso login --profile <profile>` (the profile is on the error's cause). */
  | 'runSsoLogin';

export class PushError extends Error {
  constructor(
    readonly code: PushErrorCode,
    message: string,
    readonly remedy: string,
    readonly actions: readonly PushAction[] = ['showLog'],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PushError';
  }

  /** The full sentence for a notification: what happened, why, and what to do. */
  get userMessage(): string {
    return this.remedy ? `${this.message} ${this.remedy}` : this.message;
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof PushError && error.code === 'cancelled';
}

export function cancelledError(): PushError {
  return new PushError('cancelled', 'The push was cancelled.', '', []);
}
