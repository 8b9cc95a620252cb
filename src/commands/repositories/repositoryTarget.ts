/**
 * What a repositories command acts on: a tree node, or plain arguments
 * `{ repositoryName, region?, accountId?, imageTag?, imageDigest? }` so keybindings, tasks and tests can
 * call the same commands without the tree.
 */
import type { RegionResolver } from '../../credentials/regionResolution';
import type { EcrRepository } from '../../ecr/EcrRegistry';
import type { EcrCatalogSession } from '../../ecr/EcrSession';
import { PushError } from '../../push/pushErrors';
import { validateAccountId, validateRegion, validateRepositoryName } from '../../push/validation';
import type { ErrorNotifier } from '../../ui/ErrorNotifier';
import type { RepositoriesProvider } from '../../views/repositories/RepositoriesProvider';
import { ImageNode, RepositoryNode } from '../../views/repositories/RepositoryNodes';

export interface RepositoryTarget {
  readonly region: string;
  readonly registryId?: string;
  readonly repository: EcrRepository;
  readonly session: EcrCatalogSession;
  readonly imageTags: readonly string[];
  readonly imageDigest?: string;
  /** The tree node the command came from, to refresh after a change. */
  readonly node?: RepositoryNode;
}

/** What every repositories command is built with. */
export interface RepositoryCommandDeps {
  readonly provider: RepositoriesProvider;
  readonly regions: RegionResolver;
  readonly errors: ErrorNotifier;
}

/**
 * The repository's URI: ECR's own repositoryUri, else the registry host from an authorization token's
 * proxyEndpoint (never assembled from account and region, so partitions and endpoints stay right).
 */
export async function repositoryUriOf(target: RepositoryTarget): Promise<string> {
  if (target.repository.uri) {
    return target.repository.uri;
  }
  const authorization = await target.session.registry.getAuthorization(target.registryId);
  return `${authorization.registryHost}/${target.repository.name}`;
}

export interface PlainRepositoryArgs {
  readonly repositoryName: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly imageTag?: string;
  readonly imageDigest?: string;
}

/** Arguments that cannot name a repository: the message says which and why, and nothing was changed. */
export function argumentError(message: string): PushError {
  return new PushError('invalidInput', message, 'Nothing was changed.', []);
}

/** Reads plain arguments, or undefined when `arg` is not an object with a string repositoryName. */
export function parsePlainArgs(arg: unknown): PlainRepositoryArgs | undefined {
  if (!arg || typeof arg !== 'object' || typeof (arg as { repositoryName?: unknown }).repositoryName !== 'string') {
    return undefined;
  }
  const raw = arg as Record<string, unknown>;
  const optional = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw argumentError(`${key} must be a string, not ${JSON.stringify(value)}.`);
    return value.trim();
  };
  const args: PlainRepositoryArgs = {
    repositoryName: String(raw.repositoryName).trim(),
    region: optional('region'),
    accountId: optional('accountId') ?? optional('registryId'),
    imageTag: optional('imageTag'),
    imageDigest: optional('imageDigest'),
  };
  const problem =
    validateRepositoryName(args.repositoryName) ??
    (args.region ? validateRegion(args.region) : undefined) ??
    (args.accountId ? validateAccountId(args.accountId) : undefined) ??
    (args.imageDigest && !/^sha256:[0-9a-f]{64}$/.test(args.imageDigest)
      ? 'imageDigest must be sha256: followed by 64 hex digits.'
      : undefined);
  if (problem) {
    throw argumentError(problem);
  }
  return args;
}

/** Resolves a node or plain arguments to a repository with a session; undefined when `arg` is neither. */
export async function resolveRepositoryTarget(deps: RepositoryCommandDeps, arg: unknown): Promise<RepositoryTarget | undefined> {
  const provider = deps.provider;
  if (arg instanceof RepositoryNode || arg instanceof ImageNode) {
    const node = arg instanceof ImageNode ? arg.parent : arg;
    return {
      region: node.region.region,
      registryId: node.region.registryId,
      repository: node.repository,
      session: await provider.session(node.region.region),
      imageTags: arg instanceof ImageNode ? arg.image.tags : [],
      imageDigest: arg instanceof ImageNode ? arg.image.digest : undefined,
      node,
    };
  }
  const args = parsePlainArgs(arg);
  if (!args) {
    return undefined;
  }
  const region = await regionFor(deps, args.region);
  const session = await provider.session(region);
  const shown = provider
    .loadedRepositories()
    .find(
      (node) => node.repositoryName === args.repositoryName && node.region.region === region && node.region.registryId === args.accountId,
    );
  const repository = shown?.repository ?? (await session.registry.describeRepository(args.repositoryName, args.accountId));
  if (!repository) {
    throw argumentError(
      `The repository ${args.repositoryName} does not exist in ${region}${args.accountId ? ` (account ${args.accountId})` : ''}.`,
    );
  }
  return {
    region,
    registryId: args.accountId,
    repository,
    session,
    imageTags: args.imageTag ? [args.imageTag] : [],
    imageDigest: args.imageDigest,
    node: shown,
  };
}

/** The region given, else the one in effect (as for a push); an error when nothing names one. */
export async function regionFor(deps: RepositoryCommandDeps, given: string | undefined): Promise<string> {
  const region = given ?? (await deps.regions.current())?.region;
  if (!region) {
    throw argumentError('No region: pass region, or select one with "ECR: Select Region".');
  }
  return region;
}
