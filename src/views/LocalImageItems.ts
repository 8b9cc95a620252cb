import * as vscode from 'vscode';
import type { LocalImage } from '../docker/localImage';
import { ContextValues } from './contextValues';

/** A repository with its local tags, e.g. `acme/api` with `1.0` and `latest`. */
export class LocalRepositoryItem extends vscode.TreeItem {
  constructor(
    readonly repository: string,
    readonly images: readonly LocalImage[],
  ) {
    super(repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `repository:${repository}`;
    this.iconPath = new vscode.ThemeIcon('repo');
    this.description = images.length === 1 ? vscode.l10n.t('1 tag') : vscode.l10n.t('{0} tags', images.length);
    this.accessibilityInformation = { label: `${repository}, ${this.description}` };
    this.contextValue = ContextValues.localImageRepository;
  }
}

/** One local image reference (repository:tag), or one dangling image shown by id. */
export class LocalImageItem extends vscode.TreeItem {
  constructor(readonly image: LocalImage) {
    super(image.dangling ? shortId(image.id) : image.tag, vscode.TreeItemCollapsibleState.None);
    this.id = `image:${image.dangling ? image.id : image.reference}`;
    this.iconPath = new vscode.ThemeIcon(image.dangling ? 'circle-outline' : 'tag');
    this.description = [image.sizeText, image.createdSince].filter(Boolean).join(' · ');
    this.tooltip = tooltipFor(image);
    this.accessibilityInformation = {
      label: `${image.dangling ? vscode.l10n.t('untagged image {0}', shortId(image.id)) : image.reference}, ${this.description}`,
    };
    this.contextValue = image.dangling ? ContextValues.danglingImage : ContextValues.localImageTag;
  }
}

function tooltipFor(image: LocalImage): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(image.dangling ? '<none>' : image.reference)}**\n\n`);
  md.appendMarkdown(`- ${vscode.l10n.t('ID: {0}', `\`${image.id}\``)}\n`);
  if (image.createdAt) {
    const created = image.createdAt.toLocaleString();
    md.appendMarkdown(
      `- ${image.createdSince ? vscode.l10n.t('Created: {0} ({1})', created, escape(image.createdSince)) : vscode.l10n.t('Created: {0}', created)}\n`,
    );
  }
  md.appendMarkdown(`- ${vscode.l10n.t('Size: {0}', escape(image.sizeText))}\n`);
  if (image.digest && image.digest !== '<none>') {
    md.appendMarkdown(`- ${vscode.l10n.t('Repo digest: {0}', `\`${image.digest}\``)}\n`);
  }
  return md;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
