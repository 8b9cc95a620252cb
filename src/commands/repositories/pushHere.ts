/**
 * "Push Local Image Here…" on a repository of the ECR Repositories view (or `{ repositoryName, region?,
 * accountId? }`): pick a local image and tags, then push through the same controller as every push.
 */
import * as vscode from 'vscode';
import type { Settings } from '../../config/settings';
import type { LocalImage } from '../../docker/localImage';
import type { PushResult } from '../../push/pushPorts';
import { inputTags, pickLocalImage } from '../../ui/prompts';
import type { PushController } from '../../ui/PushController';
import { resolveRepositoryTarget, type RepositoryCommandDeps } from './repositoryTarget';

export interface PushHereDeps extends RepositoryCommandDeps {
  readonly controller: PushController;
  readonly settings: Settings;
  readonly localImages: () => Promise<readonly LocalImage[]>;
}

export function createPushHereCommand(deps: PushHereDeps) {
  return async (arg?: unknown): Promise<PushResult | undefined> => {
    let target;
    try {
      target = await resolveRepositoryTarget(deps, arg);
    } catch (error) {
      deps.errors.notify(error, { what: vscode.l10n.t('push to the repository') });
      return undefined;
    }
    if (!target) {
      return undefined;
    }
    const name = target.repository.name;
    const image = await pickLocalImage(deps.localImages(), {
      title: vscode.l10n.t('Push to {0} (1/2): local image', name),
      includeDangling: deps.settings.read().showDanglingImages,
      onListError: (error) => deps.errors.notify(error, { what: vscode.l10n.t('list local images') }),
    });
    if (!image) {
      return undefined;
    }
    const tags = await inputTags({
      title: vscode.l10n.t('Push {0} to {1} (2/2): tags', image.reference, name),
      value: image.tag || 'latest',
    });
    if (!tags) {
      return undefined;
    }
    // The controller shows any failure with its buttons; the view refreshes on success.
    return deps.controller
      .push({
        source: image.dangling ? image.id : image.reference,
        repository: name,
        tags,
        region: target.region,
        accountId: target.registryId,
      })
      .catch(() => undefined);
  };
}
