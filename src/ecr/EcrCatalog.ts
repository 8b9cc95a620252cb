/**
 * What the ECR Repositories view needs beyond a push: listing repositories and images page by page,
 * creating a repository with its encryption, deleting one tag, scanning an image and reading its
 * findings, and reading and writing an image manifest (a tag added in ECR, without docker). Result
 * types are the extension's own (narrowed from the SDK's); paging is explicit (`nextToken`), for
 * "Load more…". No `vscode` import.
 */
import type { EcrImage, EcrRegistry, EcrRepository, ImageTagMutability } from './EcrRegistry';
import type { EcrImageId, ScanReport } from './imageScan';

/** One page of results and the token for the next (undefined on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface PageRequest {
  readonly nextToken?: string;
  /** 1–1000 (ECR's bounds). */
  readonly maxResults?: number;
  readonly registryId?: string;
  readonly signal?: AbortSignal;
}

export type EncryptionSetting = { readonly type: 'AES256' } | { readonly type: 'KMS'; readonly kmsKey?: string };

export interface CreateRepositoryWithOptions {
  readonly name: string;
  readonly registryId?: string;
  readonly imageTagMutability: ImageTagMutability;
  readonly scanOnPush: boolean;
  readonly encryption?: EncryptionSetting;
}

/** Raised when BatchDeleteImage reports a failure for the tag (ECR answers 200 with `failures`). */
export class ImageDeleteError extends Error {
  constructor(
    readonly failureCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageDeleteError';
  }
}

/** Raised when BatchGetImage reports a failure for the image (ECR answers 200 with `failures`). */
export class ImageManifestError extends Error {
  constructor(
    readonly failureCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageManifestError';
  }
}

/** An image manifest exactly as the registry holds it: the bytes (as text) whose sha256 is the digest. */
export interface ImageManifest {
  readonly digest: string;
  readonly mediaType?: string;
  readonly manifest: string;
}

export interface PutImageInput {
  readonly repository: string;
  readonly registryId?: string;
  /** The manifest text, unchanged: any re-serialisation would change the digest. */
  readonly manifest: string;
  readonly mediaType?: string;
  readonly tag: string;
  /** The digest the manifest must have; ECR refuses the call when it does not. */
  readonly digest?: string;
}

/** Where a scan that was just started stands. */
export interface StartedScan {
  readonly status: string;
  readonly description?: string;
  readonly imageDigest?: string;
}

export interface EcrCatalog extends EcrRegistry {
  /** One page of DescribeRepositories. */
  listRepositoriesPage(request?: PageRequest): Promise<Page<EcrRepository>>;
  /** One page of DescribeImages for a repository (tagged and untagged). */
  listImagesPage(repository: string, request?: PageRequest): Promise<Page<EcrImage>>;
  /** Creates a repository with tag mutability, scan on push and encryption; throws if it exists. */
  createRepositoryWith(input: CreateRepositoryWithOptions, signal?: AbortSignal): Promise<EcrRepository>;
  /**
   * Removes exactly one tag (BatchDeleteImage with only `imageTag`): the image stays under its other
   * tags; ECR deletes the image only when this was its last tag. Throws ImageDeleteError on a failure.
   */
  deleteImageTag(repository: string, tag: string, registryId?: string, signal?: AbortSignal): Promise<{ digest: string }>;
  /** StartImageScan: a manual basic scan (ECR allows one per image per day). */
  startImageScan(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<StartedScan>;
  /** DescribeImageScanFindings, every page: the status, counts and all findings (basic or enhanced). */
  describeImageScan(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<ScanReport>;
  /** BatchGetImage of one image: its manifest and media type. Throws ImageManifestError on a failure. */
  getImageManifest(repository: string, image: EcrImageId, registryId?: string, signal?: AbortSignal): Promise<ImageManifest>;
  /**
   * PutImage: the manifest under a tag. `alreadyTagged` when the tag already named exactly this image
   * (ECR's ImageAlreadyExistsException, which for adding a tag means there was nothing to do).
   */
  putImageManifest(input: PutImageInput, signal?: AbortSignal): Promise<{ digest: string; alreadyTagged: boolean }>;
}
