import type { ECRClient } from '@aws-sdk/client-ecr';
import { AuthorizationTokenError, toRegistryAuthorization, type RegistryAuthorization } from './authorizationToken';
import { ImageDeleteError, type CreateRepositoryWithOptions, type EcrCatalog, type Page, type PageRequest } from './EcrCatalog';
import type { CreateRepositoryInput, EcrClientOptions, EcrImage, EcrRepository } from './EcrRegistry';

type EcrModule = typeof import('@aws-sdk/client-ecr');

let sdk: Promise<EcrModule> | undefined;

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
}

function toImage(image: import('@aws-sdk/client-ecr').ImageDetail): EcrImage {
  return {
    digest: image.imageDigest ?? '',
    tags: image.imageTags ?? [],
    sizeBytes: image.imageSizeInBytes,
    pushedAt: image.imagePushedAt,
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
