/**
 * Every PushError the one explainer produces, from AWS, docker and credential failures: the code, the
 * sentence that says what to do, the tree headline, and the buttons offered. DockerErrors are built as
 * src/docker/dockerErrors.ts builds them.
 */
import * as assert from 'node:assert/strict';
import { ECRServiceException, LimitExceededException, RepositoryNotFoundException, ServerException } from '@aws-sdk/client-ecr';
import { CredentialsUnavailableError, MfaCancelledError, SsoSessionExpiredError } from '../../../src/credentials/credentialErrors';
import { DockerBuildError, DockerError, classifyDockerOutput, type DockerFailureKind } from '../../../src/docker/dockerErrors';
import { AuthorizationTokenError } from '../../../src/ecr/authorizationToken';
import { ImageDeleteError } from '../../../src/ecr/EcrCatalog';
import { explainError, type ErrorContext } from '../../../src/push/explainError';
import { PushError } from '../../../src/push/pushErrors';

/** What a push of my-app:latest to team/app in eu-west-1 tells the explainer. */
const PUSH: ErrorContext = { source: 'my-app:latest', repository: 'team/app', region: 'eu-west-1' };

const fromEcrError = (error: unknown, operation: string, context: ErrorContext = PUSH) => explainError(error, { ...context, operation });
const fromDockerError = (error: DockerError) => explainError(error, PUSH);

function serviceError(name: string, message: string): Error {
  return new ECRServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** A docker failure from real stderr text, classified the way DockerCli does it. */
function dockerFailure(operation: string, stderr: string): DockerError {
  return new DockerError(classifyDockerOutput(stderr), operation, stderr);
}

describe('explainError: AWS failures', () => {
  it('credentials missing → selectProfile, setCredentials and openAwsConfigDocs', () => {
    const cause = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const error = fromEcrError(cause, 'DescribeRepositories');
    assert.ok(error instanceof PushError);
    assert.equal(error.code, 'credentialsMissing');
    assert.equal(error.message, 'Could not load AWS credentials.');
    assert.match(error.remedy, /ECR: Select AWS Profile.*ECR: Set AWS Credentials/);
    assert.deepEqual(error.actions, ['selectProfile', 'setCredentials', 'openAwsConfigDocs']);
    assert.equal(error.headline, 'No AWS credentials');
    assert.equal(error.cause, cause);
  });

  for (const name of ['UnrecognizedClientException', 'ExpiredTokenException', 'InvalidSignatureException']) {
    it(`${name} → credentialsInvalid, naming the operation and the AWS error`, () => {
      const error = fromEcrError(serviceError(name, 'The security token included in the request is invalid.'), 'GetAuthorizationToken');
      assert.equal(error.code, 'credentialsInvalid');
      assert.match(error.message, new RegExp(`while getting an ECR login token \\(${name}\\)`));
      assert.match(error.remedy, /Set AWS Credentials.*select another profile or refresh its SSO login/);
      assert.deepEqual(error.actions, ['selectProfile', 'setCredentials', 'openAwsConfigDocs']);
      assert.equal(error.headline, `AWS rejected the credentials (${name})`);
    });
  }

  it('AccessDenied names the missing ecr: permission from the AWS message and the repository', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:CreateRepository on resource: ' +
      'arn:aws:ecr:eu-west-1:123456789012:repository/team/app because no identity-based policy allows the ecr:CreateRepository action';
    const error = fromEcrError(serviceError('AccessDeniedException', message), 'CreateRepository');
    assert.equal(error.code, 'accessDenied');
    assert.match(
      error.message,
      /^Access denied while creating the repository: your AWS identity lacks the ecr:CreateRepository permission\./,
    );
    assert.match(error.message, /AWS said: User: arn:aws:iam::123456789012:user\/ci is not authorized/);
    assert.equal(error.remedy, 'Ask your AWS administrator to allow ecr:CreateRepository on team/app.');
    assert.deepEqual(error.actions, ['openIamDocs', 'showLog']);
    assert.equal(error.headline, 'Access denied: your identity lacks ecr:CreateRepository');
  });

  it('AccessDenied without a named permission falls back to ecr:<operation>', () => {
    const error = fromEcrError(serviceError('AccessDeniedException', 'Access denied'), 'DescribeImages');
    assert.equal(error.code, 'accessDenied');
    assert.match(error.message, /lacks the ecr:DescribeImages permission/);
  });

  it('ThrottlingException (after the SDK’s retries) → throttled with retry', () => {
    const error = fromEcrError(serviceError('ThrottlingException', 'Rate exceeded'), 'DescribeRepositories');
    assert.equal(error.code, 'throttled');
    assert.match(error.message, /kept throttling requests while checking the repository/);
    assert.match(error.remedy, /Wait a minute/);
    assert.deepEqual(error.actions, ['retry', 'showLog']);
  });

  it('ServerException → awsServerError with AWS’s message and retry', () => {
    const error = fromEcrError(
      new ServerException({ message: 'Internal service error', $metadata: { httpStatusCode: 500 } }),
      'GetAuthorizationToken',
    );
    assert.equal(error.code, 'awsServerError');
    assert.match(error.message, /internal error while getting an ECR login token\. AWS said: Internal service error/);
    assert.deepEqual(error.actions, ['retry', 'showLog']);
  });

  it('LimitExceededException → limitExceeded with the quota remedy and no retry button', () => {
    const error = fromEcrError(
      new LimitExceededException({
        message: 'The operation did not succeed because it would have exceeded a service limit for your account.',
        $metadata: {},
      }),
      'CreateRepository',
    );
    assert.equal(error.code, 'limitExceeded');
    assert.match(error.message, /service quota was reached while creating the repository/);
    assert.match(error.remedy, /Service Quotas/);
    assert.deepEqual(error.actions, ['showLog']);
  });

  for (const code of ['ECONNREFUSED', 'ENOTFOUND']) {
    it(`${code} → endpointUnreachable naming the region and offering settings`, () => {
      const error = fromEcrError(Object.assign(new Error(`connect ${code}`), { code }), 'DescribeRepositories');
      assert.equal(error.code, 'endpointUnreachable');
      assert.match(error.message, new RegExp(`Could not reach the ECR API in eu-west-1 while checking the repository \\(${code}\\)`));
      assert.match(error.remedy, /ecrPush\.endpoint/);
      assert.deepEqual(error.actions, ['openSettings', 'retry', 'showLog']);
    });
  }

  it('TimeoutError → endpointUnreachable', () => {
    const error = fromEcrError(Object.assign(new Error('Connection timed out after 30000 ms'), { name: 'TimeoutError' }), 'DescribeImages');
    assert.equal(error.code, 'endpointUnreachable');
    assert.match(error.message, /\(TimeoutError\)/);
  });

  it('RepositoryNotFoundException → repositoryNotFound naming the repository and account', () => {
    const error = fromEcrError(
      new RepositoryNotFoundException({ message: "The repository with name 'team/app' does not exist", $metadata: {} }),
      'DescribeImages',
      { ...PUSH, accountId: '210987654321' },
    );
    assert.equal(error.code, 'repositoryNotFound');
    assert.match(error.message, /^The repository team\/app does not exist in account 210987654321\./);
  });

  it('InvalidParameterException → invalidInput with AWS’s message', () => {
    const error = fromEcrError(serviceError('InvalidParameterException', 'Invalid parameter at registryId'), 'CreateRepository');
    assert.equal(error.code, 'invalidInput');
    assert.match(error.message, /ECR rejected the request while creating the repository\. AWS said: Invalid parameter at registryId/);
  });

  it('AbortError → cancelled', () => {
    const error = fromEcrError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'DescribeRepositories');
    assert.equal(error.code, 'cancelled');
    assert.equal(error.code, 'cancelled');
  });

  it('an unknown error → unexpected, naming the operation and AWS error name', () => {
    const error = fromEcrError(serviceError('BrandNewException', 'something new'), 'PutLifecyclePolicy');
    assert.equal(error.code, 'unexpected');
    assert.match(error.message, /ECR failed while PutLifecyclePolicy \(BrandNewException\)\. AWS said: something new/);
    assert.deepEqual(error.actions, ['showLog']);
  });

  it('folds a multi-line AWS message onto one line', () => {
    const error = fromEcrError(serviceError('ServerException', 'line one\nline two\r\n  line three'), 'DescribeRepositories');
    assert.match(error.message, /AWS said: line one line two line three$/);
  });

  it('a listing names what it was doing, and a missing repository in the context reads naturally', () => {
    const error = explainError(serviceError('ServerException', 'boom'), {
      operation: 'DescribeRepositories',
      doing: 'listing repositories',
      region: 'eu-west-1',
    });
    assert.equal(error.message, 'ECR had an internal error while listing repositories. AWS said: boom');
    const missing = explainError(new RepositoryNotFoundException({ message: 'gone', $metadata: {} }), { operation: 'DescribeImages' });
    assert.equal(missing.message, 'The repository does not exist. AWS said: gone');
  });

  it('an AWS message that echoes a session token or a secret key is masked before anyone sees it', () => {
    const sessionToken = `IQoJb3JpZ2luX2VjE${'A'.repeat(40)}${'b9/+'.repeat(40)}`;
    const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const aws = serviceError(
      'InvalidSignatureException',
      `The request signature we calculated does not match. The canonical request was x-amz-security-token:${sessionToken} and secret ${secretKey}`,
    );
    const error = explainError(aws, { operation: 'DescribeRepositories', secrets: ['registry-pw-1234'] });
    assert.doesNotMatch(error.message, /IQoJb3JpZ2luX2VjE/);
    assert.ok(!error.userMessage.includes(secretKey));
    const registry = explainError(serviceError('ServerException', 'echo registry-pw-1234'), { secrets: ['registry-pw-1234'] });
    assert.equal(registry.message, 'ECR had an internal error while calling ECR. AWS said: echo ***');
  });

  it('userMessage joins what happened and what to do', () => {
    const error = fromEcrError(serviceError('ThrottlingException', 'Rate exceeded'), 'DescribeRepositories');
    assert.equal(error.userMessage, `${error.message} ${error.remedy}`);
  });
});

describe('explainError: docker failures', () => {
  // Real docker CLI stderr for each case.
  const cases: ReadonlyArray<
    [label: string, operation: string, stderr: string, kind: DockerFailureKind, code: string, check: (e: PushError) => void]
  > = [
    [
      'CLI missing',
      'push',
      'spawn docker ENOENT',
      'cliNotFound',
      'dockerCliNotFound',
      (e) => {
        assert.match(e.remedy, /ecrPush\.containerCommand/);
        assert.deepEqual(e.actions, ['installDocker', 'openSettings']);
      },
    ],
    [
      'daemon down',
      'push',
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      'daemonUnavailable',
      'dockerDaemonUnavailable',
      (e) => {
        assert.match(e.message, /Cannot connect to the Docker daemon/);
        assert.match(e.remedy, /Start Docker/);
        assert.deepEqual(e.actions, ['retry', 'showLog']);
      },
    ],
    [
      'local image missing',
      'tag',
      'Error response from daemon: No such image: my-app:latest',
      'imageNotFound',
      'imageNotFound',
      (e) => {
        assert.match(e.message, /The local image "my-app:latest" does not exist\./);
        assert.match(e.remedy, /Build or pull it first/);
      },
    ],
    [
      'login failed (region mismatch)',
      'login',
      'Error response from daemon: login attempt to https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/ failed with status: 400 Bad Request',
      'loginFailed',
      'loginFailed',
      (e) => {
        assert.match(e.message, /^docker login to the ECR registry failed\. Docker said: .*400 Bad Request/);
        assert.match(e.remedy, /400 Bad Request.*region/);
      },
    ],
    [
      'token expired (after the one retry)',
      'push',
      'denied: Your authorization token has expired. Reauthenticate and try again.',
      'tokenExpired',
      'tokenExpired',
      (e) => {
        assert.match(e.message, /rejected the login token even after a fresh login/);
        assert.deepEqual(e.actions, ['retry', 'showLog']);
      },
    ],
    [
      'no basic auth credentials',
      'push',
      'no basic auth credentials',
      'noBasicAuth',
      'tokenExpired',
      (e) => assert.match(e.remedy, /system clock/),
    ],
    [
      'name unknown',
      'push',
      "name unknown: The repository with name 'team/app' does not exist in the registry with id '123456789012'",
      'repositoryNotFound',
      'repositoryNotFound',
      (e) => assert.match(e.message, /^The registry has no repository named team\/app\. Docker said: .*name unknown/),
    ],
    [
      'immutable tag',
      'push',
      "tag invalid: The image tag '1.0' already exists in the 'team/app' repository and cannot be overwritten because the repository is immutable.",
      'tagImmutable',
      'tagImmutable',
      (e) => {
        assert.match(e.message, /already exists in team\/app, which has immutable tags/);
        assert.equal(e.remedy, 'Choose a new tag and push again.');
      },
    ],
    [
      'denied not authorized',
      'push',
      'denied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:eu-west-1:123456789012:repository/team/app',
      'accessDenied',
      'registryAccessDenied',
      (e) => {
        assert.match(e.message, /The registry denied the push\. Docker said: .*ecr:InitiateLayerUpload/);
        assert.match(e.remedy, /ecr:InitiateLayerUpload.*ecr:PutImage/);
        assert.deepEqual(e.actions, ['openIamDocs', 'showLog']);
      },
    ],
    [
      'toomanyrequests',
      'push',
      'toomanyrequests: Rate exceeded',
      'rateLimited',
      'rateLimited',
      (e) => {
        assert.match(e.message, /rate-limiting requests \(toomanyrequests\)/);
        assert.deepEqual(e.actions, ['retry', 'showLog']);
      },
    ],
    [
      'unknown push failure',
      'push',
      'received unexpected HTTP status: 502 Bad Gateway',
      'unknown',
      'pushFailed',
      (e) => {
        assert.match(e.message, /^docker push failed\. Docker said: received unexpected HTTP status: 502 Bad Gateway/);
        assert.deepEqual(e.actions, ['showLog', 'retry']);
      },
    ],
    [
      'unknown tag failure',
      'tag',
      'Error parsing reference: "x" is not a valid repository/tag',
      'unknown',
      'tagFailed',
      (e) => assert.match(e.message, /^docker tag failed\./),
    ],
  ];

  for (const [label, operation, stderr, kind, code, check] of cases) {
    it(`${label} → ${code}`, () => {
      const docker = dockerFailure(operation, stderr);
      assert.equal(docker.kind, kind, 'the docker classifier agrees on the kind');
      const error = fromDockerError(docker);
      assert.ok(error instanceof PushError);
      assert.equal(error.code, code);
      assert.equal(error.cause, docker);
      check(error);
    });
  }

  it('timeout → pushFailed saying docker timed out, with retry', () => {
    const error = fromDockerError(new DockerError('timeout', 'push', ''));
    assert.equal(error.code, 'pushFailed');
    assert.match(error.message, /^docker timed out\. Docker said: docker push did not finish in time and was stopped\./);
    assert.deepEqual(error.actions, ['retry', 'showLog']);
  });

  it('cancelled → cancelled, never a failure', () => {
    const error = fromDockerError(new DockerError('cancelled', 'push', ''));
    assert.equal(error.code, 'cancelled');
    assert.equal(error.code, 'cancelled');
    assert.deepEqual(error.actions, []);
  });
});

describe('explainError: builds', () => {
  it('a failed build → buildFailed: the failing step in the message, its lines below, nothing pushed', () => {
    const error = explainError(
      new DockerBuildError('build', '', 'Step 3/4 : COPY missing.txt /missing.txt', [
        'Step 3/4 : COPY missing.txt /missing.txt',
        'COPY failed: file not found in build context',
      ]),
    );
    assert.equal(error.code, 'buildFailed');
    assert.equal(
      error.message,
      'The image build failed at Step 3/4 : COPY missing.txt /missing.txt:\nCOPY failed: file not found in build context',
    );
    assert.equal(error.headline, 'The build failed at Step 3/4 : COPY missing.txt /missing.txt');
    assert.match(error.remedy, /Nothing was pushed/);
    assert.deepEqual(error.actions, ['showLog', 'retry']);
  });

  it('a build that said nothing → points to the log; a secret-shaped value in a line is masked', () => {
    assert.match(explainError(new DockerBuildError('build', '', undefined, [])).message, /gave no reason; see the log/);
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const error = explainError(new DockerBuildError('build', '', undefined, [`error: bad ARG ${secret}`]), { secrets: [secret] });
    assert.ok(!error.message.includes(secret));
  });

  it('buildx missing → buildxMissing with how to get it and the docs button', () => {
    const error = explainError(new DockerError('buildxMissing', 'buildx version', 'docker: unknown command: docker buildx'));
    assert.equal(error.code, 'buildxMissing');
    assert.match(error.userMessage, /Docker Desktop includes it; on Linux install the docker-buildx-plugin package/);
    assert.deepEqual(error.actions, ['installBuildx', 'showLog']);
  });
});

describe('explainError: credentials, tokens, ECR refusals and the unexpected', () => {
  it('no credentials from the chain → credentialsMissing with the three fixes and the source in the message', () => {
    const error = explainError(new CredentialsUnavailableError('Could not load AWS credentials from AWS profile "dev" (no keys).'));
    assert.equal(error.code, 'credentialsMissing');
    assert.equal(error.message, 'Could not load AWS credentials from AWS profile "dev" (no keys).');
    assert.deepEqual(error.actions, ['selectProfile', 'setCredentials', 'openAwsConfigDocs']);
    assert.equal(error.headline, 'No AWS credentials');
  });

  it('an expired SSO login → Run aws sso login and Retry, naming the profile', () => {
    const cause = new SsoSessionExpiredError('sso-dev');
    const error = explainError(cause);
    assert.equal(error.code, 'credentialsMissing');
    assert.match(error.message, /^SSO session expired for profile sso-dev: /);
    assert.equal(error.remedy, 'Run "aws sso login --profile sso-dev", then retry.');
    assert.deepEqual(error.actions, ['runSsoLogin', 'retry']);
    assert.equal(error.headline, 'SSO session expired for profile sso-dev');
    assert.equal(error.cause, cause);
  });

  it('a dismissed MFA prompt is a cancellation, headlined for the tree', () => {
    const error = explainError(new MfaCancelledError());
    assert.equal(error.code, 'cancelled');
    assert.equal(error.headline, 'Not signed in: the MFA code was not entered');
  });

  it('an unusable authorization token points at the endpoint setting', () => {
    const error = explainError(new AuthorizationTokenError('ECR returned an empty authorization token.'));
    assert.equal(error.code, 'badAuthorizationToken');
    assert.deepEqual(error.actions, ['openSettings', 'showLog']);
  });

  it('a BatchDeleteImage failure keeps ECR’s reason', () => {
    const error = explainError(new ImageDeleteError('ImageTagDoesNotMatchDigest', 'ECR did not delete team/app:1.0: the tag moved.'));
    assert.equal(error.code, 'ecrRefused');
    assert.equal(error.message, 'ECR did not delete team/app:1.0: the tag moved.');
    assert.equal(error.headline, 'ECR refused (ImageTagDoesNotMatchDigest)');
  });

  it('a plain bug is "unexpected", not an ECR failure, and says what was being done', () => {
    const error = explainError(new TypeError('x is undefined'), { doing: 'pushing' });
    assert.equal(error.code, 'unexpected');
    assert.equal(error.message, 'Something failed unexpectedly while pushing: x is undefined');
  });

  it('a PushError passes through unchanged', () => {
    const given = new PushError('invalidInput', 'Bad.', 'Fix it.', []);
    assert.equal(explainError(given, PUSH), given);
  });
});
