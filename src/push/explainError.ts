/**
 * The one error explainer. Whatever failed (docker, ECR, the credential chain, a bad argument), this turns
 * it into a PushError: what happened and why (`message`), what to do (`remedy`), a short `headline` for a
 * tree row, and the actions that help. Notifications, tree failure nodes and the log all show what it
 * returns, so one failure reads the same everywhere. AWS's own words are quoted through the redactor: an
 * error such as InvalidSignatureException can echo the request it refused.
 *
 * Its sentences go through `@vscode/l10n` (this layer cannot import vscode); the extension hands it VS Code's
 * bundle at activation. Each is built when an error is explained, never at load, so it is read translated.
 */
import * as l10n from '@vscode/l10n';
import { AuthorizationTokenError } from '../ecr/authorizationToken';
import { ImageDeleteError, ImageManifestError } from '../ecr/EcrCatalog';
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
  /** The image in ECR the action is about: `team/app:1.0` or `team/app@sha256:…`. */
  readonly image?: string;
  /** A tag being added (PutImage). */
  readonly tag?: string;
  /** Secret values the message must not show, on top of the redactor's patterns. */
  readonly secrets?: readonly string[];
}

/** What the user was doing during an AWS operation, in words. */
function doingFor(operation: string): string | undefined {
  switch (operation) {
    case 'DescribeRepositories':
      return l10n.t('checking the repository');
    case 'CreateRepository':
      return l10n.t('creating the repository');
    case 'GetAuthorizationToken':
      return l10n.t('getting an ECR login token');
    case 'DescribeImages':
      return l10n.t('verifying the pushed image');
    case 'StartImageScan':
      return l10n.t('starting the image scan');
    case 'DescribeImageScanFindings':
      return l10n.t('reading the scan findings');
    case 'BatchGetImage':
      return l10n.t('reading the image manifest');
    case 'PutImage':
      return l10n.t('adding the tag');
    default:
      return undefined;
  }
}

function setCredentialsRemedy(): string {
  return l10n.t(
    'Select a profile with "ECR: Select AWS Profile", set an access key with "ECR: Set AWS Credentials", or configure SSO or environment variables.',
  );
}

export function explainError(error: unknown, context: ErrorContext = {}): PushError {
  if (error instanceof PushError) {
    return error;
  }
  if (error instanceof MfaCancelledError) {
    return new PushError('cancelled', l10n.t('The MFA code was not entered.'), '', [], {
      cause: error,
      headline: l10n.t('Not signed in: the MFA code was not entered'),
    });
  }
  if (error instanceof SsoSessionExpiredError) {
    return new PushError(
      'credentialsMissing',
      l10n.t('SSO session expired for profile {0}: the AWS SSO login it uses is missing or has run out.', error.profile),
      l10n.t('Run "aws sso login --profile {0}", then retry.', error.profile),
      ['runSsoLogin', 'retry'],
      { cause: error, headline: l10n.t('SSO session expired for profile {0}', error.profile) },
    );
  }
  if (error instanceof CredentialsUnavailableError) {
    return new PushError(
      'credentialsMissing',
      error.message,
      setCredentialsRemedy(),
      ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
      {
        cause: error,
        headline: l10n.t('No AWS credentials'),
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
      l10n.t('This is a problem with the ECR endpoint; check ecrPush.endpoint.'),
      ['openSettings', 'showLog'],
      { cause: error, headline: l10n.t('ECR sent an unusable login token') },
    );
  }
  if (error instanceof ImageDeleteError) {
    return new PushError('ecrRefused', safe(error.message, context), l10n.t('Refresh the view and check the tag.'), ['showLog'], {
      cause: error,
      headline: l10n.t('ECR refused ({0})', error.failureCode),
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
    const what = safe(error instanceof Error ? error.message : String(error), context);
    return new PushError(
      'unexpected',
      context.doing
        ? l10n.t('Something failed unexpectedly while {0}: {1}', context.doing, what)
        : l10n.t('Something failed unexpectedly: {0}', what),
      l10n.t('See the log for details.'),
      ['showLog'],
      cause(l10n.t('Failed unexpectedly')),
    );
  }
  const doing = context.doing ?? (context.operation ? (doingFor(context.operation) ?? context.operation) : l10n.t('calling ECR'));
  const awsMessage = safe(classified.awsMessage, context);
  // AWS's own words, as a sentence of their own after the explanation.
  const aws = awsMessage ? ` ${l10n.t('AWS said: {0}', oneLine(awsMessage))}` : '';
  switch (classified.kind) {
    case 'cancelled':
      return cancelledError();
    case 'credentialsMissing':
      return new PushError(
        'credentialsMissing',
        l10n.t('Could not load AWS credentials.'),
        setCredentialsRemedy(),
        ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
        cause(l10n.t('No AWS credentials')),
      );
    case 'credentialsInvalid':
      return new PushError(
        'credentialsInvalid',
        l10n.t(
          'AWS rejected the credentials while {0} ({1}): the access key is unknown, the secret is wrong, or the session token has expired.',
          doing,
          classified.name,
        ),
        l10n.t('Set the access key again with "ECR: Set AWS Credentials", or select another profile or refresh its SSO login.'),
        ['selectProfile', 'setCredentials', 'openAwsConfigDocs'],
        cause(l10n.t('AWS rejected the credentials ({0})', classified.name)),
      );
    case 'accessDenied': {
      const permission = classified.missingPermission ?? (context.operation ? `ecr:${context.operation}` : l10n.t('an ECR permission'));
      return new PushError(
        'accessDenied',
        l10n.t('Access denied while {0}: your AWS identity lacks the {1} permission.', doing, permission) + aws,
        context.repository
          ? l10n.t('Ask your AWS administrator to allow {0} on {1}.', permission, context.repository)
          : l10n.t('Ask your AWS administrator to allow {0}.', permission),
        ['openIamDocs', 'showLog'],
        cause(l10n.t('Access denied: your identity lacks {0}', permission)),
      );
    }
    case 'throttled':
      return new PushError(
        'throttled',
        l10n.t('ECR kept throttling requests while {0}, even after retries.', doing),
        l10n.t('Wait a minute and try again.'),
        ['retry', 'showLog'],
        cause(l10n.t('ECR is throttling requests')),
      );
    case 'serverError':
      return new PushError(
        'awsServerError',
        l10n.t('ECR had an internal error while {0}.', doing) + aws,
        l10n.t('This is on the AWS side; try again in a moment.'),
        ['retry', 'showLog'],
        cause(l10n.t('ECR had an internal error ({0})', classified.name)),
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
        l10n.t('An ECR service quota was reached while {0}.', doing) + aws,
        l10n.t('Delete unused repositories or images, or request a quota increase in the Service Quotas console.'),
        ['showLog'],
        cause(l10n.t('An ECR service quota was reached')),
      );
    case 'endpointUnreachable':
    case 'timeout':
      return new PushError(
        'endpointUnreachable',
        context.region
          ? l10n.t('Could not reach the ECR API in {0} while {1} ({2}).', context.region, doing, classified.name)
          : l10n.t('Could not reach the ECR API while {0} ({1}).', doing, classified.name),
        l10n.t('Check your network or proxy, and the ecrPush.endpoint setting if you set one.'),
        ['openSettings', 'retry', 'showLog'],
        cause(
          context.region
            ? l10n.t('Cannot reach the ECR API in {0} ({1})', context.region, classified.name)
            : l10n.t('Cannot reach the ECR API ({0})', classified.name),
        ),
      );
    case 'repositoryNotFound':
      return new PushError(
        'repositoryNotFound',
        repositoryNotFound(context) + aws,
        l10n.t('Check the repository name and account.'),
        ['showLog'],
        cause(l10n.t('The repository does not exist')),
      );
    case 'repositoryExists':
      return new PushError(
        'invalidInput',
        (context.repository ? l10n.t('The repository {0} already exists.', context.repository) : l10n.t('The repository already exists.')) +
          aws,
        l10n.t('Choose another name.'),
        [],
        cause(l10n.t('The repository already exists')),
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
        l10n.t('ECR rejected the request while {0}.', doing) + aws,
        l10n.t('Correct the input and try again.'),
        ['showLog'],
        cause(l10n.t('ECR rejected the request')),
      );
    default:
      return new PushError(
        'unexpected',
        l10n.t('ECR failed while {0} ({1}).', doing, classified.name) + aws,
        l10n.t('See the log for details.'),
        ['showLog'],
        cause(l10n.t('{0} failed ({1})', capitalize(doing), classified.name)),
      );
  }
}

function fromDockerError(error: DockerError, context: ErrorContext): PushError {
  const options = { cause: error };
  if (error instanceof DockerBuildError) {
    return fromBuildError(error, context);
  }
  const pull = error.operation === 'pull';
  // DockerError messages already read "<cli> <op> failed: <stderr line>"; quote only what the CLI said.
  const said = safe(error.message, context).replace(/^(docker|podman|nerdctl|finch) [a-z ]+ failed:\s*/i, '');
  const detail = said ? ` ${l10n.t('{0} said: {1}', ENGINE_NAMES[error.engine ?? 'docker'], oneLine(said))}` : '';
  switch (error.kind) {
    case 'cancelled':
      return cancelledError();
    case 'cliNotFound':
      return new PushError(
        'dockerCliNotFound',
        l10n.t('The docker CLI could not be run.') + detail,
        l10n.t('Install Docker, or point the ecrPush.containerCommand setting at your docker (or compatible) executable.'),
        ['installDocker', 'openSettings'],
        options,
      );
    case 'daemonUnavailable': {
      const [what, remedy] = engineUnavailable(error.engine ?? 'docker', pull);
      return new PushError('dockerDaemonUnavailable', what, remedy, ['retry', 'showLog'], options);
    }
    case 'imageNotFound':
      return new PushError(
        'imageNotFound',
        context.source ? l10n.t('The local image "{0}" does not exist.', context.source) : l10n.t('The local image does not exist.'),
        l10n.t('Build or pull it first, or pick an image from the Local Images view.'),
        ['showLog'],
        options,
      );
    case 'loginFailed':
      return new PushError(
        'loginFailed',
        l10n.t('docker login to the ECR registry failed.') + detail,
        l10n.t('A "400 Bad Request" usually means the region does not match the registry; check the region and credentials.'),
        ['showLog'],
        options,
      );
    case 'tokenExpired':
    case 'noBasicAuth':
      return new PushError(
        'tokenExpired',
        l10n.t('The registry rejected the login token even after a fresh login.'),
        pull
          ? l10n.t('Pull again; if it keeps failing, check the system clock and your credentials.')
          : l10n.t('Push again; if it keeps failing, check the system clock and your credentials.'),
        ['retry', 'showLog'],
        options,
      );
    case 'repositoryNotFound':
      return new PushError(
        'repositoryNotFound',
        (context.repository
          ? l10n.t('The registry has no repository named {0}.', context.repository)
          : l10n.t('The registry has no repository named like that.')) + detail,
        l10n.t('Check the repository name and account; the extension creates missing repositories in your own account only.'),
        ['showLog'],
        options,
      );
    case 'tagImmutable':
      return new PushError(
        'tagImmutable',
        context.repository
          ? l10n.t('The tag already exists in {0}, which has immutable tags.', context.repository)
          : l10n.t('The tag already exists in the repository, which has immutable tags.'),
        l10n.t('Choose a new tag and push again.'),
        ['showLog'],
        options,
      );
    case 'accessDenied':
      return new PushError(
        'registryAccessDenied',
        (pull ? l10n.t('The registry denied the pull.') : l10n.t('The registry denied the push.')) + detail,
        pull
          ? l10n.t('Ask your AWS administrator for the ecr:BatchGetImage and ecr:GetDownloadUrlForLayer permissions.')
          : l10n.t(
              'Ask your AWS administrator for the ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage and ecr:BatchCheckLayerAvailability permissions.',
            ),
        ['openIamDocs', 'showLog'],
        options,
      );
    case 'rateLimited':
      return new PushError(
        'rateLimited',
        l10n.t('The registry is rate-limiting requests (toomanyrequests).'),
        pull ? l10n.t('Wait a minute and pull again.') : l10n.t('Wait a minute and push again.'),
        ['retry', 'showLog'],
        options,
      );
    case 'buildxMissing':
      return new PushError(
        'buildxMissing',
        l10n.t(
          'Building for several platforms needs docker buildx, and this docker has no buildx plugin ("docker buildx" is an unknown command).',
        ),
        l10n.t(
          'Install it: Docker Desktop includes it; on Linux install the docker-buildx-plugin package (or docker-buildx), or put the buildx binary in ~/.docker/cli-plugins. Then run "docker buildx create --use" for a builder that builds several platforms. Nothing was built or pushed.',
        ),
        ['installBuildx', 'showLog'],
        { ...options, headline: l10n.t('docker buildx is not installed') },
      );
    case 'timeout':
      return new PushError(
        pull ? 'pullFailed' : 'pushFailed',
        l10n.t('docker timed out.') + detail,
        pull ? l10n.t('Check that Docker is responsive and pull again.') : l10n.t('Check that Docker is responsive and push again.'),
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
        l10n.t('docker {0} failed.', error.operation) + detail,
        l10n.t('See the ECR Push log for docker’s full output.'),
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
  const step = error.failingStep ? safe(error.failingStep, context) : undefined;
  const why = lines.join('\n');
  const message = step
    ? lines.length > 0
      ? l10n.t('The image build failed at {0}:\n{1}', step, why)
      : l10n.t('The image build failed at {0}. The builder gave no reason; see the log.', step)
    : lines.length > 0
      ? l10n.t('The image build failed:\n{0}', why)
      : l10n.t('The image build failed. The builder gave no reason; see the log.');
  return new PushError(
    'buildFailed',
    message,
    l10n.t('Fix the Dockerfile or the build options and build again. Nothing was pushed.'),
    ['showLog', 'retry'],
    { cause: error, headline: step ? l10n.t('The build failed at {0}', step) : l10n.t('The build failed') },
  );
}

/** Per engine: what cannot be reached, and what to start (built when used, so in the user's language). */
function engineUnavailable(engine: EngineKind, pull: boolean): readonly [string, string] {
  switch (engine) {
    case 'podman':
      return [
        l10n.t('Cannot connect to Podman: its machine or service is not running, or CONTAINER_HOST points elsewhere.'),
        pull
          ? l10n.t(
              'Start it (`podman machine start` on macOS and Windows, `systemctl --user start podman.socket` for a remote service) and pull again.',
            )
          : l10n.t(
              'Start it (`podman machine start` on macOS and Windows, `systemctl --user start podman.socket` for a remote service) and push again.',
            ),
      ];
    case 'nerdctl':
      return [
        l10n.t('Cannot connect to containerd: nerdctl found no containerd socket.'),
        pull
          ? l10n.t(
              'Start containerd (`sudo systemctl start containerd`, or for rootless `containerd-rootless-setuptool.sh install`) and pull again.',
            )
          : l10n.t(
              'Start containerd (`sudo systemctl start containerd`, or for rootless `containerd-rootless-setuptool.sh install`) and push again.',
            ),
      ];
    case 'finch':
      return [
        l10n.t('The Finch VM is not running.'),
        pull
          ? l10n.t('Start it with `finch vm start` (or `finch vm init` the first time) and pull again.')
          : l10n.t('Start it with `finch vm start` (or `finch vm init` the first time) and push again.'),
      ];
    default:
      return [
        l10n.t('Cannot connect to the Docker daemon: it is not running, or DOCKER_HOST points elsewhere.'),
        pull
          ? l10n.t('Start Docker (Docker Desktop, or `sudo systemctl start docker`) and pull again.')
          : l10n.t('Start Docker (Docker Desktop, or `sudo systemctl start docker`) and push again.'),
      ];
  }
}

function repositoryNotFound(context: ErrorContext): string {
  if (context.repository) {
    return context.accountId
      ? l10n.t('The repository {0} does not exist in account {1}.', context.repository, context.accountId)
      : l10n.t('The repository {0} does not exist.', context.repository);
  }
  return context.accountId
    ? l10n.t('The repository does not exist in account {0}.', context.accountId)
    : l10n.t('The repository does not exist.');
}

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
