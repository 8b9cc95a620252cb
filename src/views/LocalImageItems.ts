import * as vscode from 'vscode';
import type { LocalImage } from '../docker/localImage';
import type { LocalTagEntry } from '../docker/registryAliases';
import { ContextValues } from './contextValues';

/** A repository with its local tags, e.g. `acme/api` with `1.0` and `latest`. */
export class LocalRepositoryItem extends vscode.TreeItem {
  constructor(
    readonly repository: string,
    readonly tags: readonly LocalTagEntry[],
  ) {
    super(repository, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `repository:${repository}`;
    this.iconPath = new vscode.ThemeIcon('repo');
    this.description = tags.length === 1 ? vscode.l10n.t('1 tag') : vscode.l10n.t('{0} tags', tags.length);
    this.accessibilityInformation = { label: `${repository}, ${this.description}` };
    this.contextValue = ContextValues.localImageRepository;
  }
}

/**
 * One local image reference (repository:tag), or one dangling image shown by id. It expands to the
 * registry aliases of its image (the tags pushes made) when it has any.
 */
export class LocalImageItem extends vscode.TreeItem {
  constructor(
    readonly image: LocalImage,
    readonly aliases: readonly LocalImage[] = [],
  ) {
    super(
      image.dangling ? shortId(image.id) : image.tag,
      aliases.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `image:${image.dangling ? image.id : image.reference}`;
    this.iconPath = new vscode.ThemeIcon(image.dangling ? 'circle-outline' : 'tag');
    this.description = [image.sizeText, image.createdSince].filter(Boolean).join(' · ');
    this.tooltip = tooltipFor(image, aliases);
    this.accessibilityInformation = {
      label: `${image.dangling ? vscode.l10n.t('untagged image {0}', shortId(image.id)) : image.reference}, ${this.description}`,
    };
    this.contextValue = image.dangling ? ContextValues.danglingImage : ContextValues.localImageTag;
  }
}

/** A registry alias under the image it came from: "pushed as <registry>/<repository>:<tag>". */
export class LocalImageAliasItem extends vscode.TreeItem {
  constructor(
    readonly alias: LocalImage,
    readonly of: LocalImage,
  ) {
    super(`pushed as ${alias.reference}`, vscode.TreeItemCollapsibleState.None);
    this.id = `alias:${of.reference}>${alias.reference}`;
    this.iconPath = new vscode.ThemeIcon('cloud-upload');
    this.description = alias.digest && alias.digest !== '<none>' ? shortId(alias.digest) : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escape(alias.reference)}**\n\n`);
    md.appendMarkdown(`The local tag a push made of ${escape(of.reference)} (the same image, \`${of.id}\`).\n\n`);
    if (alias.digest && alias.digest !== '<none>') {
      md.appendMarkdown(`- Repo digest: \`${alias.digest}\`\n`);
    }
    md.appendMarkdown('\nTurn on `ecrPush.removeLocalAliasAfterPush` to remove such tags after each push.');
    this.tooltip = md;
    this.accessibilityInformation = { label: `${of.reference} pushed as ${alias.reference}` };
    this.contextValue = ContextValues.localImageAlias;
  }
}

function tooltipFor(image: LocalImage, aliases: readonly LocalImage[]): vscode.MarkdownString {
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
  for (const alias of aliases) {
    md.appendMarkdown(`- Pushed as: ${escape(alias.reference)}\n`);
  }
  return md;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
