import type { ECRClient } from '@aws-sdk/client-ecr';
import { createHash } from 'node:crypto';
import { AuthorizationTokenError, toRegistryAuthorization, type RegistryAuthorization } from './authorizationToken';
import {
  ImageDeleteError,
  ImageManifestError,
  type CreateRepositoryWithOptions,
  type EcrCatalog,
  type ImageManifest,
  type Page,
  type PageRequest,
  type PutImageInput,
  type StartedScan,
} from './EcrCatalog';
import type { CreateRepositoryInput, EcrClientOptions, EcrImage, EcrRepository } from './EcrRegistry';
import {
  countFindings,
  countsFrom,
  fromBasicFinding,
  fromEnhancedFinding,
  type EcrImageId,
  type ScanFinding,
  type ScanReport,
  type ScanSummary,
} from './imageScan';

type EcrModule = typeof import('@aws-sdk/client-ecr');

let sdk: Promise<EcrModule> | undefined;

/** Every manifest kind a registry may hold; BatchGetImage must accept them all or ECR converts or refuses. */
const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];
/** Findings per DescribeImageScanFindings page (ECR's maximum), and a bound on pages so a bad nextToken cannot loop. */
const FINDINGS_PAGE_SIZE = 1000;
const MAX_FINDINGS_PAGES = 50;

/** Loads the ECR SDK once, on the first AWS call. */
function loadEcrSdk(): Promise<EcrModule> {
  sdk ??= import('@aws-sdk/client-ecr');
  return sdk;
}

/** EcrRegistry backed by `@aws-sdk/client-ecr`. Errors are the SDK's own; `classifyEcrError` sorts them. */
export class SdkEcrRegistry implements EcrCatalog {
  private constructor(
    private readonly module: EcrModule,
    private readonly client: ECRClient,
  ) {}

  static async create(options: EcrClientOptions): Promise<SdkEcrRegistry> {
    const module = await loadEcrSdk();
    const client = new module.ECRClient({
      region: options.region,
      endpoint: options.endpoint || undefined,
      useFipsEndpoint: options.useFipsEndpoint,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts ?? 4,
      // Without throwOnRequestTimeout the Node handler only logs a warning and a hanging endpoint hangs the push.
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 10_000, throwOnRequestTimeout: true },
    });
    return new SdkEcrRegistry(module, client);
  }

  async describeRepository(name: string, registryId?: string, signal?: AbortSignal): Promise<EcrRepository | undefined> {
    try {
      const out = await this.client.send(new this.module.DescribeRepositoriesCommand({ repositoryNames: [name], registryId }), {
        abortSignal: signal,
      });
      const repo = out.repositories?.[0];
      return repo ? toRepository(repo) : undefined;
    } catch (error) {
      if ((error as Error).name === 'RepositoryNotFoundException') {
        return undefined;
      }
      throw error;
    }
  }

  async createRepository(input: CreateRepositoryInput, signal?: AbortSignal): Promise<{ repository?: EcrRepository; created: boolean }> {
    try {
      const out = await this.sendCreateRepository(input, signal);
      return { repository: out.repository ? toRepository(out.repository) : undefined, created: true };
    } catch (error) {
      if ((error as Error).name === 'RepositoryAlreadyExistsException') {
        return { created: false };
      }
      throw error;
    }
  }

  async getAuthorization(registryId?: string, signal?: AbortSignal): Promise<RegistryAuthorization> {
    const out = await this.client.send(new this.module.GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}), {
      abortSignal: signal,
    });
    const entry = out.authorizationData?.[0];
    if (!entry) {
      throw new AuthorizationTokenError('ECR returned no authorization data.');
    }
    return toRegistryAuthorization(entry);
  }

  async describeImageByTag(repository: string, tag: string, registryId?: string, signal?: AbortSignal): Promise<EcrImage | undefined> {
    try {
      const out = await this.client.send(
        new this.module.DescribeImagesCommand({ repositoryName: repository, registryId, imageIds: [{ imageTag: tag }] }),
        { abortSignal: signal },
      );
      const image = out.imageDetails?.[0];
      return image?.imageDigest ? toImage(image) : undefined;
    } catch (error) {
      if ((error as Error).name === 'ImageNotFoundException') {
        return undefined;
      }
      throw error;
    }
  }

  async listRepositoriesPage(request: PageRequest = {}): Promise<Page<EcrRepository>> {
    const out = await this.client.send(
      new this.module.DescribeRepositoriesCommand({
        registryId: request.registryId,
        nextToken: request.nextToken,
        maxResults: request.maxResults,
      }),
      { abortSignal: request.signal },
    );
    return { items: (out.repositories ?? []).map(toRepository), nextToken: out.nextToken || undefined };
  }

  async listImagesPage(repository: string, request: PageRequest = {}): Promise<Page<EcrImage>> {
    const out = await this.client.send(
      new this.module.DescribeImagesCommand({
        repositoryName: repository,
        registryId: request.registryId,
        nextToken: request.nextToken,
        maxResults: request.maxResults,
      }),
      { abortSignal: request.signal },
    );
    const items = (out.imageDetails ?? []).filter((image) => image.imageDigest).map(toImage);
    return { items, nextToken: out.nextToken || undefined };
  }

  async createRepositoryWith(input: CreateRepositoryWithOptions, signal?: AbortSignal): Promise<EcrRepository> {
    const out = await this.sendCreateRepository(input, signal);
    return out.repository ? toRepository(out.repository) : { name: input.name, uri: '' };
  }

  /** One CreateRepository call for both the push pipeline (no encryption choice) and the Create Repository command. */
  private sendCreateRepository(input: CreateRepositoryWithOptions | CreateRepositoryInput, signal?: AbortSignal) {
    const encryption = 'encryption' in input ? input.encryption : undefined;
    return this.client.send(
      new this.module.CreateRepositoryCommand({
        repositoryName: input.name,
        registryId: input.registryId,
        imageTagMutability: input.imageTagMutability,
        imageScanningConfiguration: { scanOnPush: input.scanOnPush },
        // Only what the user chose: with no choice ECR applies its default (AES256).
        ...(encryption
          ? {
              encryptionConfiguration: {
                encryptionType: encryption.type,
                kmsKey: encryption.type === 'KMS' ? encryption.kmsKey || undefined : undefined,
              },
            }
          : {}),
      }),
      { abortSignal: signal },
    );
  }

  async deleteImageTag(repository: string, tag: string, registryId?: string, signal?: AbortSignal): Promise<{ digest: string }> {
    const out = await this.client.send(
      // Only the tag: with a digest too, ECR would delete the image under every tag.
      new this.module.BatchDeleteImageCommand({ repositoryName: repository, registryId, imageIds: [{ imageTag: tag }] }),
      { abortSignal: signal },
    );
    const failure = out.failures?.[0];
    if (failure) {
      throw new ImageDeleteError(
        failure.failureCode ?? 'Unknown',
        `ECR did not delete ${repository}:${tag}: ${failure.failureReason ?? failure.failureCode ?? 'no reason given'}.`,
      );
    }
    const deleted = out.imageIds?.find((id) => id.imageTag === tag) ?? out.imageIds?.[0];
    return { digest: deleted?.imageDigest ?? '' };
  }

  async startImageScan(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<StartedScan> {
    const out = await this.client.send(
      new this.module.StartImageScanCommand({ repositoryName: repository, registryId, imageId: toImageIdentifier(image) }),
      { abortSignal: signal },
    );
    return {
      status: out.imageScanStatus?.status ?? 'IN_PROGRESS',
      ...(out.imageScanStatus?.description ? { description: out.imageScanStatus.description } : {}),
      ...(out.imageId?.imageDigest ? { imageDigest: out.imageId.imageDigest } : {}),
    };
  }

  async describeImageScan(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<ScanReport> {
    const findings: ScanFinding[] = [];
    let enhanced = false;
    let first: import('@aws-sdk/client-ecr').DescribeImageScanFindingsResponse | undefined;
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_FINDINGS_PAGES; page++) {
      const out = await this.client.send(
        new this.module.DescribeImageScanFindingsCommand({
          repositoryName: repository,
          registryId,
          imageId: toImageIdentifier(image),
          maxResults: FINDINGS_PAGE_SIZE,
          nextToken,
        }),
        { abortSignal: signal },
      );
      first ??= out;
      const basic = out.imageScanFindings?.findings ?? [];
      const inspector = out.imageScanFindings?.enhancedFindings ?? [];
      enhanced ||= inspector.length > 0;
      findings.push(...basic.map(fromBasicFinding), ...inspector.map(fromEnhancedFinding));
      nextToken = out.nextToken || undefined;
      if (!nextToken) {
        break;
      }
    }
    const scanned = first?.imageScanFindings;
    return {
      status: first?.imageScanStatus?.status ?? 'IN_PROGRESS',
      ...(first?.imageScanStatus?.description ? { description: first.imageScanStatus.description } : {}),
      // ECR's own counts cover every finding; counting the list is the fallback for an answer without them.
      counts: scanned?.findingSeverityCounts ? countsFrom(scanned.findingSeverityCounts) : countFindings(findings),
      findings,
      ...(scanned?.imageScanCompletedAt ? { completedAt: scanned.imageScanCompletedAt } : {}),
      enhanced,
      ...(first?.imageId?.imageDigest ? { imageDigest: first.imageId.imageDigest } : {}),
    };
  }

  async getImageManifest(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<ImageManifest> {
    const out = await this.client.send(
      new this.module.BatchGetImageCommand({
        repositoryName: repository,
        registryId,
        imageIds: [toImageIdentifier(image)],
        acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
      }),
      { abortSignal: signal },
    );
    const found = out.images?.[0];
    if (!found?.imageManifest) {
      const failure = out.failures?.[0];
      const what = `${repository}${image.digest ? `@${image.digest}` : `:${image.tag ?? ''}`}`;
      throw new ImageManifestError(
        failure?.failureCode ?? 'ImageNotFound',
        `ECR has no image ${what}: ${failure?.failureReason ?? 'BatchGetImage returned no manifest'}.`,
      );
    }
    return {
      digest: found.imageId?.imageDigest ?? sha256Digest(found.imageManifest),
      manifest: found.imageManifest,
      ...(found.imageManifestMediaType ? { mediaType: found.imageManifestMediaType } : {}),
    };
  }

  async putImageManifest(input: PutImageInput, signal?: AbortSignal): Promise<{ digest: string; alreadyTagged: boolean }> {
    try {
      const out = await this.client.send(
        new this.module.PutImageCommand({
          repositoryName: input.repository,
          registryId: input.registryId,
          imageManifest: input.manifest,
          imageManifestMediaType: input.mediaType,
          imageTag: input.tag,
          imageDigest: input.digest,
        }),
        { abortSignal: signal },
      );
      return { digest: out.image?.imageId?.imageDigest ?? input.digest ?? sha256Digest(input.manifest), alreadyTagged: false };
    } catch (error) {
      if ((error as Error).name === 'ImageAlreadyExistsException') {
        return { digest: input.digest ?? sha256Digest(input.manifest), alreadyTagged: true };
      }
      throw error;
    }
  }
}

function toImageIdentifier(image: EcrImageId): { imageTag?: string; imageDigest?: string } {
  return { ...(image.tag ? { imageTag: image.tag } : {}), ...(image.digest ? { imageDigest: image.digest } : {}) };
}

/** A manifest's digest as registries compute it: sha256 of its exact bytes. */
function sha256Digest(manifest: string): string {
  return `sha256:${createHash('sha256').update(manifest, 'utf8').digest('hex')}`;
}

function toScanSummary(image: import('@aws-sdk/client-ecr').ImageDetail): ScanSummary | undefined {
  const status = image.imageScanStatus;
  const summary = image.imageScanFindingsSummary;
  if (!status && !summary) {
    return undefined;
  }
  return {
    ...(status?.status ? { status: status.status } : {}),
    ...(status?.description ? { description: status.description } : {}),
    ...(summary?.findingSeverityCounts ? { counts: countsFrom(summary.findingSeverityCounts) } : {}),
    ...(summary?.imageScanCompletedAt ? { completedAt: summary.imageScanCompletedAt } : {}),
  };
}

function toImage(image: import('@aws-sdk/client-ecr').ImageDetail): EcrImage {
  const scan = toScanSummary(image);
  return {
    digest: image.imageDigest ?? '',
    tags: image.imageTags ?? [],
    sizeBytes: image.imageSizeInBytes,
    pushedAt: image.imagePushedAt,
    // Only when ECR reports one, so images without scans compare equal to what they were before.
    ...(scan ? { scan } : {}),
  };
}

function toRepository(repo: import('@aws-sdk/client-ecr').Repository): EcrRepository {
  return {
    name: repo.repositoryName ?? '',
    uri: repo.repositoryUri ?? '',
    arn: repo.repositoryArn,
    registryId: repo.registryId,
    createdAt: repo.createdAt,
    imageTagMutability: repo.imageTagMutability,
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush,
    encryptionType: repo.encryptionConfiguration?.encryptionType,
    // Only when set, so AES256 repositories compare equal to what they were before KMS was read.
    ...(repo.encryptionConfiguration?.kmsKey ? { kmsKey: repo.encryptionConfiguration.kmsKey } : {}),
  };
}
