/**
 * Sorting the AWS SDK's errors into the few cases a user can act on. Works on the error's `name`
 * (the `__type` of the AWS JSON answer) and Node's network codes, so it needs no SDK import.
 */

export type EcrFailureKind =
  | 'credentialsMissing'
  | 'credentialsInvalid'
  | 'accessDenied'
  | 'throttled'
  | 'serverError'
  | 'limitExceeded'
  | 'repositoryNotFound'
  | 'repositoryExists'
  | 'imageNotFound'
  /** PutImage: the tag exists and the repository's tags are immutable. */
  | 'tagAlreadyExists'
  /** DescribeImageScanFindings: the image has no scan. */
  | 'scanNotFound'
  /** StartImageScan: the image is of a type that cannot be scanned. */
  | 'unsupportedImage'
  | 'endpointUnreachable'
  | 'timeout'
  | 'cancelled'
  | 'invalidParameter'
  | 'unknown';

const CREDENTIALS_INVALID = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'MissingAuthenticationToken',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export interface ClassifiedEcrError {
  readonly kind: EcrFailureKind;
  /** The AWS error name (`__type`) or Node error code, for the log. */
  readonly name: string;
  /** AWS's own message, which names the resource and action; never holds a secret. */
  readonly awsMessage: string;
  /** For accessDenied: the `ecr:` (or other) permission named in the message. */
  readonly missingPermission?: string;
}

export function classifyEcrError(error: unknown): ClassifiedEcrError {
  const err = (error ?? {}) as { name?: string; code?: string; message?: string; cause?: unknown; $metadata?: unknown };
  const name = String(err.name ?? 'Error');
  const code = String(err.code ?? (err.cause as { code?: string } | undefined)?.code ?? '');
  const awsMessage = String(err.message ?? '');
  const kind = kindOf(name, code, awsMessage);
  const missingPermission = kind === 'accessDenied' ? permissionIn(awsMessage) : undefined;
  return { kind, name: code && kind === 'endpointUnreachable' ? code : name, awsMessage, missingPermission };
}

function kindOf(name: string, code: string, message: string): EcrFailureKind {
  if (name === 'AbortError' || code === 'ABORT_ERR') {
    return 'cancelled';
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test(message)) {
    return 'credentialsMissing';
  }
  if (CREDENTIALS_INVALID.has(name)) {
    return 'credentialsInvalid';
  }
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return 'accessDenied';
    case 'ThrottlingException':
    case 'Throttling':
    case 'TooManyRequestsException':
      return 'throttled';
    case 'ServerException':
    case 'InternalFailure':
    case 'ServiceUnavailable':
      return 'serverError';
    case 'LimitExceededException':
      return 'limitExceeded';
    case 'RepositoryNotFoundException':
      return 'repositoryNotFound';
    case 'RepositoryAlreadyExistsException':
      return 'repositoryExists';
    case 'ImageNotFoundException':
      return 'imageNotFound';
    case 'ImageTagAlreadyExistsException':
      return 'tagAlreadyExists';
    case 'ScanNotFoundException':
      return 'scanNotFound';
    case 'UnsupportedImageTypeException':
      return 'unsupportedImage';
    case 'InvalidParameterException':
    case 'ValidationException':
      return 'invalidParameter';
    case 'TimeoutError':
    case 'RequestTimeout':
      return 'timeout';
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    return 'endpointUnreachable';
  }
  if (code === 'ETIMEDOUT' || (/timed? ?out/i.test(message) && /socket|connection|request/i.test(message))) {
    return 'timeout';
  }
  return 'unknown';
}

/** `... is not authorized to perform: ecr:CreateRepository on resource ...` → `ecr:CreateRepository`. */
function permissionIn(message: string): string | undefined {
  return /\b(?:perform|action):?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1] ?? /\b(ecr:[A-Za-z]+)/.exec(message)?.[1];
}
