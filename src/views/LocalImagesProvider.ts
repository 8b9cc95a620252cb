/**
 * The Local Images tree: repositories, their tags below. One `docker image ls` per refresh; when docker
 * or its daemon is missing the tree is empty and the view's welcome text says why, with a Retry button.
 */
import * as vscode from 'vscode';
import type { LocalImage } from '../docker/localImage';
import type { EngineKind } from '../docker/containerEngine';
import { DockerError } from '../docker/dockerErrors';
import { ContextKeys } from './contextValues';
import { LocalImageItem, LocalRepositoryItem } from './LocalImageItems';

export interface ImageLister {
  listImages(options?: { includeDangling?: boolean; signal?: AbortSignal }): Promise<LocalImage[]>;
}

type Node = LocalRepositoryItem | LocalImageItem;

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
    private readonly showDangling: () => boolean,
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
      return node.images.map((image) => new LocalImageItem(image));
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
    return groupByRepository(images, this.showDangling());
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

function groupByRepository(images: readonly LocalImage[], showDangling: boolean): Node[] {
  const byRepository = new Map<string, LocalImage[]>();
  const dangling: LocalImage[] = [];
  for (const image of images) {
    if (image.dangling) {
      dangling.push(image);
      continue;
    }
    const list = byRepository.get(image.repository) ?? [];
    list.push(image);
    byRepository.set(image.repository, list);
  }
  const nodes: Node[] = [...byRepository.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([repository, list]) =>
        new LocalRepositoryItem(
          repository,
          list.sort((a, b) => a.tag.localeCompare(b.tag)),
        ),
    );
  if (showDangling && dangling.length > 0) {
    nodes.push(new LocalRepositoryItem('<none>', dangling));
  }
  return nodes;
}
