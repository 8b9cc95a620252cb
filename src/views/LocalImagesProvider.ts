/**
 * The Local Images tree: the user's repositories, their tags below, and under a tag the registry
 * aliases pushes made of that image ("pushed as …", the rule in docker/registryAliases.ts). One
 * `docker image ls` per refresh; when docker or its daemon is missing the tree is empty and the view's
 * welcome text says why, with a Retry button.
 */
import * as vscode from 'vscode';
import type { LocalImage } from '../docker/localImage';
import type { EngineKind } from '../docker/containerEngine';
import { DockerError } from '../docker/dockerErrors';
import { groupLocalImages } from '../docker/registryAliases';
import { ContextKeys } from './contextValues';
import { LocalImageAliasItem, LocalImageItem, LocalRepositoryItem } from './LocalImageItems';

export interface ImageLister {
  listImages(options?: { includeDangling?: boolean; signal?: AbortSignal }): Promise<LocalImage[]>;
}

/** How the tree shows a listing, read at each render (settings and the registries pushed to). */
export interface LocalImagesViewOptions {
  /** ecrPush.showDanglingImages */
  readonly showDangling: boolean;
  /** ecrPush.localImages.showRegistryAliases: every tag at the top level, as docker lists them. */
  readonly aliasesAtTopLevel: boolean;
  /** Whether a registry host is one pushes go to (ui/PushRegistryHosts.ts). */
  readonly isPushRegistry: (host: string) => boolean;
}

/** A row of the tree. */
export type LocalImagesNode = LocalRepositoryItem | LocalImageItem | LocalImageAliasItem;
type Node = LocalImagesNode;

/** Per engine, the state whose welcome text says what to start (package.json viewsWelcome). */
const UNAVAILABLE_STATE: Readonly<Record<EngineKind, string>> = {
  docker: 'daemonUnavailable',
  podman: 'podmanUnavailable',
  nerdctl: 'containerdUnavailable',
  finch: 'finchUnavailable',
};

export class LocalImagesProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private listing?: Promise<LocalImage[]>;
  private lastError?: string;
  /** The ecrPush.dockerState context value last sent to VS Code. */
  private dockerState?: string;

  constructor(
    private readonly docker: () => ImageLister,
    private readonly viewOptions: () => LocalImagesViewOptions,
    private readonly log: (message: string) => void,
    /** Whether the view is on screen: only then does a refresh start `docker image ls` at once. */
    private readonly isVisible: () => boolean = () => false,
  ) {}

  /**
   * Re-reads the images. A visible view starts `docker image ls` now, so the CLI runs while VS Code
   * asks for the new children instead of after; a hidden one reads on its next render.
   */
  refresh(): void {
    this.listing = undefined;
    if (this.isVisible()) {
      this.listing = this.load();
      // Failures are logged by load() and shown by getChildren; this copy must not count as unhandled.
      this.listing.catch(() => undefined);
    }
    this.changeEmitter.fire(undefined);
  }

  /** The images of the last listing (loads them if needed); used by the command palette's picker. */
  images(): Promise<LocalImage[]> {
    this.listing ??= this.load();
    return this.listing;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node instanceof LocalRepositoryItem) {
      return node.tags.map((entry) => new LocalImageItem(entry.image, entry.aliases));
    }
    if (node instanceof LocalImageItem) {
      return node.aliases.map((alias) => new LocalImageAliasItem(alias, node.image));
    }
    if (node) {
      return [];
    }
    this.listing ??= this.load();
    let images: LocalImage[];
    try {
      images = await this.listing;
    } catch {
      return [];
    }
    return repositoryRows(images, this.viewOptions());
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private async load(): Promise<LocalImage[]> {
    try {
      const images = await this.docker().listImages({ includeDangling: true });
      // Not awaited: the welcome text only matters for an empty tree, and the rows need not wait for it.
      void this.setDockerState('');
      this.lastError = undefined;
      return images;
    } catch (error) {
      const kind = error instanceof DockerError ? error.kind : 'error';
      const state =
        kind === 'daemonUnavailable'
          ? UNAVAILABLE_STATE[(error as DockerError).engine ?? 'docker']
          : kind === 'cliNotFound'
            ? kind
            : 'error';
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) {
        this.log(`Could not list local images: ${message}`);
        this.lastError = message;
      }
      await this.setDockerState(state);
      throw error;
    }
  }

  /** Sets the context key the welcome texts read; a round trip to the workbench, so only on a change. */
  private async setDockerState(state: string): Promise<void> {
    if (state === this.dockerState) {
      return;
    }
    this.dockerState = state;
    await vscode.commands.executeCommand('setContext', ContextKeys.dockerState, state);
  }
}

function repositoryRows(images: readonly LocalImage[], options: LocalImagesViewOptions): LocalRepositoryItem[] {
  const groups = groupLocalImages(images, options);
  const rows = groups.repositories.map((group) => new LocalRepositoryItem(group.repository, group.tags));
  if (options.showDangling && groups.dangling.length > 0) {
    rows.push(
      new LocalRepositoryItem(
        '<none>',
        groups.dangling.map((image) => ({ image, aliases: [] })),
      ),
    );
  }
  return rows;
}
