/**
 * The status bar item "☁ <profile or source> · <region>". Its tooltip names the credential source, the
 * region and where it came from, the identity's account (from the credentials, else from the registry
 * host of the current ECR token, else "unknown"), and until when the current login is reused.
 */
import * as vscode from 'vscode';
import { parseCredentialSelection, selectionLabel } from '../credentials/credentialSelection';
import type { Settings } from '../config/settings';
import type { EcrSessions } from '../credentials/EcrSessions';
import { describeIdentity } from '../credentials/identitySummary';
import type { RegionResolver } from '../credentials/regionResolution';
import type { SecretCredentialStore } from '../config/SecretCredentialStore';
import type { AuthorizationCache } from '../ecr/AuthorizationCache';

export interface StatusBarDeps {
  readonly settings: Settings;
  readonly secrets: SecretCredentialStore;
  readonly regions: RegionResolver;
  readonly sessions: EcrSessions;
  readonly tokens: AuthorizationCache;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ecrPush.status', vscode.StatusBarAlignment.Left, 10);
  private generation = 0;

  constructor(private readonly deps: StatusBarDeps) {
    this.item.name = vscode.l10n.t('ECR Push: AWS profile and region');
    this.item.command = 'ecrPush.selectProfile';
    this.item.text = '$(cloud) ECR';
    this.item.show();
  }

  /** Re-reads everything; cheap (no AWS call). Later calls win over slower earlier ones. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const selection = parseCredentialSelection(this.deps.settings.read().profile);
    const [storedKey, region] = await Promise.all([this.deps.secrets.get(), this.deps.regions.current().catch(() => undefined)]);
    if (generation !== this.generation) {
      return;
    }
    const label = selectionLabel(selection, storedKey !== undefined);
    this.item.text = `$(cloud) ${label} · ${region?.region ?? vscode.l10n.t('no region')}`;
    const identity = describeIdentity(this.deps.sessions.lastSession, region?.region, this.deps.tokens);
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['ecrPush.selectProfile', 'ecrPush.selectRegion'] };
    md.appendMarkdown(`**ECR Push**\n\n`);
    md.appendMarkdown(`- ${vscode.l10n.t('Credentials: {0}', escape(label))}\n`);
    md.appendMarkdown(
      `- ${region ? vscode.l10n.t('Region: {0} (from {1})', region.region, escape(region.from)) : vscode.l10n.t('Region: none: pushes will ask')}\n`,
    );
    md.appendMarkdown(`- ${vscode.l10n.t('Account: {0}', escape(identity.account))}\n`);
    if (identity.registryHost) md.appendMarkdown(`- ${vscode.l10n.t('Registry: {0}', `\`${identity.registryHost}\``)}\n`);
    md.appendMarkdown(`- ${loginLine(identity.expiresAt, identity.loginUntil)}\n\n`);
    md.appendMarkdown(
      `[${vscode.l10n.t('Select AWS Profile')}](command:ecrPush.selectProfile) · [${vscode.l10n.t('Select Region')}](command:ecrPush.selectRegion)`,
    );
    this.item.tooltip = md;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function loginLine(expiresAt: Date | undefined, loginUntil: Date | undefined): string {
  if (!expiresAt) {
    return vscode.l10n.t('Login: none yet');
  }
  return loginUntil
    ? vscode.l10n.t('Login: token expires {0}, reused until {1}', expiresAt.toLocaleString(), loginUntil.toLocaleTimeString())
    : vscode.l10n.t('Login: token expires {0}', expiresAt.toLocaleString());
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
