/**
 * Tree items of the ECR Repositories view: region → repositories → images, plus "Load more…" and
 * message nodes (no credentials, access denied, unreachable) that stand in for popups.
 */
import * as vscode from 'vscode';
import type { EcrImage, EcrRepository } from '../../ecr/EcrRegistry';
import { hasScanResults, scanOutcomeText, worstSeverity } from '../../ecr/imageScan';
import { RepositoryContextValues } from './repositoryContextValues';

/**
 * One region of one registry (the credentials' own account, or `registryId`). Collapsed until the
 * user expands it (VS Code remembers that by id): nothing calls AWS just because the view is open.
 */
export class RegionNode extends vscode.TreeItem {
  constructor(
    readonly region: string,
    readonly from: string,
    readonly registryId?: string,
  ) {
    super(region, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `region:${region}:${registryId ?? ''}`;
    this.iconPath = new vscode.ThemeIcon('globe');
    this.description = registryId ? vscode.l10n.t('account {0}', registryId) : from;
    this.tooltip = registryId
      ? vscode.l10n.t('Repositories in {0} of account {1} (region from {2}).', region, registryId, from)
      : vscode.l10n.t('Repositories in {0} (region from {1}).', region, from);
    this.accessibilityInformation = { label: `${region}, ${this.description}` };
    this.contextValue = RepositoryContextValues.region;
  }
}

export class RepositoryNode extends vscode.TreeItem {
  constructor(
    readonly region: RegionNode,
    readonly repository: EcrRepository,
  ) {
    super(repository.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `repository:${region.id}:${repository.name}`;
    this.iconPath = new vscode.ThemeIcon('repo');
    this.description = repository.createdAt ? vscode.l10n.t('created {0}', formatDate(repository.createdAt)) : undefined;
    this.tooltip = repositoryTooltip(repository);
    this.accessibilityInformation = { label: `${repository.name}${this.description ? `, ${this.description}` : ''}` };
    this.contextValue = RepositoryContextValues.repository;
  }

  get repositoryName(): string {
    return this.repository.name;
  }
}

export class ImageNode extends vscode.TreeItem {
  constructor(
    readonly parent: RepositoryNode,
    readonly image: EcrImage,
  ) {
    super(image.tags.length ? image.tags.join(', ') : vscode.l10n.t('<untagged>'), vscode.TreeItemCollapsibleState.None);
    this.id = `image:${parent.id}:${image.digest}`;
    this.iconPath = new vscode.ThemeIcon(image.tags.length ? 'tag' : 'circle-outline', scanColor(image));
    this.description = [
      shortDigest(image.digest),
      image.sizeBytes !== undefined ? formatSize(image.sizeBytes) : undefined,
      image.pushedAt ? vscode.l10n.t('pushed {0}', formatDateTime(image.pushedAt)) : undefined,
      image.scan ? scanOutcomeText(image.scan) : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    this.tooltip = imageTooltip(parent.repository, image);
    this.accessibilityInformation = { label: `${this.label as string}, ${this.description}` };
    this.contextValue = image.tags.length ? RepositoryContextValues.taggedImage : RepositoryContextValues.untaggedImage;
  }
}

/** "Load more…" under a region (repositories) or a repository (images); clicking loads the next page. */
export class LoadMoreNode extends vscode.TreeItem {
  constructor(readonly parent: RegionNode | RepositoryNode) {
    super(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    this.id = `more:${parent.id}`;
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.command = { command: 'ecrPush.repositories.loadMore', title: vscode.l10n.t('Load more'), arguments: [this] };
    this.accessibilityInformation = { label: vscode.l10n.t('Load more…') };
    this.contextValue = RepositoryContextValues.loadMore;
  }
}

/** A clear statement in place of children: what happened, and (clicking) what to do. */
export class MessageNode extends vscode.TreeItem {
  constructor(
    readonly parentId: string,
    label: string,
    options: { detail?: string; icon?: string; command?: vscode.Command; tooltip?: string } = {},
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `message:${parentId}`;
    this.description = options.detail;
    this.iconPath = new vscode.ThemeIcon(options.icon ?? 'info');
    this.tooltip = options.tooltip ?? [label, options.detail].filter(Boolean).join(' — ');
    this.command = options.command;
    this.accessibilityInformation = { label: [label, options.detail].filter(Boolean).join(', ') };
    this.contextValue = RepositoryContextValues.message;
  }
}

export type RepositoriesTreeNode = RegionNode | RepositoryNode | ImageNode | LoadMoreNode | MessageNode;

function repositoryTooltip(repository: EcrRepository): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(repository.name)}**\n\n`);
  const unknown = vscode.l10n.t('unknown');
  if (repository.uri) md.appendMarkdown(`- ${vscode.l10n.t('URI: {0}', `\`${repository.uri}\``)}\n`);
  md.appendMarkdown(`- ${vscode.l10n.t('Tag mutability: {0}', repository.imageTagMutability ?? unknown)}\n`);
  const scan = repository.scanOnPush === undefined ? unknown : repository.scanOnPush ? vscode.l10n.t('on') : vscode.l10n.t('off');
  md.appendMarkdown(`- ${vscode.l10n.t('Scan on push: {0}', scan)}\n`);
  const encryption = repository.encryptionType ?? unknown;
  md.appendMarkdown(
    `- ${repository.kmsKey ? vscode.l10n.t('Encryption: {0} ({1})', encryption, `\`${repository.kmsKey}\``) : vscode.l10n.t('Encryption: {0}', encryption)}\n`,
  );
  if (repository.createdAt) md.appendMarkdown(`- ${vscode.l10n.t('Created: {0}', repository.createdAt.toLocaleString())}\n`);
  return md;
}

function imageTooltip(repository: EcrRepository, image: EcrImage): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(
    `**${escape(repository.name)}** ${image.tags.length ? image.tags.map((t) => `\`${t}\``).join(' ') : vscode.l10n.t('(untagged)')}\n\n`,
  );
  md.appendMarkdown(`- ${vscode.l10n.t('Digest: {0}', `\`${image.digest}\``)}\n`);
  if (image.sizeBytes !== undefined) md.appendMarkdown(`- ${vscode.l10n.t('Size: {0}', formatSize(image.sizeBytes))}\n`);
  if (image.pushedAt) md.appendMarkdown(`- ${vscode.l10n.t('Pushed: {0}', image.pushedAt.toLocaleString())}\n`);
  if (image.scan) {
    const outcome = escape(scanOutcomeText(image.scan));
    md.appendMarkdown(
      `- ${image.scan.status ? vscode.l10n.t('Scan: {0} ({1})', outcome, image.scan.status) : vscode.l10n.t('Scan: {0}', outcome)}\n`,
    );
    if (image.scan.completedAt) md.appendMarkdown(`- ${vscode.l10n.t('Scanned: {0}', image.scan.completedAt.toLocaleString())}\n`);
  }
  return md;
}

/** An image whose scan found CRITICAL or HIGH findings shows it in its icon's colour. */
function scanColor(image: EcrImage): vscode.ThemeColor | undefined {
  if (!image.scan || !hasScanResults(image.scan.status) || !image.scan.counts) {
    return undefined;
  }
  const worst = worstSeverity(image.scan.counts);
  return worst === 'CRITICAL'
    ? new vscode.ThemeColor('list.errorForeground')
    : worst === 'HIGH'
      ? new vscode.ThemeColor('list.warningForeground')
      : undefined;
}

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** SI units, as docker and the ECR console print sizes. */
function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)}${units[unit]}`;
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
