/**
 * The narrow view of Amazon ECR the extension needs, with result types it owns. The pipeline and
 * views talk to this interface; `SdkEcrRegistry` implements it with `@aws-sdk/client-ecr`, which is
 * loaded on first use so that activation never pays for the SDK.
 */
import type { RegistryAuthorization } from './authorizationToken';
import type { ScanSummary } from './imageScan';

/** A credentials provider in the AWS SDK's shape (static keys, SSO, assumed role, …). */
export type AwsCredentialProvider = () => Promise<AwsCredentials>;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly accountId?: string;
}

export type ImageTagMutability = 'MUTABLE' | 'IMMUTABLE';

export interface EcrRepository {
  readonly name: string;
  readonly uri: string;
  readonly arn?: string;
  readonly registryId?: string;
  readonly createdAt?: Date;
  readonly imageTagMutability?: string;
  readonly scanOnPush?: boolean;
  readonly encryptionType?: string;
  readonly kmsKey?: string;
}

export interface EcrImage {
  readonly digest: string;
  readonly tags: readonly string[];
  readonly sizeBytes?: number;
  readonly pushedAt?: Date;
  /** The image's scan as DescribeImages reports it (status and counts), when it has one. */
  readonly scan?: ScanSummary;
}

export interface CreateRepositoryInput {
  readonly name: string;
  readonly registryId?: string;
  readonly imageTagMutability: ImageTagMutability;
  readonly scanOnPush: boolean;
}

export interface EcrRegistry {
  /** The repository, or undefined when ECR answers RepositoryNotFoundException. */
  describeRepository(name: string, registryId?: string, signal?: AbortSignal): Promise<EcrRepository | undefined>;
  /** Creates the repository; `created: false` when another pusher created it first (RepositoryAlreadyExistsException). */
  createRepository(input: CreateRepositoryInput, signal?: AbortSignal): Promise<{ repository?: EcrRepository; created: boolean }>;
  /** A fresh GetAuthorizationToken answer, decoded. */
  getAuthorization(registryId?: string, signal?: AbortSignal): Promise<RegistryAuthorization>;
  /** The image a tag points at, or undefined when ECR has no such image. */
  describeImageByTag(repository: string, tag: string, registryId?: string, signal?: AbortSignal): Promise<EcrImage | undefined>;
}

export interface EcrClientOptions {
  readonly region: string;
  /** API endpoint override (LocalStack, VPC endpoints, the local test stack). */
  readonly endpoint?: string;
  readonly useFipsEndpoint?: boolean;
  readonly credentials: AwsCredentialProvider;
  /** Attempts per call, including the first (the SDK retries throttling and 5xx with backoff). */
  readonly maxAttempts?: number;
  /** Per-request socket timeout, so a hanging endpoint becomes an error instead of a stuck push. */
  readonly requestTimeoutMs?: number;
}
