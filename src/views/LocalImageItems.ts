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
    this.description = images.length === 1 ? '1 tag' : `${images.length} tags`;
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
      label: `${image.dangling ? `untagged image ${shortId(image.id)}` : image.reference}, ${this.description}`,
    };
    this.contextValue = image.dangling ? ContextValues.danglingImage : ContextValues.localImageTag;
  }
}

function tooltipFor(image: LocalImage): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(image.dangling ? '<none>' : image.reference)}**\n\n`);
  md.appendMarkdown(`- ID: \`${image.id}\`\n`);
  if (image.createdAt) {
    md.appendMarkdown(`- Created: ${image.createdAt.toLocaleString()}${image.createdSince ? ` (${escape(image.createdSince)})` : ''}\n`);
  }
  md.appendMarkdown(`- Size: ${escape(image.sizeText)}\n`);
  if (image.digest && image.digest !== '<none>') {
    md.appendMarkdown(`- Repo digest: \`${image.digest}\`\n`);
  }
  return md;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
