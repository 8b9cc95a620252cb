/**
 * Turns docker's and AWS's failures into PushErrors a user can act on: what happened, why, what to do.
 */
import type { DockerError } from '../docker/dockerErrors';
import { classifyEcrError } from '../ecr/ecrErrors';
import { cancelledError, PushError } from './pushErrors';
import type { PushRequest } from './pushRequest';

const OPERATION_DOING: Readonly<Record<string, string>> = {
  DescribeRepositories: 'checking the repository',
  CreateRepository: 'creating the repository',
  GetAuthorizationToken: 'getting an ECR login token',
  DescribeImages: 'verifying the pushed image',
};

export function fromEcrError(error: unknown, operation: string, request: PushRequest): PushError {
  const classified = classifyEcrError(error);
  const doing = OPERATION_DOING[operation] ?? operation;
  const aws = classified.awsMessage ? ` AWS said: ${oneLine(classified.awsMessage)}` : '';
  const options = { cause: error };
  switch (classified.kind) {
    case 'cancelled':
      return cancelledError();
    case 'credentialsMissing':
      return new PushError(
        'credentialsMissing',
        'Could not load AWS credentials.',
        'Set an access key with "ECR: Set AWS Credentials", or configure a profile, SSO or environment variables.',
        ['setCredentials', 'openAwsConfigDocs'],
        options,
      );
    case 'credentialsInvalid':
      return new PushError(
        'credentialsInvalid',
        `AWS rejected the credentials while ${doing} (${classified.name}): the access key is unknown, the secret is wrong, or the session token has expired.`,
        'Set the access key again with "ECR: Set AWS Credentials", or refresh your profile or SSO login.',
        ['setCredentials', 'openAwsConfigDocs'],
        options,
      );
    case 'accessDenied': {
      const permission = classified.missingPermission ?? `ecr:${operation}`;
      return new PushError(
        'accessDenied',
        `Access denied while ${doing}: your AWS identity lacks the ${permission} permission.${aws}`,
        `Ask your AWS administrator to allow ${permission} on ${request.repository}.`,
        ['openIamDocs', 'showLog'],
        options,
      );
    }
    case 'throttled':
      return new PushError(
        'throttled',
        `ECR kept throttling requests while ${doing}, even after retries.`,
        'Wait a minute and push again.',
        ['retry', 'showLog'],
        options,
      );
    case 'serverError':
      return new PushError(
        'awsServerError',
        `ECR had an internal error while ${doing}.${aws}`,
        'This is on the AWS side; push again in a moment.',
        ['retry', 'showLog'],
        options,
      );
    case 'limitExceeded':
      return new PushError(
        'limitExceeded',
        `An ECR service quota was reached while ${doing}.${aws}`,
        'Delete unused repositories or images, or request a quota increase in the Service Quotas console.',
        ['showLog'],
        options,
      );
    case 'endpointUnreachable':
    case 'timeout':
      return new PushError(
        'endpointUnreachable',
        `Could not reach the ECR API in ${request.region} while ${doing} (${classified.name}).`,
        'Check your network or proxy, and the ecrPush.endpoint setting if you set one.',
        ['openSettings', 'retry', 'showLog'],
        options,
      );
    case 'repositoryNotFound':
      return new PushError(
        'repositoryNotFound',
        `The repository ${request.repository} does not exist${request.accountId ? ` in account ${request.accountId}` : ''}.${aws}`,
        'Check the repository name and account.',
        ['showLog'],
        options,
      );
    case 'invalidParameter':
      return new PushError(
        'invalidInput',
        `ECR rejected the request while ${doing}.${aws}`,
        'Correct the input and push again.',
        ['showLog'],
        options,
      );
    default:
      return new PushError(
        'unexpected',
        `ECR failed while ${doing} (${classified.name}).${aws}`,
        'See the log for details.',
        ['showLog'],
        options,
      );
  }
}

export function fromDockerError(error: DockerError, request: PushRequest): PushError {
  const options = { cause: error };
  // DockerError messages already read "docker <op> failed: <stderr line>"; quote only what docker said.
  const said = error.message.replace(/^docker [a-z ]+ failed:\s*/i, '');
  const detail = said ? ` Docker said: ${oneLine(said)}` : '';
  switch (error.kind) {
    case 'cancelled':
      return cancelledError();
    case 'cliNotFound':
      return new PushError(
        'dockerCliNotFound',
        `The docker CLI could not be run.${detail}`,
        'Install Docker, or point the ecrPush.containerCommand setting at your docker (or compatible) executable.',
        ['installDocker', 'openSettings'],
        options,
      );
    case 'daemonUnavailable':
      return new PushError(
        'dockerDaemonUnavailable',
        'Cannot connect to the Docker daemon: it is not running, or DOCKER_HOST points elsewhere.',
        'Start Docker (Docker Desktop, or `sudo systemctl start docker`) and push again.',
        ['retry', 'showLog'],
        options,
      );
    case 'imageNotFound':
      return new PushError(
        'imageNotFound',
        `The local image "${request.source}" does not exist.`,
        'Build or pull it first, or pick an image from the Local Images view.',
        ['showLog'],
        options,
      );
    case 'loginFailed':
      return new PushError(
        'loginFailed',
        `docker login to the ECR registry failed.${detail}`,
        'A "400 Bad Request" usually means the region does not match the registry; check the region and credentials.',
        ['showLog'],
        options,
      );
    case 'tokenExpired':
    case 'noBasicAuth':
      return new PushError(
        'tokenExpired',
        'The registry rejected the login token even after a fresh login.',
        'Push again; if it keeps failing, check the system clock and your credentials.',
        ['retry', 'showLog'],
        options,
      );
    case 'repositoryNotFound':
      return new PushError(
        'repositoryNotFound',
        `The registry has no repository named ${request.repository}.${detail}`,
        'Check the repository name and account; the extension creates missing repositories in your own account only.',
        ['showLog'],
        options,
      );
    case 'tagImmutable':
      return new PushError(
        'tagImmutable',
        `The tag already exists in ${request.repository}, which has immutable tags.`,
        'Choose a new tag and push again.',
        ['showLog'],
        options,
      );
    case 'accessDenied':
      return new PushError(
        'registryAccessDenied',
        `The registry denied the push.${detail}`,
        'Ask your AWS administrator for the ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchCheckLayerAvailability permissions.',
        ['openIamDocs', 'showLog'],
        options,
      );
    case 'rateLimited':
      return new PushError(
        'rateLimited',
        'The registry is rate-limiting requests (toomanyrequests).',
        'Wait a minute and push again.',
        ['retry', 'showLog'],
        options,
      );
    case 'timeout':
      return new PushError(
        'pushFailed',
        `docker timed out.${detail}`,
        'Check that Docker is responsive and push again.',
        ['retry', 'showLog'],
        options,
      );
    default:
      return new PushError(
        error.operation === 'tag' ? 'tagFailed' : 'pushFailed',
        `docker ${error.operation} failed.${detail}`,
        'See the ECR Push log for docker’s full output.',
        ['showLog', 'retry'],
        options,
      );
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
