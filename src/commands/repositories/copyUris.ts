/**
 * "Copy Repository URI" and "Copy Image URI" (tag and @sha256 digest forms). Given a tree node or
 * `{ repositoryName, region?, accountId?, imageTag? | imageDigest? }`; resolve to the copied text.
 */
import * as vscode from 'vscode';
import { argumentError, repositoryUriOf, resolveRepositoryTarget, type RepositoryCommandDeps } from './repositoryTarget';

export function createCopyRepositoryUriCommand(deps: RepositoryCommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    try {
      const target = await resolveRepositoryTarget(deps, arg);
      if (!target) {
        return undefined;
      }
      const uri = await repositoryUriOf(target);
      await vscode.env.clipboard.writeText(uri);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', uri), 3000);
      return uri;
    } catch (error) {
      deps.errors.notify(error, { what: vscode.l10n.t('copy the repository URI') });
      return undefined;
    }
  };
}

export function createCopyImageUriCommand(deps: RepositoryCommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    try {
      const target = await resolveRepositoryTarget(deps, arg);
      if (!target) {
        return undefined;
      }
      const base = await repositoryUriOf(target);
      const forms = [
        ...target.imageTags.map((tag) => ({ label: `${base}:${tag}`, description: vscode.l10n.t('tag {0}', tag) })),
        ...(target.imageDigest ? [{ label: `${base}@${target.imageDigest}`, description: vscode.l10n.t('digest (immutable)') }] : []),
      ];
      if (forms.length === 0) {
        throw argumentError('Pass imageTag or imageDigest (or use the command on an image in the ECR Repositories view).');
      }
      const chosen =
        forms.length === 1
          ? forms[0]
          : await vscode.window.showQuickPick(forms, {
              title: vscode.l10n.t('Copy Image URI'),
              placeHolder: vscode.l10n.t('Which form of the image URI?'),
            });
      if (!chosen) {
        return undefined;
      }
      await vscode.env.clipboard.writeText(chosen.label);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', chosen.label), 3000);
      return chosen.label;
    } catch (error) {
      deps.errors.notify(error, { what: vscode.l10n.t('copy the image URI') });
      return undefined;
    }
  };
}
