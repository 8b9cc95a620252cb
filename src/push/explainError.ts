/**
 * The one error explainer. Whatever failed (docker, ECR, the credential chain, a bad argument), this turns
 * it into a PushError: what happened and why (`message`), what to do (`remedy`), a short `headline` for a
 * tree row, and the actions that help. Notifications, tree failure nodes and the log all show what it
 * returns, so one failure reads the same everywhere. AWS's own words are quoted through the redactor: an
 * error such as InvalidSignatureException can echo the request it refused.
 */
import { AuthorizationTokenError } from '../ecr/authorizationToken';
import { ImageDeleteError } from '../ecr/EcrCatalog';
import { classifyEcrError } from '../ecr/ecrErrors';
import { CredentialsUnavailableError, MfaCancelledError, SsoSessionExpiredError } from '../credentials/credentialErrors';
import { ENGINE_NAMES, type EngineKind } from '../docker/containerEngine';
import { DockerBuildError, DockerError } from '../docker/dockerErrors';
import { redact } from '../process/redaction';
import { cancelledError, PushError } from './pushErrors';

/** What was being done when the error happened; every field is optional and only sharpens the message. */
export interface ErrorContext {
  /** The AWS operation (DescribeRepositories, …) or the docker step; names the missing `ecr:` permission. */
  readonly operation?: string;
  /** What the user was doing, in words ("listing repositories"); defaults from `operation`. */
  readonly doing?: string;
  readonly repository?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** The local image of a push. */
  readonly source?: string;
  /** Secret values the message must not show, on top of the redactor's patterns. */
  readonly secrets?: readonly string[];
}

const DOING: Readonly<Record<string, string>> = {
  DescribeRepositories: 'checking the repository',
  CreateRepository: 'creating the repository',
  GetAuthorizationToken: 'getting an ECR login token',
  DescribeImages: 'verifying the pushed image',
};

const SET_CREDENTIALS_REMEDY =
  'Select a profile with "ECR: Select AWS Profile", set an access key with "ECR: Set AWS Credentials", or configure SSO or environment variables.';

export function explainError(error: unknown, context: ErrorContext = {}): PushError {
  if (error instanceof PushError) {
    return error;
  }
  if (error instanceof MfaCancelledError) {
    return new PushError('cancelled', 'The MFA code was not entered.', '', [], {
      cause: error,
      headline: 'Not signed in: the MFA code was not entered',
    });
  }
  if (error instanceof SsoSessionExpiredError) {
    return new PushError(
      'credentialsMissing',
      `SSO session expired for profile ${error.profile}: the AWS SSO login it uses is missing or has run out.`,
      `Run "aws sso login --profile ${error.profile}", then retry.`,
      ['runSsoLogin', 'retry'],
      { cause: error, headline: `SSO session expired for profile ${error.profile}` },
    );
  }
  if (error instanceof CredentialsUnavailableError) {
    return new PushError(
      'credentialsMissing',
      error.message,
      SET_CREDENTIALS_REMEDY,
      ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
      {
        cause: error,
        headline: 'No AWS credentials',
      },
    );
  }
  if (error instanceof DockerError) {
    return fromDockerError(error, context);
  }
  if (error instanceof AuthorizationTokenError) {
    return new PushError(
      'badAuthorizationToken',
      error.message,
      'This is a problem with the ECR endpoint; check ecrPush.endpoint.',
      ['openSettings', 'showLog'],
      { cause: error, headline: 'ECR sent an unusable login token' },
    );
  }
  if (error instanceof ImageDeleteError) {
    return new PushError('ecrRefused', safe(error.message, context), 'Refresh the view and check the tag.', ['showLog'], {
      cause: error,
      headline: `ECR refused (${error.failureCode})`,
    });
  }
  return fromEcrError(error, context);
}

function fromEcrError(error: unknown, context: ErrorContext): PushError {
  const classified = classifyEcrError(error);
  const cause = (headline: string) => ({ cause: error, headline });
  if (classified.kind === 'unknown' && !isAwsServiceError(error)) {
    const what = error instanceof Error ? error.message : String(error);
    const during = context.doing ? ` while ${context.doing}` : '';
    return new PushError(
      'unexpected',
      `Something failed unexpectedly${during}: ${safe(what, context)}`,
      'See the log for details.',
      ['showLog'],
      cause('Failed unexpectedly'),
    );
  }
  const doing = context.doing ?? (context.operation ? (DOING[context.operation] ?? context.operation) : 'calling ECR');
  const awsMessage = safe(classified.awsMessage, context);
  const aws = awsMessage ? ` AWS said: ${oneLine(awsMessage)}` : '';
  const region = context.region ? ` in ${context.region}` : '';
  const theRepository = context.repository ? `The repository ${context.repository}` : 'The repository';
  switch (classified.kind) {
    case 'cancelled':
      return cancelledError();
    case 'credentialsMissing':
      return new PushError(
        'credentialsMissing',
        'Could not load AWS credentials.',
        SET_CREDENTIALS_REMEDY,
        ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
        cause('No AWS credentials'),
      );
    case 'credentialsInvalid':
      return new PushError(
        'credentialsInvalid',
        `AWS rejected the credentials while ${doing} (${classified.name}): the access key is unknown, the secret is wrong, or the session token has expired.`,
        'Set the access key again with "ECR: Set AWS Credentials", or select another profile or refresh its SSO login.',
        ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
        cause(`AWS rejected the credentials (${classified.name})`),
      );
    case 'accessDenied': {
      const permission = classified.missingPermission ?? (context.operation ? `ecr:${context.operation}` : 'an ECR permission');
      return new PushError(
        'accessDenied',
        `Access denied while ${doing}: your AWS identity lacks the ${permission} permission.${aws}`,
        `Ask your AWS administrator to allow ${permission}${context.repository ? ` on ${context.repository}` : ''}.`,
        ['openIamDocs', 'showLog'],
        cause(`Access denied: your identity lacks ${permission}`),
      );
    }
    case 'throttled':
      return new PushError(
        'throttled',
        `ECR kept throttling requests while ${doing}, even after retries.`,
        'Wait a minute and try again.',
        ['retry', 'showLog'],
        cause('ECR is throttling requests'),
      );
    case 'serverError':
      return new PushError(
        'awsServerError',
        `ECR had an internal error while ${doing}.${aws}`,
        'This is on the AWS side; try again in a moment.',
        ['retry', 'showLog'],
        cause(`ECR had an internal error (${classified.name})`),
      );
    case 'limitExceeded':
      return new PushError(
        'limitExceeded',
        `An ECR service quota was reached while ${doing}.${aws}`,
        'Delete unused repositories or images, or request a quota increase in the Service Quotas console.',
        ['showLog'],
        cause('An ECR service quota was reached'),
      );
    case 'endpointUnreachable':
    case 'timeout':
      return new PushError(
        'endpointUnreachable',
        `Could not reach the ECR API${region} while ${doing} (${classified.name}).`,
        'Check your network or proxy, and the ecrPush.endpoint setting if you set one.',
        ['openSettings', 'retry', 'showLog'],
        cause(`Cannot reach the ECR API${region} (${classified.name})`),
      );
    case 'repositoryNotFound':
      return new PushError(
        'repositoryNotFound',
        `${theRepository} does not exist${context.accountId ? ` in account ${context.accountId}` : ''}.${aws}`,
        'Check the repository name and account.',
        ['showLog'],
        cause('The repository does not exist'),
      );
    case 'repositoryExists':
      return new PushError(
        'invalidInput',
        `${theRepository} already exists.${aws}`,
        'Choose another name.',
        [],
        cause('The repository already exists'),
      );
    case 'invalidParameter':
      return new PushError(
        'invalidInput',
        `ECR rejected the request while ${doing}.${aws}`,
        'Correct the input and try again.',
        ['showLog'],
        cause('ECR rejected the request'),
      );
    default:
      return new PushError(
        'unexpected',
        `ECR failed while ${doing} (${classified.name}).${aws}`,
        'See the log for details.',
        ['showLog'],
        cause(`${capitalize(doing)} failed (${classified.name})`),
      );
  }
}

function fromDockerError(error: DockerError, context: ErrorContext): PushError {
  const options = { cause: error };
  if (error instanceof DockerBuildError) {
    return fromBuildError(error, context);
  }
  // DockerError messages already read "<cli> <op> failed: <stderr line>"; quote only what the CLI said.
  const said = safe(error.message, context).replace(/^(docker|podman|nerdctl|finch) [a-z ]+ failed:\s*/i, '');
  const detail = said ? ` ${ENGINE_NAMES[error.engine ?? 'docker']} said: ${oneLine(said)}` : '';
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
    case 'daemonUnavailable': {
      const [what, remedy] = ENGINE_UNAVAILABLE[error.engine ?? 'docker'];
      return new PushError('dockerDaemonUnavailable', what, remedy, ['retry', 'showLog'], options);
    }
    case 'imageNotFound':
      return new PushError(
        'imageNotFound',
        context.source ? `The local image "${context.source}" does not exist.` : 'The local image does not exist.',
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
        `The registry has no repository named ${context.repository ?? 'like that'}.${detail}`,
        'Check the repository name and account; the extension creates missing repositories in your own account only.',
        ['showLog'],
        options,
      );
    case 'tagImmutable':
      return new PushError(
        'tagImmutable',
        `The tag already exists in ${context.repository ?? 'the repository'}, which has immutable tags.`,
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
    case 'buildxMissing':
      return new PushError(
        'buildxMissing',
        'Building for several platforms needs docker buildx, and this docker has no buildx plugin ("docker buildx" is an unknown command).',
        'Install it: Docker Desktop includes it; on Linux install the docker-buildx-plugin package (or docker-buildx), or put the buildx binary in ~/.docker/cli-plugins. Then run "docker buildx create --use" for a builder that builds several platforms. Nothing was built or pushed.',
        ['installBuildx', 'showLog'],
        { ...options, headline: 'docker buildx is not installed' },
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

/**
 * A failed build, in the builder's own words: the step it failed at and that step's lines (its output and
 * the error), so the notification, the log and a task's terminal show why without opening anything.
 */
function fromBuildError(error: DockerBuildError, context: ErrorContext): PushError {
  const lines = error.lines.map((line) => safe(line, context)).filter((line) => line !== error.failingStep);
  const at = error.failingStep ? ` at ${safe(error.failingStep, context)}` : '';
  const why = lines.length > 0 ? `:\n${lines.join('\n')}` : '. The builder gave no reason; see the log.';
  return new PushError(
    'buildFailed',
    `The image build failed${at}${why}`,
    'Fix the Dockerfile or the build options and build again. Nothing was pushed.',
    ['showLog', 'retry'],
    { cause: error, headline: `The build failed${at}` },
  );
}

/** Per engine: what cannot be reached, and what to start. */
const ENGINE_UNAVAILABLE: Readonly<Record<EngineKind, readonly [string, string]>> = {
  docker: [
    'Cannot connect to the Docker daemon: it is not running, or DOCKER_HOST points elsewhere.',
    'Start Docker (Docker Desktop, or `sudo systemctl start docker`) and push again.',
  ],
  podman: [
    'Cannot connect to Podman: its machine or service is not running, or CONTAINER_HOST points elsewhere.',
    'Start it (`podman machine start` on macOS and Windows, `systemctl --user start podman.socket` for a remote service) and push again.',
  ],
  nerdctl: [
    'Cannot connect to containerd: nerdctl found no containerd socket.',
    'Start containerd (`sudo systemctl start containerd`, or for rootless `containerd-rootless-setuptool.sh install`) and push again.',
  ],
  finch: ['The Finch VM is not running.', 'Start it with `finch vm start` (or `finch vm init` the first time) and push again.'],
};

function isAwsServiceError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ('$metadata' in error || '$fault' in error);
}

/** AWS's and docker's words, with every secret the context knows and every secret-shaped run masked. */
function safe(text: string, context: ErrorContext): string {
  return redact(text, context.secrets);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
