import * as assert from 'assert';
import { classifyDockerOutput, DockerError, DockerFailureKind } from '../../../src/docker/dockerErrors';
import { readCaptured } from '../fakeCli/paths';

describe('classifyDockerOutput', () => {
  describe('real stderr captured from docker 28.2 against dockerd 20.10 and a distribution registry', () => {
    const captured: Array<[string, DockerFailureKind]> = [
      ['daemon-down.stderr.txt', 'daemonUnavailable'],
      ['daemon-down-image-ls.stderr.txt', 'daemonUnavailable'],
      ['daemon-down-tcp.stderr.txt', 'daemonUnavailable'],
      ['inspect-missing.stderr.txt', 'imageNotFound'],
      ['tag-missing.stderr.txt', 'imageNotFound'],
      ['push-missing.stderr.txt', 'imageNotFound'],
      ['login-401.stderr.txt', 'loginFailed'],
      ['push-no-auth.stderr.txt', 'noBasicAuth'],
      ['push-bad-credentials.stderr.txt', 'noBasicAuth'],
      ['login-ok.stderr.txt', 'unknown'], // only a warning: nothing failed
    ];
    for (const [file, kind] of captured) {
      it(`${file} -> ${kind}`, () => assert.strictEqual(classifyDockerOutput(readCaptured(file)), kind));
    }
  });

  // Texts the docker CLI prints for ECR and other conditions a local registry cannot produce; quoted
  // from ECR's and docker's messages (account ids and names are placeholders).
  const documented: Array<[string, DockerFailureKind]> = [
    ['exec: "docker": executable file not found in $PATH', 'cliNotFound'],
    ['spawn docker ENOENT', 'cliNotFound'],
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'daemonUnavailable'],
    [
      'error during connect: Get "http://%2F%2F.%2Fpipe%2FdockerDesktopLinuxEngine/v1.47/version": open //./pipe/dockerDesktopLinuxEngine: The system cannot find the file specified.',
      'daemonUnavailable',
    ],
    ['Error response from daemon: No such image: my-app:latest', 'imageNotFound'],
    ['Error: No such object: my-app:latest', 'imageNotFound'],
    [
      'Error response from daemon: login attempt to https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/ failed with status: 400 Bad Request',
      'loginFailed',
    ],
    [
      'Error response from daemon: login attempt to https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/ failed with status: 401 Unauthorized',
      'loginFailed',
    ],
    ['denied: Your authorization token has expired. Reauthenticate and try again.', 'tokenExpired'],
    ['no basic auth credentials', 'noBasicAuth'],
    ["name unknown: The repository with name 'my-app' does not exist in the registry with id '123456789012'", 'repositoryNotFound'],
    [
      "tag invalid: The image tag 'latest' already exists in the 'my-app' repository and cannot be overwritten because the repository is immutable.",
      'tagImmutable',
    ],
    [
      'denied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:123456789012:repository/my-app because no identity-based policy allows the ecr:InitiateLayerUpload action',
      'accessDenied',
    ],
    ['denied: requested access to the resource is denied', 'accessDenied'],
    ['toomanyrequests: Rate exceeded', 'rateLimited'],
    ['something else entirely', 'unknown'],
    ['', 'unknown'],
  ];
  for (const [text, kind] of documented) {
    it(`${JSON.stringify(text.slice(0, 70))} -> ${kind}`, () => assert.strictEqual(classifyDockerOutput(text), kind));
  }

  it('lets the daemon being down win over anything else in the same output', () => {
    assert.strictEqual(
      classifyDockerOutput('No such image: x\nCannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?'),
      'daemonUnavailable',
    );
  });
});

describe('DockerError message: the stderr line it quotes', () => {
  /** The message of a failed `docker push` with this stderr and no message of its own. */
  const pushFailure = (stderr: string): string => new DockerError('unknown', 'push', stderr).message;

  it('skips blank lines and whole warning paragraphs', () => {
    assert.strictEqual(pushFailure(readCaptured('login-ok.stderr.txt')), 'docker push failed.');
    assert.strictEqual(
      pushFailure('\nWARNING! something\nwrapped\n\nError response from daemon: No such image: x\n'),
      'docker push failed: Error response from daemon: No such image: x',
    );
    assert.strictEqual(pushFailure('first failure\nlast failure\n'), 'docker push failed: last failure');
    assert.strictEqual(pushFailure('   \n'), 'docker push failed.');
  });

  it('prefers the line that tells what failed over a later hint', () => {
    assert.strictEqual(
      pushFailure("denied: Your authorization token has expired. Reauthenticate and try again.\nSee 'docker push --help'.\nexit status 1"),
      'docker push failed: denied: Your authorization token has expired. Reauthenticate and try again.',
    );
  });
});

describe('DockerError', () => {
  it('carries kind, operation and stderr, with the meaningful line in its message', () => {
    const err = new DockerError('noBasicAuth', 'push', readCaptured('push-no-auth.stderr.txt'));
    assert.strictEqual(err.message, 'docker push failed: no basic auth credentials');
    assert.strictEqual(err.kind, 'noBasicAuth');
    assert.strictEqual(err.operation, 'push');
    assert.ok(err instanceof Error);
  });

  it('says something useful without stderr', () => {
    assert.strictEqual(new DockerError('cancelled', 'push', '').message, 'docker push was cancelled.');
    assert.strictEqual(new DockerError('timeout', 'login', '').message, 'docker login did not finish in time and was stopped.');
  });
});
