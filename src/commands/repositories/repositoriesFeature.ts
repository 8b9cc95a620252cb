/**
 * The ECR Repositories view's provider and command handlers, built once when the view or one of its
 * commands is first used (src/features.ts). Activation owns the view and the command registrations.
 */
import * as vscode from 'vscode';
import type { EcrCatalogSession } from '../../credentials/EcrSessions';
import type { RegionSource } from '../../credentials/regionResolution';
import type { LocalImage } from '../../docker/localImage';
import type { ImageTagMutability } from '../../ecr/EcrRegistry';
import { RepositoriesProvider } from '../../views/repositories/RepositoriesProvider';
import { LoadMoreNode, type RepositoriesTreeNode } from '../../views/repositories/RepositoryNodes';
import type { CommandHandler, FeatureCommandId } from '../../featureCommands';
import { createCopyImageUriCommand, createCopyRepositoryUriCommand } from './copyUris';
import { createCreateRepositoryCommand } from './createRepository';
import { createDeleteImageTagCommand } from './deleteImageTag';
import { createPushHereCommand } from './pushHere';
import type { RepositoryCommandDeps } from './repositoryTarget';

export interface RepositoriesFeatureDeps {
  readonly openSession: (region: string) => Promise<EcrCatalogSession>;
  readonly currentRegion: () => Promise<RegionSource | undefined>;
  readonly createDefaults: () => { imageTagMutability: ImageTagMutability; scanOnPush: boolean };
  readonly localImages: () => Promise<LocalImage[]>;
  readonly log: (message: string) => void;
}

/** Default page size: large enough to rarely page, small enough that 1,000 repositories stay responsive. */
const DEFAULT_PAGE_SIZE = 100;

/** The Repositories view's commands, by id. */
export type RepositoryCommandId = Extract<FeatureCommandId, `ecrPush.repositories.${string}`>;

export interface RepositoriesFeature {
  readonly provider: RepositoriesProvider;
  readonly commands: Record<RepositoryCommandId, CommandHandler>;
}

export function createRepositoriesFeature(deps: RepositoriesFeatureDeps): RepositoriesFeature {
  const provider = new RepositoriesProvider({
    openSession: deps.openSession,
    currentRegion: deps.currentRegion,
    pageSize: () => {
      const value = vscode.workspace.getConfiguration('ecrPush').get<unknown>('repositories.pageSize');
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000 ? value : DEFAULT_PAGE_SIZE;
    },
    log: deps.log,
  });
  const commandDeps: RepositoryCommandDeps = {
    provider,
    defaultRegion: async () => (await deps.currentRegion())?.region,
  };
  return {
    provider,
    commands: {
      'ecrPush.repositories.refresh': (node?: unknown) => provider.refresh(node as RepositoriesTreeNode | undefined),
      'ecrPush.repositories.loadMore': (node?: unknown) => (node instanceof LoadMoreNode ? provider.loadMore(node) : undefined),
      'ecrPush.repositories.create': createCreateRepositoryCommand(commandDeps, deps.createDefaults),
      'ecrPush.repositories.copyRepositoryUri': createCopyRepositoryUriCommand(commandDeps),
      'ecrPush.repositories.copyImageUri': createCopyImageUriCommand(commandDeps),
      'ecrPush.repositories.deleteImageTag': createDeleteImageTagCommand(commandDeps, deps.log),
      'ecrPush.repositories.pushHere': createPushHereCommand(commandDeps, deps.localImages),
    },
  };
}
