/**
 * What the ECR Repositories view needs beyond a push: listing repositories and images page by page,
 * creating a repository with its encryption, and deleting one tag. Result types are the extension's own
 * (narrowed from the SDK's); paging is explicit (`nextToken`), for "Load more…". No `vscode` import.
 */
import type { EcrImage, EcrRegistry, EcrRepository, ImageTagMutability } from './EcrRegistry';

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
}
