/**
 * "ECR: Push Image": from the command palette (pick an image), from a Local Images tree item, or
 * programmatically with complete arguments (no prompts; resolves to { imageUri, imageUris, digest }).
 */
import * as vscode from 'vscode';
import type { Settings } from '../config/settings';
import type { RegionResolver } from '../credentials/regionResolution';
import { repositoryWithoutRegistry } from '../docker/imageReference';
import type { LocalImage } from '../docker/localImage';
import { parseEcrRepositoryUri } from '../ecr/registryHost';
import { isPushCommandArgs, parsePushCommandArgs, tagOf } from '../push/commandArgs';
import { PushError } from '../push/pushErrors';
import type { PushRequest } from '../push/pushRequest';
import { validateAccountId } from '../push/validation';
import type { ErrorNotifier } from '../ui/ErrorNotifier';
import { chooseRegion, inputRepository, inputTags, pickLocalImage } from '../ui/prompts';
import type { PushController } from '../ui/PushController';
import type { TargetMemory } from '../ui/TargetMemory';
import { LocalImageItem } from '../views/LocalImageItems';

export interface PushImageCommandDeps {
  readonly controller: PushController;
  readonly settings: Settings;
  readonly regions: RegionResolver;
  readonly memory: TargetMemory;
  readonly errors: ErrorNotifier;
  readonly localImages: () => Promise<readonly LocalImage[]>;
}

export interface PushImageCommandResult {
  readonly imageUri: string;
  readonly imageUris: readonly string[];
  readonly digest?: string;
}

export function createPushImageCommand(deps: PushImageCommandDeps) {
  return async (arg?: unknown): Promise<PushImageCommandResult | undefined> => {
    if (isPushCommandArgs(arg)) {
      return pushFromArgs(deps, arg);
    }
    const request = await promptForPush(deps, arg instanceof LocalImageItem ? arg.image : undefined);
    if (!request) {
      return undefined;
    }
    // The controller has shown the error with its buttons; an interactive push resolves to nothing.
    const result = await deps.controller.push(request).catch(() => undefined);
    return result && { imageUri: result.imageUri, imageUris: result.imageUris, digest: result.digest };
  };
}

async function pushFromArgs(deps: PushImageCommandDeps, raw: Record<string, unknown>): Promise<PushImageCommandResult> {
  let request: PushRequest;
  try {
    request = await requestFromArgs(deps, raw);
  } catch (error) {
    throw deps.errors.notify(error);
  }
  const result = await deps.controller.push(request);
  return { imageUri: result.imageUri, imageUris: result.imageUris, digest: result.digest };
}

async function requestFromArgs(deps: PushImageCommandDeps, raw: Record<string, unknown>): Promise<PushRequest> {
  const args = parsePushCommandArgs(raw);
  const uri = parseEcrRepositoryUri(args.repositoryName);
  if (uri) {
    throw new PushError(
      'invalidInput',
      `repositoryName "${args.repositoryName}" is a full image URI. Pass repositoryName "${uri.repository}"` +
        `${args.accountId ? '' : `, accountId "${uri.info.accountId}"`}${args.region ? '' : ` and region "${uri.info.region}"`} instead.`,
      'Nothing was pushed or changed.',
      [],
    );
  }
  const region = args.region ?? (await deps.regions.current())?.region;
  if (!region) {
    throw new PushError(
      'invalidInput',
      'No region given: pass region, or set ecrPush.region, a profile region or AWS_REGION.',
      'Nothing was pushed or changed.',
      ['openSettings'],
    );
  }
  return {
    source: args.imageName,
    repository: args.repositoryName,
    tags: args.imageTags ?? [tagOf(args.imageName) ?? 'latest'],
    region,
    accountId: args.accountId,
  };
}

/** Asks for whatever the push still needs; undefined when the user backs out. */
async function promptForPush(deps: PushImageCommandDeps, preselected?: LocalImage): Promise<PushRequest | undefined> {
  const image =
    preselected ??
    (await pickLocalImage(deps.localImages(), {
      title: vscode.l10n.t('ECR: Push Image'),
      includeDangling: deps.settings.read().showDanglingImages,
      onListError: (error) => deps.errors.notify(error, { what: vscode.l10n.t('list local images') }),
    }));
  if (!image) {
    return undefined;
  }
  const imageKey = image.dangling ? image.id : image.repository;
  const remembered = deps.memory.lastTarget(imageKey);

  const target = await inputRepository({
    title: vscode.l10n.t('Push {0} to ECR (1/3): repository', image.dangling ? image.id.slice(7, 19) : image.reference),
    value: remembered?.repository ?? (image.dangling ? '' : repositoryWithoutRegistry(image.reference).toLowerCase()),
    acceptUri: true,
  });
  if (!target) {
    return undefined;
  }
  const { repository, pasted } = target;
  const tags = await inputTags({
    title: vscode.l10n.t('Push to {0} (2/3): tags', repository),
    value: pasted?.tag ?? remembered?.tags.join(', ') ?? (image.dangling ? 'latest' : image.tag),
  });
  if (!tags) {
    return undefined;
  }
  const region = pasted?.info.region ?? (await chooseRegionFor(deps, remembered?.region));
  if (!region) {
    return undefined;
  }
  const accountId = pasted?.info.accountId ?? remembered?.accountId;
  if (accountId && validateAccountId(accountId)) {
    return undefined;
  }
  await deps.memory.remember(imageKey, { repository, tags, region, accountId });
  return { source: image.dangling ? image.id : image.reference, repository, tags, region, accountId };
}

/** The region in effect, else a pick with the image's last region and recent ones first. */
function chooseRegionFor(deps: PushImageCommandDeps, remembered: string | undefined): Promise<string | undefined> {
  return chooseRegion({
    title: vscode.l10n.t('Push to ECR (3/3): region'),
    current: () => deps.regions.current(),
    remembered,
    recent: deps.memory.recentRegions(),
  });
}
