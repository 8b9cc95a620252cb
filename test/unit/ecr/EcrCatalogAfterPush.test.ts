/**
 * What comes after a push, against a mocked ECRClient (aws-sdk-client-mock): StartImageScan,
 * DescribeImageScanFindings read page by page into one report (basic and enhanced), BatchGetImage and
 * PutImage sending the manifest unchanged, and the scan summary DescribeImages carries.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  BatchGetImageCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
  ImageAlreadyExistsException,
  ImageTagAlreadyExistsException,
  PutImageCommand,
  ScanNotFoundException,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { ImageManifestError } from '../../../src/ecr/EcrCatalog';
import { SdkEcrRegistry } from '../../../src/ecr/SdkEcrRegistry';
import { freshRegistry } from './mockedEcr';

// Tabs and key order as a registry wrote them: PutImage must get exactly these bytes back.
const MANIFEST =
  '{\n\t"schemaVersion": 2,\n\t"mediaType": "application/vnd.docker.distribution.manifest.v2+json",\n\t"config": {"size": 7, "digest": "sha256:' +
  'c'.repeat(64) +
  '"},\n\t"layers": []\n}';
const MANIFEST_DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

describe('SdkEcrRegistry after a push: scans, manifests, tags', () => {
  const ecr = mockClient(ECRClient);
  let registry: SdkEcrRegistry;

  beforeEach(async () => (registry = await freshRegistry(ecr)));
  after(() => ecr.restore());

  it('starts a scan by tag and reports its status', async () => {
    ecr.on(StartImageScanCommand).resolves({
      imageId: { imageDigest: MANIFEST_DIGEST, imageTag: '1.0' },
      imageScanStatus: { status: 'IN_PROGRESS' },
    });
    const started = await registry.startImageScan('team/app', { tag: '1.0' }, '123456789012');
    assert.deepEqual(started, { status: 'IN_PROGRESS', imageDigest: MANIFEST_DIGEST });
    assert.deepEqual(ecr.commandCalls(StartImageScanCommand)[0].args[0].input, {
      repositoryName: 'team/app',
      registryId: '123456789012',
      imageId: { imageTag: '1.0' },
    });
  });

  it('reads every page of basic findings into one report, with ECR’s own counts', async () => {
    const finding = (name: string, severity: 'HIGH' | 'LOW') => ({
      name,
      severity,
      uri: `https://security-tracker.debian.org/tracker/${name}`,
      attributes: [
        { key: 'package_name', value: 'openssl' },
        { key: 'package_version', value: '3.0.8-1' },
      ],
    });
    const status = { status: 'COMPLETE' as const, description: 'The scan was completed successfully.' };
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: undefined }).resolves({
      imageId: { imageDigest: MANIFEST_DIGEST },
      imageScanStatus: status,
      imageScanFindings: {
        imageScanCompletedAt: new Date('2024-05-01T10:00:00Z'),
        findingSeverityCounts: { HIGH: 1, LOW: 1 },
        findings: [finding('CVE-2023-0464', 'HIGH')],
      },
      nextToken: 'page-2',
    });
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 'page-2' }).resolves({
      imageScanStatus: status,
      imageScanFindings: { findingSeverityCounts: { HIGH: 1, LOW: 1 }, findings: [finding('CVE-2011-3374', 'LOW')] },
    });
    const report = await registry.describeImageScan('team/app', { digest: MANIFEST_DIGEST });
    assert.equal(report.status, 'COMPLETE');
    assert.equal(report.description, 'The scan was completed successfully.');
    assert.equal(report.enhanced, false);
    assert.equal(report.imageDigest, MANIFEST_DIGEST);
    assert.deepEqual(report.completedAt, new Date('2024-05-01T10:00:00Z'));
    assert.deepEqual(report.counts, { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0, UNDEFINED: 0 });
    assert.deepEqual(
      report.findings.map((f) => [f.name, f.severity, f.package, f.version]),
      [
        ['CVE-2023-0464', 'HIGH', 'openssl', '3.0.8-1'],
        ['CVE-2011-3374', 'LOW', 'openssl', '3.0.8-1'],
      ],
    );
    const calls = ecr.commandCalls(DescribeImageScanFindingsCommand).map((c) => c.args[0].input);
    assert.deepEqual(calls[0].imageId, { imageDigest: MANIFEST_DIGEST });
    assert.equal(calls[0].maxResults, 1000);
    assert.equal(calls[1].nextToken, 'page-2');
  });

  it('reads enhanced findings, and counts them itself when ECR sends no counts', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'ACTIVE', description: 'Continuous scan is selected for image.' },
      imageScanFindings: {
        enhancedFindings: [
          {
            severity: 'CRITICAL',
            title: 'CVE-2022-37434 - zlib',
            packageVulnerabilityDetails: {
              vulnerabilityId: 'CVE-2022-37434',
              sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2022-37434',
              vulnerablePackages: [{ name: 'zlib', version: '1:1.2.11', fixedInVersion: '1:1.2.13' }],
            },
          },
        ],
      },
    });
    const report = await registry.describeImageScan('team/app', { tag: 'latest' });
    assert.equal(report.status, 'ACTIVE');
    assert.equal(report.enhanced, true);
    assert.equal(report.counts.CRITICAL, 1);
    assert.deepEqual(report.findings[0], {
      severity: 'CRITICAL',
      name: 'CVE-2022-37434',
      package: 'zlib',
      version: '1:1.2.11',
      fixedIn: '1:1.2.13',
      uri: 'https://nvd.nist.gov/vuln/detail/CVE-2022-37434',
    });
  });

  it('passes ScanNotFoundException on (the caller explains it)', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejects(new ScanNotFoundException({ message: 'Image scan does not exist for the image', $metadata: { httpStatusCode: 400 } }));
    await assert.rejects(registry.describeImageScan('team/app', { tag: '1.0' }), { name: 'ScanNotFoundException' });
  });

  it('reads a manifest with every manifest media type accepted, and says which image is missing', async () => {
    ecr.on(BatchGetImageCommand, { imageIds: [{ imageTag: '1.0' }] }).resolves({
      images: [{ imageId: { imageDigest: MANIFEST_DIGEST, imageTag: '1.0' }, imageManifest: MANIFEST, imageManifestMediaType: DOCKER_V2 }],
      failures: [],
    });
    ecr.on(BatchGetImageCommand, { imageIds: [{ imageTag: 'gone' }] }).resolves({
      images: [],
      failures: [{ imageId: { imageTag: 'gone' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }],
    });
    assert.deepEqual(await registry.getImageManifest('team/app', { tag: '1.0' }), {
      digest: MANIFEST_DIGEST,
      manifest: MANIFEST,
      mediaType: DOCKER_V2,
    });
    const accepted = ecr.commandCalls(BatchGetImageCommand)[0].args[0].input.acceptedMediaTypes ?? [];
    assert.ok(accepted.includes('application/vnd.oci.image.index.v1+json') && accepted.includes(DOCKER_V2), accepted.join());
    await assert.rejects(registry.getImageManifest('team/app', { tag: 'gone' }), (error: unknown) => {
      assert.ok(error instanceof ImageManifestError);
      assert.equal(error.failureCode, 'ImageNotFound');
      assert.equal(error.message, 'ECR has no image team/app:gone: Requested image not found.');
      return true;
    });
  });

  it('puts the manifest bytes unchanged under the new tag, with the digest they must have', async () => {
    ecr.on(PutImageCommand).resolves({ image: { imageId: { imageDigest: MANIFEST_DIGEST, imageTag: 'stable' } } });
    const put = await registry.putImageManifest({
      repository: 'team/app',
      manifest: MANIFEST,
      mediaType: DOCKER_V2,
      tag: 'stable',
      digest: MANIFEST_DIGEST,
    });
    assert.deepEqual(put, { digest: MANIFEST_DIGEST, alreadyTagged: false });
    const input = ecr.commandCalls(PutImageCommand)[0].args[0].input;
    assert.equal(input.imageManifest, MANIFEST);
    assert.equal(input.imageManifestMediaType, DOCKER_V2);
    assert.equal(input.imageTag, 'stable');
    assert.equal(input.imageDigest, MANIFEST_DIGEST);
  });

  it('takes ImageAlreadyExistsException as "already tagged", and passes ImageTagAlreadyExistsException on', async () => {
    ecr
      .on(PutImageCommand, { imageTag: 'same' })
      .rejects(new ImageAlreadyExistsException({ message: 'Image with digest already exists', $metadata: { httpStatusCode: 400 } }));
    ecr.on(PutImageCommand, { imageTag: 'taken' }).rejects(
      new ImageTagAlreadyExistsException({
        message:
          "The image tag 'taken' already exists in the 'team/app' repository and cannot be overwritten because the repository is immutable.",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    assert.deepEqual(await registry.putImageManifest({ repository: 'team/app', manifest: MANIFEST, tag: 'same' }), {
      digest: MANIFEST_DIGEST,
      alreadyTagged: true,
    });
    await assert.rejects(registry.putImageManifest({ repository: 'team/app', manifest: MANIFEST, tag: 'taken' }), {
      name: 'ImageTagAlreadyExistsException',
    });
  });

  it('keeps the scan summary DescribeImages reports on each image', async () => {
    ecr.on(DescribeImagesCommand).resolves({
      imageDetails: [
        {
          imageDigest: MANIFEST_DIGEST,
          imageTags: ['1.0'],
          imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
          imageScanFindingsSummary: { findingSeverityCounts: { CRITICAL: 1, MEDIUM: 2 } },
        },
        { imageDigest: `sha256:${'d'.repeat(64)}`, imageTags: ['old'] },
      ],
    });
    const page = await registry.listImagesPage('team/app');
    assert.deepEqual(page.items[0].scan, {
      status: 'COMPLETE',
      description: 'The scan was completed successfully.',
      counts: { CRITICAL: 1, HIGH: 0, MEDIUM: 2, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 },
    });
    assert.equal('scan' in page.items[1], false, 'no scan: no field');
  });
});
