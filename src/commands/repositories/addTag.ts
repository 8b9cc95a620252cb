/**
 * "Add Tag…": gives an image in ECR one more tag without docker. BatchGetImage reads its manifest and
 * media type, PutImage writes the same bytes under the new tag: nothing is pulled or pushed, no local
 * image is needed, and the digest stays the same. On an image node it asks for the tag (checked as
 * typed, and against the tags the view shows); `{ repositoryName, imageTag | imageDigest, newTag,
 * region?, accountId? }` never prompts. Resolves to `{ imageUri, digest }`.
 */
import * as vscode from 'vscode';
import type { EcrImage } from '../../ecr/EcrRegistry';
import { ImageNode } from '../../views/repositories/RepositoryNodes';
import { argumentError, repositoryUriOf, type RepositoryCommandDeps } from './repositoryTarget';
import { ecrStep, imageContext, resolveImageTarget, singleTagProblem, type ImageTarget } from './imageTarget';

export interface AddTagResult {
  readonly imageUri: string;
  readonly digest: string;
}

export function createAddTagCommand(deps: RepositoryCommandDeps, log: (message: string) => void) {
  return async (arg?: unknown): Promise<AddTagResult | undefined> => {
    let newTag: string | undefined;
    try {
      const given = newTagArgument(arg);
      const target = await resolveImageTarget(deps, arg);
      if (!target) {
        return undefined;
      }
      newTag = given ?? (await askForTag(deps, target, arg instanceof ImageNode ? arg : undefined));
      if (!newTag) {
        return undefined;
      }
      const context = { ...imageContext(target), tag: newTag };
      const registry = target.session.registry;
      const source = await ecrStep('BatchGetImage', context, () =>
        registry.getImageManifest(target.repository.name, target.image, target.registryId),
      );
      const tag = newTag;
      const put = await ecrStep('PutImage', context, () =>
        registry.putImageManifest({
          repository: target.repository.name,
          registryId: target.registryId,
          manifest: source.manifest,
          mediaType: source.mediaType,
          tag,
          digest: source.digest,
        }),
      );
      const imageUri = `${await repositoryUriOf(target)}:${newTag}`;
      log(
        put.alreadyTagged
          ? `${target.label} already had the tag ${newTag} (${put.digest}); nothing changed.`
          : `Tagged ${target.label} as ${newTag} in ECR (${put.digest}), without docker.`,
      );
      deps.provider.refreshRepository(target.repository.name);
      const copy = vscode.l10n.t('Copy Image URI');
      void vscode.window
        .showInformationMessage(
          put.alreadyTagged
            ? vscode.l10n.t('{0} already names this image.', imageUri)
            : vscode.l10n.t('Added tag {0}: {1} ({2})', newTag, imageUri, put.digest),
          copy,
        )
        .then((choice) => {
          if (choice === copy) void vscode.env.clipboard.writeText(imageUri);
        });
      return { imageUri, digest: put.digest };
    } catch (error) {
      deps.errors.notify(error, { what: `add the tag${newTag ? ` ${newTag}` : ''}` });
      return undefined;
    }
  };
}

/** `newTag` of plain arguments, checked; undefined when the arguments have none (a tree node). */
function newTagArgument(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof ImageNode) {
    return undefined;
  }
  const value = (arg as { newTag?: unknown }).newTag;
  if (typeof value !== 'string') {
    throw argumentError(value === undefined ? 'Pass newTag, the tag to add.' : `newTag must be a string, not ${JSON.stringify(value)}.`);
  }
  const problem = singleTagProblem(value.trim(), 'newTag');
  if (problem) {
    throw argumentError(problem);
  }
  return value.trim();
}

/** The new tag, checked as typed; the tags the view shows warn before ECR would refuse or move them. */
async function askForTag(deps: RepositoryCommandDeps, target: ImageTarget, node: ImageNode | undefined): Promise<string | undefined> {
  const siblings: readonly EcrImage[] = node ? deps.provider.loadedImages(node.parent) : [];
  const immutable = target.repository.imageTagMutability === 'IMMUTABLE';
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add a tag to {0}', target.label),
    prompt: immutable
      ? vscode.l10n.t('The new tag is written in ECR (BatchGetImage + PutImage): no pull, no push. Tags in this repository are immutable.')
      : vscode.l10n.t('The new tag is written in ECR (BatchGetImage + PutImage): no pull, no push.'),
    placeHolder: vscode.l10n.t('e.g. stable, 1.4.0'),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const tag = value.trim();
      const problem = singleTagProblem(tag, 'The tag');
      if (problem) {
        return problem;
      }
      const holder = siblings.find((image) => image.tags.includes(tag));
      if (!holder) {
        return undefined;
      }
      if (holder.digest === target.imageDigest) {
        return { message: `This image already has the tag ${tag}.`, severity: vscode.InputBoxValidationSeverity.Info };
      }
      if (immutable) {
        return `${tag} already names another image, and tags in ${target.repository.name} are immutable.`;
      }
      return { message: `${tag} names another image now; it will move to this one.`, severity: vscode.InputBoxValidationSeverity.Warning };
    },
  });
  return input === undefined ? undefined : input.trim() || undefined;
}
