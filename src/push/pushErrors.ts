/**
 * The one error type users see, from a push or any other command: what happened and why (`message`),
 * what to do (`remedy`), a short `headline` for a tree row, and the actions the UI offers as buttons.
 * explainError.ts builds them from whatever failed. CLI stderr goes to the log, not here.
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
  /** The image build failed; the message holds the failing step's lines. */
  | 'buildFailed'
  /** A multi-platform build needs docker buildx, which is not installed. */
  | 'buildxMissing'
  /** A build runs the workspace's Dockerfile, which an untrusted workspace may not do. */
  | 'workspaceUntrusted'
  /** ECR answered but refused the change (BatchDeleteImage failures). */
  | 'ecrRefused'
  /** The image (tag or digest) is not in the ECR repository. */
  | 'remoteImageNotFound'
  | 'pullFailed'
  /** DescribeImageScanFindings: the image has no scan. */
  | 'scanNotFound'
  /** StartImageScan: ECR cannot scan this kind of image. */
  | 'scanUnsupported'
  | 'cancelled'
  | 'unexpected';

/** Buttons the UI can offer. The UI maps each to a command or a link. */
export type PushAction =
  | 'selectProfile'
  | 'setCredentials'
  | 'openAwsConfigDocs'
  | 'openIamDocs'
  | 'showLog'
  | 'retry'
  | 'openSettings'
  | 'installDocker'
  /** Open the docs on installing docker buildx. */
  | 'installBuildx'
  /** Open a terminal running `aws sso login --profile <profile>` (the profile is on the error's cause). */
  | 'runSsoLogin'
  /** Open VS Code's Workspace Trust editor. */
  | 'manageWorkspaceTrust';

export class PushError extends Error {
  /** A few words for a tree row ("No AWS credentials"); the message's first sentence when not given. */
  readonly headline: string;

  constructor(
    readonly code: PushErrorCode,
    message: string,
    readonly remedy: string,
    readonly actions: readonly PushAction[] = ['showLog'],
    options?: { cause?: unknown; headline?: string },
  ) {
    super(message, options);
    this.name = 'PushError';
    this.headline = options?.headline ?? firstSentence(message);
  }

  /** The full sentence for a notification: what happened, why, and what to do. */
  get userMessage(): string {
    return this.remedy ? `${this.message} ${this.remedy}` : this.message;
  }
}

export function cancelledError(): PushError {
  return new PushError('cancelled', 'The push was cancelled.', '', []);
}

function firstSentence(text: string): string {
  const end = text.search(/[.:](\s|$)/);
  return end > 0 ? text.slice(0, end) : text;
}
