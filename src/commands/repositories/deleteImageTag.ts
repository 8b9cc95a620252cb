/**
 * "Delete Image Tag…": after a modal confirmation naming the tag and the repository, removes exactly
 * that tag (BatchDeleteImage with only imageTag). Other tags of the image, and other images, stay.
 * Confirms even when called with `{ repositoryName, imageTag }`; only a caller that passes
 * `skipConfirmation: true` explicitly (having asked the user itself) skips the question.
 */
import * as vscode from 'vscode';
import { argumentError, resolveRepositoryTarget, type RepositoryCommandDeps } from './repositoryTarget';

export interface DeleteImageTagResult {
  readonly deleted: boolean;
  readonly repositoryName?: string;
  readonly imageTag?: string;
  readonly digest?: string;
}

export function createDeleteImageTagCommand(deps: RepositoryCommandDeps, log: (message: string) => void) {
  return async (arg?: unknown): Promise<DeleteImageTagResult> => {
    try {
      const target = await resolveRepositoryTarget(deps, arg);
      if (!target) {
        return { deleted: false };
      }
      const name = target.repository.name;
      let tag = target.imageTags.length === 1 ? target.imageTags[0] : undefined;
      if (!tag && target.imageTags.length > 1) {
        tag = await vscode.window.showQuickPick([...target.imageTags], {
          title: vscode.l10n.t('Delete a tag of {0}', name),
          placeHolder: vscode.l10n.t('Which tag? Only that tag is removed; the image keeps its other tags.'),
        });
      }
      if (!tag) {
        if (target.imageTags.length === 0) {
          deps.errors.notify(argumentError('This image has no tag; pass imageTag.'), { what: vscode.l10n.t('delete the tag') });
        }
        return { deleted: false };
      }
      const others = target.imageTags.filter((t) => t !== tag);
      const detail = others.length
        ? vscode.l10n.t('The image keeps its other tags ({0}). Nothing else is deleted.', others.join(', '))
        : vscode.l10n.t('This is the image’s only tag, so ECR also deletes the image itself. Nothing else is deleted.');
      const question = vscode.l10n.t('Delete tag "{0}" from repository "{1}"?', tag, name);
      if (!isSkipConfirmation(arg) && !(await confirm(question, detail, log))) {
        return { deleted: false, repositoryName: name, imageTag: tag };
      }
      const { digest } = await target.session.registry.deleteImageTag(name, tag, target.registryId);
      log(`Deleted tag ${tag} from ${name} in ${target.region}${digest ? ` (image ${digest})` : ''}.`);
      if (target.node) {
        deps.provider.refresh(target.node);
      } else {
        deps.provider.refreshRepository(name);
      }
      return { deleted: true, repositoryName: name, imageTag: tag, digest };
    } catch (error) {
      deps.errors.notify(error, { what: vscode.l10n.t('delete the tag') });
      return { deleted: false };
    }
  };
}

/** Only plain arguments can carry it; a tree node never does, so the tree always asks. */
function isSkipConfirmation(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && (arg as { skipConfirmation?: unknown }).skipConfirmation === true;
}

/** The modal question; a dialog that cannot be shown (VS Code refuses dialogs in some hosts) counts as "no". */
async function confirm(question: string, detail: string, log: (message: string) => void): Promise<boolean> {
  try {
    const deleteTag = vscode.l10n.t('Delete');
    return (await vscode.window.showWarningMessage(question, { modal: true, detail }, deleteTag)) === deleteTag;
  } catch (error) {
    log(`The confirmation "${question}" could not be shown (${(error as Error).message}); nothing was deleted.`);
    return false;
  }
}
