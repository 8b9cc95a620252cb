/**
 * Sorting AWS SDK errors and Node network failures into what a user can act on. Errors are built
 * with the SDK's own exception classes where one exists, so the `name` is the one the SDK sets.
 */
import * as assert from 'node:assert/strict';
import {
  ECRServiceException,
  InvalidParameterException,
  LimitExceededException,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  ImageNotFoundException,
  ServerException,
} from '@aws-sdk/client-ecr';
import { classifyEcrError, type EcrFailureKind } from '../../../src/ecr/ecrErrors';

/** An error as the SDK raises it for a service error type it has no class for. */
function serviceError(name: string, message = `${name} message`): Error {
  return new ECRServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** A Node socket error, as the SDK's http handler passes it on. */
function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4566`), { code });
}

const REAL_ACCESS_DENIED =
  'User: arn:aws:iam::123456789012:user/ci-deployer is not authorized to perform: ecr:CreateRepository on resource: ' +
  'arn:aws:ecr:us-east-1:123456789012:repository/team/app because no identity-based policy allows the ecr:CreateRepository action';

describe('classifyEcrError', () => {
  const byName: ReadonlyArray<[name: string, kind: EcrFailureKind]> = [
    ['UnrecognizedClientException', 'credentialsInvalid'],
    ['InvalidSignatureException', 'credentialsInvalid'],
    ['SignatureDoesNotMatch', 'credentialsInvalid'],
    ['IncompleteSignature', 'credentialsInvalid'],
    ['InvalidClientTokenId', 'credentialsInvalid'],
    ['ExpiredToken', 'credentialsInvalid'],
    ['ExpiredTokenException', 'credentialsInvalid'],
    ['RequestExpired', 'credentialsInvalid'],
    ['MissingAuthenticationToken', 'credentialsInvalid'],
    ['AccessDeniedException', 'accessDenied'],
    ['AccessDenied', 'accessDenied'],
    ['ThrottlingException', 'throttled'],
    ['Throttling', 'throttled'],
    ['TooManyRequestsException', 'throttled'],
    ['InternalFailure', 'serverError'],
    ['ServiceUnavailable', 'serverError'],
    ['ValidationException', 'invalidParameter'],
    ['TimeoutError', 'timeout'],
    ['RequestTimeout', 'timeout'],
    ['CredentialsProviderError', 'credentialsMissing'],
    ['SomethingNewException', 'unknown'],
  ];
  for (const [name, kind] of byName) {
    it(`${name} → ${kind}`, () => {
      const classified = classifyEcrError(serviceError(name));
      assert.equal(classified.kind, kind);
      assert.equal(classified.name, name);
      assert.equal(classified.awsMessage, `${name} message`);
    });
  }

  const sdkClasses: ReadonlyArray<[label: string, error: Error, kind: EcrFailureKind]> = [
    ['ServerException', new ServerException({ message: 'Internal error', $metadata: {} }), 'serverError'],
    [
      'LimitExceededException',
      new LimitExceededException({
        message: 'The operation did not succeed because it would have exceeded a service limit for your account.',
        $metadata: {},
      }),
      'limitExceeded',
    ],
    [
      'RepositoryNotFoundException',
      new RepositoryNotFoundException({
        message: "The repository with name 'app' does not exist in the registry with id '123456789012'",
        $metadata: {},
      }),
      'repositoryNotFound',
    ],
    ['RepositoryAlreadyExistsException', new RepositoryAlreadyExistsException({ message: 'exists', $metadata: {} }), 'repositoryExists'],
    [
      'ImageNotFoundException',
      new ImageNotFoundException({ message: "The image with imageId {imageTag:'1.0'} does not exist", $metadata: {} }),
      'imageNotFound',
    ],
    [
      'InvalidParameterException',
      new InvalidParameterException({ message: 'Invalid parameter at repositoryName', $metadata: {} }),
      'invalidParameter',
    ],
  ];
  for (const [label, error, kind] of sdkClasses) {
    it(`the SDK's ${label} → ${kind}`, () => {
      const classified = classifyEcrError(error);
      assert.equal(classified.kind, kind);
      assert.equal(classified.name, label);
      assert.equal(classified.awsMessage, error.message);
    });
  }

  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']) {
    it(`network code ${code} → endpointUnreachable, named by the code`, () => {
      const classified = classifyEcrError(networkError(code));
      assert.equal(classified.kind, 'endpointUnreachable');
      assert.equal(classified.name, code);
    });
  }

  it('finds a network code on the cause, as fetch-style wrappers carry it', () => {
    const error = new Error('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const classified = classifyEcrError(error);
    assert.equal(classified.kind, 'endpointUnreachable');
    assert.equal(classified.name, 'ECONNREFUSED');
  });

  it('ETIMEDOUT → timeout', () => {
    assert.equal(classifyEcrError(networkError('ETIMEDOUT')).kind, 'timeout');
  });

  it('a socket timeout message → timeout', () => {
    assert.equal(classifyEcrError(new Error('Connection timed out after 10000 ms')).kind, 'timeout');
    assert.equal(classifyEcrError(new Error('socket timeout')).kind, 'timeout');
  });

  it('AbortError → cancelled', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    assert.equal(classifyEcrError(abort).kind, 'cancelled');
    assert.equal(classifyEcrError(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })).kind, 'cancelled');
  });

  it('the SDK "Could not load credentials from any providers" message → credentialsMissing', () => {
    assert.equal(classifyEcrError(new Error('Could not load credentials from any providers')).kind, 'credentialsMissing');
  });

  it('names the missing permission of an AccessDeniedException', () => {
    const classified = classifyEcrError(serviceError('AccessDeniedException', REAL_ACCESS_DENIED));
    assert.equal(classified.kind, 'accessDenied');
    assert.equal(classified.missingPermission, 'ecr:CreateRepository');
  });

  it('gives no permission for other kinds', () => {
    assert.equal(classifyEcrError(serviceError('ThrottlingException', REAL_ACCESS_DENIED)).missingPermission, undefined);
  });

  for (const value of [undefined, null, 'a string', 42]) {
    it(`does not throw on ${String(value)}`, () => {
      const classified = classifyEcrError(value);
      assert.equal(classified.kind, 'unknown');
    });
  }
});

describe('classifyEcrError: the missing permission of an access denial', () => {
  /** The permission classifyEcrError names for an AccessDeniedException carrying `message`. */
  const missingPermissionFor = (message: string): string | undefined => {
    const classified = classifyEcrError(serviceError('AccessDeniedException', message));
    assert.equal(classified.kind, 'accessDenied');
    return classified.missingPermission;
  };

  it('extracts the action from a real identity-policy AccessDenied message', () => {
    assert.equal(missingPermissionFor(REAL_ACCESS_DENIED), 'ecr:CreateRepository');
  });

  it('extracts it from an assumed-role message with an explicit deny', () => {
    const message =
      'User: arn:aws:sts::123456789012:assumed-role/Dev/session is not authorized to perform: ecr:GetAuthorizationToken ' +
      'on resource: * with an explicit deny in a service control policy';
    assert.equal(missingPermissionFor(message), 'ecr:GetAuthorizationToken');
  });

  it('extracts a non-ECR permission such as kms:Decrypt', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/x is not authorized to perform: kms:GenerateDataKey on resource: ' +
      'arn:aws:kms:us-east-1:123456789012:key/abc because no identity-based policy allows the kms:GenerateDataKey action';
    assert.equal(missingPermissionFor(message), 'kms:GenerateDataKey');
  });

  it('falls back to any ecr: action named in the text', () => {
    assert.equal(missingPermissionFor('Access to ecr:DescribeImages was denied'), 'ecr:DescribeImages');
  });

  it('returns undefined when no permission is named', () => {
    assert.equal(missingPermissionFor('Access denied'), undefined);
  });
});
