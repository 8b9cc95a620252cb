/**
 * Builds the ECR Repositories view and registers its commands; called once from the composition root.
 * Returns the provider so the root can refresh it on pushes and setting or credential changes.
 */
import * as vscode from 'vscode';
import type { EcrCatalogSession } from '../../credentials/EcrSessions';
import type { RegionSource } from '../../credentials/regionResolution';
import type { LocalImage } from '../../docker/localImage';
import type { ImageTagMutability } from '../../ecr/EcrRegistry';
import { RepositoriesProvider } from '../../views/repositories/RepositoriesProvider';
import { LoadMoreNode, type RepositoriesTreeNode } from '../../views/repositories/RepositoryNodes';
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

export function registerRepositoriesView(context: vscode.ExtensionContext, deps: RepositoriesFeatureDeps): RepositoriesProvider {
  const provider = new RepositoriesProvider({
    openSession: deps.openSession,
    currentRegion: deps.currentRegion,
    pageSize: () => {
      const value = vscode.workspace.getConfiguration('ecrPush').get<unknown>('repositories.pageSize');
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000 ? value : DEFAULT_PAGE_SIZE;
    },
    log: deps.log,
  });
  const view = vscode.window.createTreeView('ecrPush.repositories', { treeDataProvider: provider, showCollapseAll: true });
  const commandDeps: RepositoryCommandDeps = {
    provider,
    defaultRegion: async () => (await deps.currentRegion())?.region,
  };
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand('ecrPush.repositories.refresh', (node?: RepositoriesTreeNode) => provider.refresh(node)),
    vscode.commands.registerCommand('ecrPush.repositories.loadMore', (node?: unknown) =>
      node instanceof LoadMoreNode ? provider.loadMore(node) : undefined,
    ),
    vscode.commands.registerCommand('ecrPush.repositories.create', createCreateRepositoryCommand(commandDeps, deps.createDefaults)),
    vscode.commands.registerCommand('ecrPush.repositories.copyRepositoryUri', createCopyRepositoryUriCommand(commandDeps)),
    vscode.commands.registerCommand('ecrPush.repositories.copyImageUri', createCopyImageUriCommand(commandDeps)),
    vscode.commands.registerCommand('ecrPush.repositories.deleteImageTag', createDeleteImageTagCommand(commandDeps, deps.log)),
    vscode.commands.registerCommand('ecrPush.repositories.pushHere', createPushHereCommand(commandDeps, deps.localImages)),
  );
  return provider;
}
