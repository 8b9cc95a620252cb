/**
 * The fake ECR after a push, through the AWS SDK v3 and the real registry: scripted scans (basic and
 * enhanced, every status, ScanNotFound, the manual-scan quota), BatchGetImage returning the registry's
 * exact manifest bytes, and PutImage writing them under a new tag so the registry's own digest matches.
 */
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  PutImageCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FIXED_FINDINGS } from '../fixtures/fakeEcr/scanFindings';
import { makeImage } from '../fixtures/testImages';
import { control, dockerConfigDir, ecrClient, loginWithToken, rejection, sharedStack, tagAndPush, uniqueName } from './sharedStack';

describe('fake ECR after a push: scans, BatchGetImage, PutImage', () => {
  let configDir: string;
  let source: string;
  let otherSource: string;

  before(async function () {
    this.timeout(300_000);
    source = (await makeImage(sharedStack().dockerHost, `${uniqueName('fixture-after')}:1`, { sizeBytes: 512 * 1024, layers: 2 }))
      .reference;
    otherSource = (await makeImage(sharedStack().dockerHost, `${uniqueName('fixture-after-other')}:1`, { sizeBytes: 256 * 1024 }))
      .reference;
    configDir = dockerConfigDir();
    await loginWithToken(configDir);
  });

  beforeEach(() => control().reset());

  /** A new repository holding the test image under `tag`; returns its digest. */
  async function pushed(options: { scanOnPush: boolean; immutable?: boolean; tag?: string; image?: string }) {
    const repository = uniqueName('after/app');
    await ecrClient().send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageScanningConfiguration: { scanOnPush: options.scanOnPush },
        imageTagMutability: options.immutable ? 'IMMUTABLE' : 'MUTABLE',
      }),
    );
    const push = await tagAndPush(options.image ?? source, repository, options.tag ?? '1.0', configDir);
    assert.equal(push.code, 0, push.stderr);
    assert.ok(push.digest);
    return { repository, digest: push.digest };
  }

  const findings = (repository: string, imageId: { imageTag?: string; imageDigest?: string }) =>
    ecrClient().send(new DescribeImageScanFindingsCommand({ repositoryName: repository, imageId }));

  it('scan on push: IN_PROGRESS, then COMPLETE with the fixed basic findings; DescribeImages carries the summary', async () => {
    const { repository, digest } = await pushed({ scanOnPush: true });
    const first = await findings(repository, { imageTag: '1.0' });
    assert.equal(first.imageScanStatus?.status, 'IN_PROGRESS');
    assert.equal(first.imageScanFindings, undefined);
    assert.deepEqual(first.imageId, { imageDigest: digest, imageTag: '1.0' });

    const second = await findings(repository, { imageDigest: digest });
    assert.equal(second.imageScanStatus?.status, 'COMPLETE');
    assert.deepEqual(
      second.imageScanFindings?.findings?.map((f) => [f.name, f.severity]),
      FIXED_FINDINGS.map((f) => [f.id, f.severity]),
    );
    assert.deepEqual(second.imageScanFindings?.findingSeverityCounts, { CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, INFORMATIONAL: 1 });
    assert.ok(second.imageScanFindings?.imageScanCompletedAt instanceof Date);
    const attributes = second.imageScanFindings?.findings?.[0].attributes ?? [];
    assert.deepEqual(
      attributes.filter((a) => a.key?.startsWith('package_')),
      [
        { key: 'package_version', value: FIXED_FINDINGS[0].version },
        { key: 'package_name', value: FIXED_FINDINGS[0].package },
      ],
    );
    // The last status sticks.
    assert.equal((await findings(repository, { imageTag: '1.0' })).imageScanStatus?.status, 'COMPLETE');

    const described = (await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails?.[0];
    assert.equal(described?.imageScanStatus?.status, 'COMPLETE');
    assert.deepEqual(described?.imageScanFindingsSummary?.findingSeverityCounts, {
      CRITICAL: 1,
      HIGH: 2,
      MEDIUM: 1,
      LOW: 1,
      INFORMATIONAL: 1,
    });
  });

  it('pages findings with maxResults and nextToken', async () => {
    const { repository } = await pushed({ scanOnPush: true });
    await control().planScan({ repository, states: ['COMPLETE'] });
    const ids: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ecrClient().send(
        new DescribeImageScanFindingsCommand({ repositoryName: repository, imageId: { imageTag: '1.0' }, maxResults: 4, nextToken }),
      );
      ids.push(...(page.imageScanFindings?.findings ?? []).map((f) => f.name ?? ''));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 2);
    assert.deepEqual(
      ids,
      FIXED_FINDINGS.map((f) => f.id),
    );
  });

  it('scripted scans: FAILED, UNSUPPORTED_IMAGE and SCAN_NOT_FOUND, each for the image the plan names', async () => {
    const { repository, digest } = await pushed({ scanOnPush: true });
    await control().planScan({ repository, digest, states: ['IN_PROGRESS', 'FAILED'] });
    assert.equal((await findings(repository, { imageDigest: digest })).imageScanStatus?.status, 'IN_PROGRESS');
    const failed = await findings(repository, { imageDigest: digest });
    assert.equal(failed.imageScanStatus?.status, 'FAILED');
    assert.match(failed.imageScanStatus?.description ?? '', /scan failed/);

    const other = await pushed({ scanOnPush: true, tag: 'legacy' });
    await control().planScan({ repository: other.repository, tag: 'legacy', states: ['UNSUPPORTED_IMAGE'] });
    const unsupported = await findings(other.repository, { imageTag: 'legacy' });
    assert.equal(unsupported.imageScanStatus?.status, 'UNSUPPORTED_IMAGE');
    assert.equal(
      unsupported.imageScanStatus?.description,
      'UnsupportedImageError: The operating system and/or package manager are not supported.',
    );

    const third = await pushed({ scanOnPush: true });
    await control().planScan({ repository: third.repository, states: ['SCAN_NOT_FOUND'] });
    const notFound = await rejection(findings(third.repository, { imageTag: '1.0' }));
    assert.equal(notFound.name, 'ScanNotFoundException');
    assert.match(
      notFound.message,
      new RegExp(`^Image scan does not exist for the image with '\\{imageDigest:'${third.digest}', imageTag:'1.0'\\}'`),
    );
  });

  it('enhanced scanning: PENDING, then ACTIVE with Inspector findings carrying fixed-in versions', async () => {
    const { repository, digest } = await pushed({ scanOnPush: true });
    await control().planScan({ repository, states: ['PENDING', 'ACTIVE'], enhanced: true });
    assert.equal((await findings(repository, { imageTag: '1.0' })).imageScanStatus?.status, 'PENDING');
    const active = await findings(repository, { imageTag: '1.0' });
    assert.equal(active.imageScanStatus?.status, 'ACTIVE');
    assert.equal(active.imageScanFindings?.findings, undefined);
    const enhanced = active.imageScanFindings?.enhancedFindings ?? [];
    assert.deepEqual(
      enhanced.map((f) => [
        f.packageVulnerabilityDetails?.vulnerabilityId,
        f.severity,
        f.packageVulnerabilityDetails?.vulnerablePackages?.[0].fixedInVersion,
      ]),
      FIXED_FINDINGS.map((f) => [f.id, f.severity, f.fixedIn]),
    );
    assert.equal(enhanced[0].resources?.[0].details?.awsEcrContainerImage?.imageHash, digest);
    assert.ok(enhanced[0].firstObservedAt instanceof Date);
  });

  it('no scan on push: ScanNotFound until StartImageScan; a second manual scan the same day is over quota', async () => {
    const { repository } = await pushed({ scanOnPush: false });
    assert.equal((await rejection(findings(repository, { imageTag: '1.0' }))).name, 'ScanNotFoundException');
    const described = (await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails?.[0];
    assert.equal(described?.imageScanStatus, undefined);

    const started = await ecrClient().send(new StartImageScanCommand({ repositoryName: repository, imageId: { imageTag: '1.0' } }));
    assert.equal(started.imageScanStatus?.status, 'IN_PROGRESS');
    assert.equal((await findings(repository, { imageTag: '1.0' })).imageScanStatus?.status, 'IN_PROGRESS');
    assert.equal((await findings(repository, { imageTag: '1.0' })).imageScanStatus?.status, 'COMPLETE');

    const again = await rejection(
      ecrClient().send(new StartImageScanCommand({ repositoryName: repository, imageId: { imageTag: '1.0' } })),
    );
    assert.equal(again.name, 'LimitExceededException');
    const missing = await rejection(
      ecrClient().send(new StartImageScanCommand({ repositoryName: repository, imageId: { imageTag: 'nope' } })),
    );
    assert.equal(missing.name, 'ImageNotFoundException');
  });

  it('BatchGetImage returns the registry’s exact manifest bytes; PutImage of them under a new tag keeps the digest', async () => {
    const { repository, digest } = await pushed({ scanOnPush: false });
    const got = await ecrClient().send(
      new BatchGetImageCommand({ repositoryName: repository, imageIds: [{ imageTag: '1.0' }, { imageTag: 'missing' }] }),
    );
    const image = got.images?.[0];
    assert.ok(image?.imageManifest);
    assert.equal(`sha256:${createHash('sha256').update(image.imageManifest).digest('hex')}`, digest, 'the bytes hash to the digest');
    assert.equal(image.imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.deepEqual(got.failures, [
      { imageId: { imageTag: 'missing' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
    ]);

    const put = await ecrClient().send(
      new PutImageCommand({
        repositoryName: repository,
        imageManifest: image.imageManifest,
        imageManifestMediaType: image.imageManifestMediaType,
        imageTag: 'stable',
        imageDigest: digest,
      }),
    );
    assert.deepEqual(put.image?.imageId, { imageDigest: digest, imageTag: 'stable' });
    assert.deepEqual(await control().registryTags(repository), ['1.0', 'stable']);
    assert.equal(await control().manifestDigest(repository, 'stable'), digest, 'the registry itself names the same digest');
    const described = (await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails ?? [];
    assert.equal(described.length, 1);
    assert.deepEqual([...(described[0].imageTags ?? [])].sort(), ['1.0', 'stable']);

    const same = await rejection(
      ecrClient().send(new PutImageCommand({ repositoryName: repository, imageManifest: image.imageManifest, imageTag: 'stable' })),
    );
    assert.equal(same.name, 'ImageAlreadyExistsException');
  });

  it('PutImage refuses an existing tag in an immutable repository, a bad tag and a wrong digest, and changes nothing', async () => {
    const { repository, digest } = await pushed({ scanOnPush: false, immutable: true });
    const other = await pushed({ scanOnPush: false, tag: 'other', image: otherSource });
    const manifest = (
      await ecrClient().send(new BatchGetImageCommand({ repositoryName: other.repository, imageIds: [{ imageTag: 'other' }] }))
    ).images?.[0].imageManifest;
    assert.ok(manifest);
    // The other image's layers are not in this repository: the layers must arrive first (an ECR rule too).
    const layers = await rejection(
      ecrClient().send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest, imageTag: '2.0' })),
    );
    assert.equal(layers.name, 'LayersNotFoundException');

    const own = (await ecrClient().send(new BatchGetImageCommand({ repositoryName: repository, imageIds: [{ imageDigest: digest }] })))
      .images?.[0].imageManifest;
    assert.ok(own);
    const bumped = own.replace(/\}\s*$/, ', "annotations": {"x": "y"}}');
    const taken = await rejection(
      ecrClient().send(new PutImageCommand({ repositoryName: repository, imageManifest: bumped, imageTag: '1.0' })),
    );
    assert.equal(taken.name, 'ImageTagAlreadyExistsException');
    assert.equal(
      taken.message,
      `The image tag '1.0' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`,
    );

    const bad = await rejection(
      ecrClient().send(new PutImageCommand({ repositoryName: repository, imageManifest: own, imageTag: 'bad tag!' })),
    );
    assert.equal(bad.name, 'InvalidParameterException');
    assert.match(bad.message, /^Invalid parameter at 'imageTag' failed to satisfy constraint/);

    const wrong = await rejection(
      ecrClient().send(new PutImageCommand({ repositoryName: repository, imageManifest: own, imageTag: 'x', imageDigest: other.digest })),
    );
    assert.equal(wrong.name, 'ImageDigestDoesNotMatchException');
    assert.deepEqual(await control().registryTags(repository), ['1.0']);
    assert.equal(await control().manifestDigest(repository, '1.0'), digest);
  });
});
