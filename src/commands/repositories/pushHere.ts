/**
 * "Push Local Image Here…": pick a local image and the tags, then run the normal `ecrPush.pushImage`
 * flow with this repository, region and account preset (complete arguments, so it does not ask again).
 */
import * as vscode from 'vscode';
import type { LocalImage } from '../../docker/localImage';
import { parseTagList } from '../../push/validation';
import { reportRepositoryCommandError } from './reportError';
import { resolveRepositoryTarget, type RepositoryCommandDeps } from './repositoryTarget';

export function createPushHereCommand(deps: RepositoryCommandDeps, localImages: () => Promise<LocalImage[]>) {
  return async (arg?: unknown): Promise<unknown> => {
    let target;
    try {
      target = await resolveRepositoryTarget(deps, arg);
    } catch (error) {
      return reportRepositoryCommandError('push to the repository', error);
    }
    if (!target) {
      return undefined;
    }
    const name = target.repository.name;
    const images = await localImages().catch((error: unknown) => {
      reportRepositoryCommandError('list local images', error);
      return undefined;
    });
    if (!images) {
      return undefined;
    }
    const tagged = images.filter((image) => !image.dangling);
    if (tagged.length === 0) {
      void vscode.window.showInformationMessage('ECR: there are no local images to push. Build or pull one first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      tagged.map((image) => ({
        label: image.reference,
        description: [image.sizeText, image.createdSince].filter(Boolean).join(' · '),
        image,
      })),
      {
        title: `Push to ${name} (1/2): local image`,
        placeHolder: 'Pick the local image to push',
        matchOnDescription: true,
        ignoreFocusOut: true,
      },
    );
    if (!picked) {
      return undefined;
    }
    const tagsInput = await vscode.window.showInputBox({
      title: `Push ${picked.image.reference} to ${name} (2/2): tags`,
      prompt: 'Tag(s) to push, comma-separated',
      value: picked.image.tag || 'latest',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseTagList(value);
        return 'error' in parsed ? parsed.error : undefined;
      },
    });
    const tags = tagsInput === undefined ? undefined : parseTagList(tagsInput);
    if (!tags || 'error' in tags) {
      return undefined;
    }
    // Errors are shown by the push itself (with their buttons); the view refreshes on success.
    return vscode.commands
      .executeCommand('ecrPush.pushImage', {
        imageName: picked.image.reference,
        imageTag: tags.tags,
        repositoryName: name,
        region: target.region,
        ...(target.registryId ? { accountId: target.registryId } : {}),
      })
      .then(undefined, () => undefined);
  };
}
