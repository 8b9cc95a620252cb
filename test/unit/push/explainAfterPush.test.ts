/**
 * The explainer's words for what comes after a push: scans (no scan, unsupported image, the daily
 * manual-scan quota), adding a tag (immutable tag, a tag ECR refuses, an image that is gone) and pulls
 * (a tag the registry does not have, and remedies that say "pull again", not "push again").
 */
import * as assert from 'node:assert/strict';
import {
  ImageNotFoundException,
  ImageTagAlreadyExistsException,
  InvalidParameterException,
  LimitExceededException,
  ScanNotFoundException,
  UnsupportedImageTypeException,
} from '@aws-sdk/client-ecr';
import { classifyDockerOutput, DockerError } from '../../../src/docker/dockerErrors';
import { ImageManifestError } from '../../../src/ecr/EcrCatalog';
import { explainError, type ErrorContext } from '../../../src/push/explainError';
import { readCaptured } from '../fakeCli/paths';

const IMAGE: ErrorContext = { repository: 'team/app', region: 'us-east-1', image: 'team/app:1.0' };
const metadata = { $metadata: { httpStatusCode: 400 } };

describe('explainError: after a push', () => {
  it('ScanNotFoundException → scanNotFound: why there is no scan, and to run Scan Image', () => {
    const error = explainError(new ScanNotFoundException({ message: 'Image scan does not exist for the image', ...metadata }), {
      ...IMAGE,
      operation: 'DescribeImageScanFindings',
    });
    assert.equal(error.code, 'scanNotFound');
    assert.equal(
      error.message,
      'The image team/app:1.0 has no scan: scan on push is off for the repository, or the image was pushed before it was turned on.',
    );
    assert.equal(error.remedy, 'Run "Scan Image" on it (ECR allows one manual scan per image per day).');
    assert.equal(error.headline, 'The image has no scan');
  });

  it('UnsupportedImageTypeException → scanUnsupported, quoting AWS', () => {
    const error = explainError(
      new UnsupportedImageTypeException({ message: 'The image is of a type that cannot be scanned.', ...metadata }),
      { ...IMAGE, operation: 'StartImageScan' },
    );
    assert.equal(error.code, 'scanUnsupported');
    assert.match(
      error.message,
      /^ECR cannot scan team\/app:1\.0: its operating system or package manager is not supported by basic scanning\. AWS said: The image is of a type that cannot be scanned\.$/,
    );
  });

  it('LimitExceededException on StartImageScan → the once-a-day rule, not a service quota', () => {
    const error = explainError(
      new LimitExceededException({ message: 'The scan quota per image has been exceeded. Wait and try again.', ...metadata }),
      { ...IMAGE, operation: 'StartImageScan' },
    );
    assert.equal(error.code, 'limitExceeded');
    assert.match(error.message, /^ECR allows one manual scan per image per day, and team\/app:1\.0 was already scanned today\./);
    assert.equal(error.remedy, 'Show the findings of that scan, or scan again tomorrow.');
    // Elsewhere it is still the service quota.
    assert.match(
      explainError(new LimitExceededException({ message: 'x', ...metadata }), { operation: 'CreateRepository' }).message,
      /service quota/,
    );
  });

  it('ImageTagAlreadyExistsException → tagImmutable naming the tag and the repository', () => {
    const error = explainError(
      new ImageTagAlreadyExistsException({
        message:
          "The image tag 'stable' already exists in the 'team/app' repository and cannot be overwritten because the repository is immutable.",
        ...metadata,
      }),
      { ...IMAGE, operation: 'PutImage', tag: 'stable' },
    );
    assert.equal(error.code, 'tagImmutable');
    assert.equal(error.message, 'The tag "stable" already exists in team/app, which has immutable tags: ECR does not move it.');
    assert.equal(error.remedy, 'Choose a tag that is not in use yet. Nothing was changed.');
  });

  it('InvalidParameterException on PutImage → the tag was refused, with the tag rule', () => {
    const error = explainError(
      new InvalidParameterException({ message: "Invalid parameter at 'imageTag' failed to satisfy constraint", ...metadata }),
      { ...IMAGE, operation: 'PutImage', tag: 'x!' },
    );
    assert.equal(error.code, 'invalidInput');
    assert.match(error.message, /^ECR refused the tag "x!"\. AWS said: Invalid parameter at 'imageTag'/);
    assert.match(error.remedy, /Nothing was changed\.$/);
  });

  it('an image that is gone → remoteImageNotFound, from ECR (ImageNotFound, BatchGetImage failure) and from a pull', () => {
    const fromEcr = explainError(new ImageNotFoundException({ message: 'The image with imageId … does not exist', ...metadata }), {
      ...IMAGE,
      operation: 'StartImageScan',
    });
    assert.equal(fromEcr.code, 'remoteImageNotFound');
    assert.match(fromEcr.message, /^The image team\/app:1\.0 does not exist\. AWS said: /);

    const fromBatch = explainError(
      new ImageManifestError('ImageNotFound', 'ECR has no image team/app:gone: Requested image not found.'),
      IMAGE,
    );
    assert.equal(fromBatch.code, 'remoteImageNotFound');
    assert.equal(fromBatch.message, 'ECR has no image team/app:gone: Requested image not found.');

    const stderr = readCaptured('pull-missing-tag.stderr.txt');
    const fromPull = explainError(new DockerError(classifyDockerOutput(stderr), 'pull', stderr), { ...IMAGE, image: 'team/pull:nope' });
    assert.equal(fromPull.code, 'remoteImageNotFound');
    assert.match(
      fromPull.message,
      /^The registry has no image team\/pull:nope\. Docker said: Error response from daemon: manifest for .* not found: manifest unknown/,
    );
  });

  it('a pull that fails says "pull again", never "push again"', () => {
    const expired = explainError(new DockerError('tokenExpired', 'pull', 'denied: Your authorization token has expired.'), IMAGE);
    assert.match(expired.remedy, /^Pull again;/);
    const other = explainError(new DockerError('unknown', 'pull', 'something broke'), IMAGE);
    assert.equal(other.code, 'pullFailed');
    const denied = explainError(
      new DockerError('accessDenied', 'pull', 'denied: User is not authorized to perform: ecr:BatchGetImage'),
      IMAGE,
    );
    assert.match(denied.message, /^The registry denied the pull\./);
    assert.match(denied.remedy, /ecr:BatchGetImage and ecr:GetDownloadUrlForLayer/);
  });
});
