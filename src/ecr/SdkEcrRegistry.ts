import type { ECRClient } from '@aws-sdk/client-ecr';
import { AuthorizationTokenError, toRegistryAuthorization, type RegistryAuthorization } from './authorizationToken';
import type { CreateRepositoryInput, EcrClientOptions, EcrImage, EcrRegistry, EcrRepository } from './EcrRegistry';

type EcrModule = typeof import('@aws-sdk/client-ecr');

let sdk: Promise<EcrModule> | undefined;

/** Loads the ECR SDK once, on the first AWS call. */
export function loadEcrSdk(): Promise<EcrModule> {
  sdk ??= import('@aws-sdk/client-ecr');
  return sdk;
}

/** EcrRegistry backed by `@aws-sdk/client-ecr`. Errors are the SDK's own; `classifyEcrError` sorts them. */
export class SdkEcrRegistry implements EcrRegistry {
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
      const out = await this.client.send(
        new this.module.DescribeRepositoriesCommand({ repositoryNames: [name], registryId }),
        { abortSignal: signal },
      );
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
      const out = await this.client.send(
        new this.module.CreateRepositoryCommand({
          repositoryName: input.name,
          registryId: input.registryId,
          imageTagMutability: input.imageTagMutability,
          imageScanningConfiguration: { scanOnPush: input.scanOnPush },
        }),
        { abortSignal: signal },
      );
      return { repository: out.repository ? toRepository(out.repository) : undefined, created: true };
    } catch (error) {
      if ((error as Error).name === 'RepositoryAlreadyExistsException') {
        return { created: false };
      }
      throw error;
    }
  }

  async getAuthorization(registryId?: string, signal?: AbortSignal): Promise<RegistryAuthorization> {
    const out = await this.client.send(
      new this.module.GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}),
      { abortSignal: signal },
    );
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
      if (!image?.imageDigest) {
        return undefined;
      }
      return {
        digest: image.imageDigest,
        tags: image.imageTags ?? [],
        sizeBytes: image.imageSizeInBytes,
        pushedAt: image.imagePushedAt,
      };
    } catch (error) {
      if ((error as Error).name === 'ImageNotFoundException') {
        return undefined;
      }
      throw error;
    }
  }
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
  };
}
