/**
 * The one error explainer. Whatever failed (docker, ECR, the credential chain, a bad argument), this turns
 * it into a PushError: what happened and why (`message`), what to do (`remedy`), a short `headline` for a
 * tree row, and the actions that help. Notifications, tree failure nodes and the log all show what it
 * returns, so one failure reads the same everywhere. AWS's own words are quoted through the redactor: an
 * error such as InvalidSignatureException can echo the request it refused.
 */
import { AuthorizationTokenError } from '../ecr/authorizationToken';
import { ImageDeleteError, ImageManifestError } from '../ecr/EcrCatalog';
import { classifyEcrError } from '../ecr/ecrErrors';
import { CredentialsUnavailableError, MfaCancelledError, SsoSessionExpiredError } from '../credentials/credentialErrors';
import { ENGINE_NAMES, type EngineKind } from '../docker/containerEngine';
import { DockerError } from '../docker/dockerErrors';
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
  /** The image in ECR the action is about: `team/app:1.0` or `team/app@sha256:…`. */
  readonly image?: string;
  /** A tag being added (PutImage). */
  readonly tag?: string;
  /** Secret values the message must not show, on top of the redactor's patterns. */
  readonly secrets?: readonly string[];
}

const DOING: Readonly<Record<string, string>> = {
  DescribeRepositories: 'checking the repository',
  CreateRepository: 'creating the repository',
  GetAuthorizationToken: 'getting an ECR login token',
  DescribeImages: 'verifying the pushed image',
  StartImageScan: 'starting the image scan',
  DescribeImageScanFindings: 'reading the scan findings',
  BatchGetImage: 'reading the image manifest',
  PutImage: 'adding the tag',
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
  if (error instanceof ImageManifestError) {
    return new PushError(
      'remoteImageNotFound',
      safe(error.message, context),
      'Refresh the ECR Repositories view: the tag may have moved or the image been deleted.',
      ['showLog'],
      { cause: error, headline: 'The image is not in the repository' },
    );
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
      if (context.operation === 'StartImageScan') {
        return new PushError(
          'limitExceeded',
          `ECR allows one manual scan per image per day, and ${context.image ?? 'this image'} was already scanned today.${aws}`,
          'Show the findings of that scan, or scan again tomorrow.',
          ['showLog'],
          cause('Already scanned today (one manual scan per image per day)'),
        );
      }
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
    case 'imageNotFound':
      return new PushError(
        'remoteImageNotFound',
        `${context.image ? `The image ${context.image}` : 'The image'} does not exist${context.repository && !context.image ? ` in ${context.repository}` : ''}.${aws}`,
        'Refresh the ECR Repositories view: the tag may have moved or the image been deleted.',
        ['showLog'],
        cause('The image is not in the repository'),
      );
    case 'tagAlreadyExists':
      return new PushError(
        'tagImmutable',
        `The tag${context.tag ? ` "${context.tag}"` : ''} already exists in ${context.repository ?? 'the repository'}, which has immutable tags: ECR does not move it.`,
        'Choose a tag that is not in use yet. Nothing was changed.',
        ['showLog'],
        cause('The tag exists and tags are immutable'),
      );
    case 'scanNotFound':
      return new PushError(
        'scanNotFound',
        `${context.image ? `The image ${context.image}` : 'The image'} has no scan: scan on push is off for the repository, or the image was pushed before it was turned on.`,
        'Run "Scan Image" on it (ECR allows one manual scan per image per day).',
        ['showLog'],
        cause('The image has no scan'),
      );
    case 'unsupportedImage':
      return new PushError(
        'scanUnsupported',
        `ECR cannot scan ${context.image ?? 'this image'}: its operating system or package manager is not supported by basic scanning.${aws}`,
        'There is nothing to fix in the image; enhanced scanning (Amazon Inspector) supports more image types.',
        ['showLog'],
        cause('Image type not supported by scanning'),
      );
    case 'invalidParameter':
      if (context.operation === 'PutImage') {
        return new PushError(
          'invalidInput',
          `ECR refused the tag${context.tag ? ` "${context.tag}"` : ''}.${aws}`,
          'A tag uses letters, digits, "_", "." and "-", at most 128 characters, not starting with "." or "-". Nothing was changed.',
          ['showLog'],
          cause('ECR refused the tag'),
        );
      }
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
  const pull = error.operation === 'pull';
  const again = pull ? 'pull again' : 'push again';
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
      const [what, start] = ENGINE_UNAVAILABLE[error.engine ?? 'docker'];
      return new PushError('dockerDaemonUnavailable', what, `${start} and ${again}.`, ['retry', 'showLog'], options);
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
        `${capitalize(again)}; if it keeps failing, check the system clock and your credentials.`,
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
        `The registry denied the ${pull ? 'pull' : 'push'}.${detail}`,
        pull
          ? 'Ask your AWS administrator for the ecr:BatchGetImage and ecr:GetDownloadUrlForLayer permissions.'
          : 'Ask your AWS administrator for the ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchCheckLayerAvailability permissions.',
        ['openIamDocs', 'showLog'],
        options,
      );
    case 'rateLimited':
      return new PushError(
        'rateLimited',
        'The registry is rate-limiting requests (toomanyrequests).',
        `Wait a minute and ${again}.`,
        ['retry', 'showLog'],
        options,
      );
    case 'timeout':
      return new PushError(
        pull ? 'pullFailed' : 'pushFailed',
        `docker timed out.${detail}`,
        `Check that Docker is responsive and ${again}.`,
        ['retry', 'showLog'],
        options,
      );
    case 'manifestNotFound':
      return new PushError(
        'remoteImageNotFound',
        `The registry has no image ${context.image ?? context.repository ?? 'like that'}.${detail}`,
        'Refresh the ECR Repositories view: the tag may have moved or the image been deleted.',
        ['showLog'],
        options,
      );
    default:
      return new PushError(
        error.operation === 'tag' ? 'tagFailed' : pull ? 'pullFailed' : 'pushFailed',
        `docker ${error.operation} failed.${detail}`,
        'See the ECR Push log for docker’s full output.',
        ['showLog', 'retry'],
        options,
      );
  }
}

/** Per engine: what cannot be reached, and what to start (the remedy ends "and push again" or "and pull again"). */
const ENGINE_UNAVAILABLE: Readonly<Record<EngineKind, readonly [string, string]>> = {
  docker: [
    'Cannot connect to the Docker daemon: it is not running, or DOCKER_HOST points elsewhere.',
    'Start Docker (Docker Desktop, or `sudo systemctl start docker`)',
  ],
  podman: [
    'Cannot connect to Podman: its machine or service is not running, or CONTAINER_HOST points elsewhere.',
    'Start it (`podman machine start` on macOS and Windows, `systemctl --user start podman.socket` for a remote service)',
  ],
  nerdctl: [
    'Cannot connect to containerd: nerdctl found no containerd socket.',
    'Start containerd (`sudo systemctl start containerd`, or for rootless `containerd-rootless-setuptool.sh install`)',
  ],
  finch: ['The Finch VM is not running.', 'Start it with `finch vm start` (or `finch vm init` the first time)'],
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
