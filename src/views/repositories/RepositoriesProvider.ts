/**
 * The ECR Repositories view: region → repositories → images, read from ECR page by page. Children
 * load when a node expands, "Load more…" fetches the next page, and a failure becomes a message node.
 * The ECR client comes in by constructor (a session factory), as do the region and page size.
 */
import * as vscode from 'vscode';
import type { RegionResolver } from '../../credentials/regionResolution';
import type { EcrCatalogSession, EcrSessionFactory } from '../../ecr/EcrSession';
import type { EcrImage, EcrRepository } from '../../ecr/EcrRegistry';
import { failureNode } from './failureNode';
import { ImageNode, LoadMoreNode, MessageNode, RegionNode, RepositoryNode, type RepositoriesTreeNode } from './RepositoryNodes';

export interface RepositoriesProviderDeps {
  readonly sessions: EcrSessionFactory;
  /** The region to show, and where it came from. */
  readonly regions: RegionResolver;
  readonly pageSize: () => number;
  readonly log: (message: string) => void;
  /** Masks the secrets in use by value (the log's redactor) in what a failure row shows. */
  readonly redact?: (text: string) => string;
}

/** Children loaded so far under one node, and where the next page starts. */
interface Listing {
  nodes: Array<RepositoryNode | ImageNode>;
  nextToken?: string;
  failure?: MessageNode;
}

export class RepositoriesProvider implements vscode.TreeDataProvider<RepositoriesTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RepositoriesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly listings = new Map<string, Listing>();
  private readonly sessions = new Map<string, Promise<EcrCatalogSession>>();
  private regions: RegionNode[] = [];

  constructor(private readonly deps: RepositoriesProviderDeps) {}

  getTreeItem(node: RepositoriesTreeNode): vscode.TreeItem {
    return node;
  }

  getParent(node: RepositoriesTreeNode): RepositoriesTreeNode | undefined {
    if (node instanceof RepositoryNode) return node.region;
    if (node instanceof ImageNode) return node.parent;
    if (node instanceof LoadMoreNode) return node.parent;
    return undefined;
  }

  async getChildren(node?: RepositoriesTreeNode): Promise<RepositoriesTreeNode[]> {
    if (!node) {
      return this.rootChildren();
    }
    if (node instanceof RegionNode || node instanceof RepositoryNode) {
      const listing = this.listings.get(node.id as string) ?? (await this.loadPage(node, undefined));
      if (listing.failure) {
        // Pages loaded before a failed "Load more…" stay; the failure says why no more came.
        return [...listing.nodes, listing.failure];
      }
      if (listing.nodes.length === 0) {
        return [this.emptyNode(node)];
      }
      return [...listing.nodes, ...(listing.nextToken ? [new LoadMoreNode(node)] : [])];
    }
    return [];
  }

  /** Loads the next page under the "Load more…" node's parent. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const listing = this.listings.get(node.parent.id as string);
    if (!listing?.nextToken) {
      return;
    }
    await this.loadPage(node.parent, listing);
    this.changeEmitter.fire(node.parent);
  }

  /** Reloads one node's children, or everything (new credentials, region, endpoint) when none is given. */
  refresh(node?: RepositoriesTreeNode): void {
    if (!node || node instanceof MessageNode || node instanceof LoadMoreNode) {
      this.listings.clear();
      this.sessions.clear();
      this.changeEmitter.fire(undefined);
      return;
    }
    const target = node instanceof ImageNode ? node.parent : node;
    for (const key of [...this.listings.keys()]) {
      if (key === target.id || key.startsWith(`repository:${target.id}:`)) {
        this.listings.delete(key);
      }
    }
    this.changeEmitter.fire(target);
  }

  /** After a push: reload that repository's images, or the region's repositories when it is new to the view. */
  refreshRepository(repositoryName: string): void {
    const shown = this.loadedRepositories().filter((node) => node.repositoryName === repositoryName);
    if (shown.length === 0) {
      for (const region of this.regions) {
        this.refresh(region);
      }
      return;
    }
    for (const node of shown) {
      this.refresh(node);
    }
  }

  /** Repositories loaded so far (any region), for commands given a plain `{ repositoryName }`. */
  loadedRepositories(): RepositoryNode[] {
    return [...this.listings.values()].flatMap((listing) => listing.nodes.filter((n): n is RepositoryNode => n instanceof RepositoryNode));
  }

  /** Images of a repository loaded so far (for checks as the user types, such as a tag already in use). */
  loadedImages(repository: RepositoryNode): EcrImage[] {
    const listing = this.listings.get(repository.id as string);
    return (listing?.nodes ?? []).filter((n): n is ImageNode => n instanceof ImageNode).map((n) => n.image);
  }

  /** A session for a region, opened once until the next full refresh. */
  session(region: string): Promise<EcrCatalogSession> {
    let session = this.sessions.get(region);
    if (!session) {
      session = this.deps.sessions.open(region);
      // A failed open must not stick: the next expand or refresh tries again.
      session.catch(() => this.sessions.delete(region));
      this.sessions.set(region, session);
    }
    return session;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private async rootChildren(): Promise<RepositoriesTreeNode[]> {
    const current = await this.deps.regions.current().catch(() => undefined);
    if (!current) {
      this.regions = [];
      return [
        new MessageNode('root', vscode.l10n.t('No region selected'), {
          detail: vscode.l10n.t('click to select a region'),
          icon: 'globe',
          tooltip: vscode.l10n.t('Set ecrPush.region, a region in your AWS profile, or AWS_REGION; or pick one now.'),
          command: { command: 'ecrPush.selectRegion', title: vscode.l10n.t('Select Region') },
        }),
      ];
    }
    const existing = this.regions.find((r) => r.region === current.region && r.from === current.from);
    this.regions = [existing ?? new RegionNode(current.region, current.from)];
    return this.regions;
  }

  private emptyNode(node: RegionNode | RepositoryNode): MessageNode {
    if (node instanceof RegionNode) {
      return new MessageNode(node.id as string, vscode.l10n.t('No repositories in {0}', node.region), {
        detail: vscode.l10n.t('click to create one'),
        icon: 'add',
        command: { command: 'ecrPush.repositories.create', title: vscode.l10n.t('Create Repository…'), arguments: [node] },
      });
    }
    return new MessageNode(node.id as string, vscode.l10n.t('No images'), {
      detail: vscode.l10n.t('push a local image here'),
      icon: 'info',
    });
  }

  private async loadPage(node: RegionNode | RepositoryNode, listing: Listing | undefined): Promise<Listing> {
    const target: Listing = listing ?? { nodes: [] };
    const region = node instanceof RegionNode ? node : node.region;
    const operation = node instanceof RegionNode ? 'DescribeRepositories' : 'DescribeImages';
    try {
      const session = await this.session(region.region);
      const request = { nextToken: target.nextToken, maxResults: this.deps.pageSize(), registryId: region.registryId };
      if (node instanceof RegionNode) {
        const page = await session.registry.listRepositoriesPage(request);
        target.nodes.push(...[...page.items].sort(byName).map((repo: EcrRepository) => new RepositoryNode(node, repo)));
        target.nextToken = page.nextToken;
      } else {
        const page = await session.registry.listImagesPage(node.repositoryName, request);
        target.nodes.push(...[...page.items].sort(newestFirst).map((image: EcrImage) => new ImageNode(node, image)));
        target.nextToken = page.nextToken;
      }
      target.failure = undefined;
    } catch (error) {
      this.deps.log(`ECR Repositories: ${operation} in ${region.region} failed: ${(error as Error)?.message ?? String(error)}`);
      target.failure = failureNode(node.id as string, error, operation, region.region, this.deps.redact);
      target.nextToken = undefined;
    }
    this.listings.set(node.id as string, target);
    return target;
  }
}

function byName(a: EcrRepository, b: EcrRepository): number {
  return a.name.localeCompare(b.name);
}

function newestFirst(a: EcrImage, b: EcrImage): number {
  return (b.pushedAt?.getTime() ?? 0) - (a.pushedAt?.getTime() ?? 0);
}
