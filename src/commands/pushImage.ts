/**
 * "ECR: Push Image" — from the command palette (pick an image), from a Local Images tree item, or
 * programmatically with complete arguments (no prompts; resolves to { imageUri, digest }).
 */
import * as vscode from 'vscode';
import { repositoryWithoutRegistry } from '../docker/imageReference';
import type { LocalImage } from '../docker/localImage';
import { parseEcrRepositoryUri } from '../ecr/registryHost';
import { isPushCommandArgs, parsePushCommandArgs, tagOf } from '../push/commandArgs';
import { PushError } from '../push/pushErrors';
import type { PushRequest } from '../push/pushRequest';
import { parseTagList, validateAccountId, validateRegion, validateRepositoryName } from '../push/validation';
import { KNOWN_REGIONS, resolveDefaultRegion } from '../credentials/regionResolution';
import type { Settings } from '../config/settings';
import type { PushController } from '../ui/PushController';
import type { TargetMemory } from '../ui/TargetMemory';
import { LocalImageItem } from '../views/LocalImageItems';

export interface PushImageCommandDeps {
  readonly controller: PushController;
  readonly settings: Settings;
  readonly memory: TargetMemory;
  readonly localImages: () => Promise<LocalImage[]>;
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
    const image = arg instanceof LocalImageItem ? arg.image : undefined;
    const request = await promptForPush(deps, image);
    if (!request) {
      return undefined;
    }
    const result = await deps.controller.push(request).catch(() => undefined);
    return result && { imageUri: result.imageUri, imageUris: result.imageUris, digest: result.digest };
  };
}

async function pushFromArgs(deps: PushImageCommandDeps, raw: Record<string, unknown>): Promise<PushImageCommandResult> {
  let request: PushRequest;
  try {
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
    const settings = deps.settings.read();
    const region =
      args.region ?? (await resolveDefaultRegion({ setting: settings.region, profile: settings.profile, env: process.env }))?.region;
    if (!region) {
      throw new PushError(
        'invalidInput',
        'No region given: pass region, or set ecrPush.region, a profile region or AWS_REGION.',
        'Nothing was pushed or changed.',
        ['openSettings'],
      );
    }
    request = {
      source: args.imageName,
      repository: args.repositoryName,
      tags: args.imageTags ?? [tagOf(args.imageName) ?? 'latest'],
      region,
      accountId: args.accountId,
    };
  } catch (error) {
    if (error instanceof PushError) {
      void vscode.window.showErrorMessage(`ECR Push: ${error.userMessage}`);
    }
    throw error;
  }
  const result = await deps.controller.push(request);
  return { imageUri: result.imageUri, imageUris: result.imageUris, digest: result.digest };
}

/** Asks for whatever the push still needs; undefined when the user backs out. */
async function promptForPush(deps: PushImageCommandDeps, preselected?: LocalImage): Promise<PushRequest | undefined> {
  const image = preselected ?? (await pickLocalImage(deps));
  if (!image) {
    return undefined;
  }
  const imageKey = image.dangling ? image.id : image.repository;
  const remembered = deps.memory.lastTarget(imageKey);
  const defaultRepository = remembered?.repository ?? (image.dangling ? '' : repositoryWithoutRegistry(image.reference).toLowerCase());

  const repositoryInput = await vscode.window.showInputBox({
    title: `Push ${image.dangling ? image.id.slice(7, 19) : image.reference} to ECR (1/3): repository`,
    prompt: 'ECR repository name (or paste a full repository URI)',
    value: defaultRepository,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const uri = parseEcrRepositoryUri(value);
      if (uri && !validateRepositoryName(uri.repository)) {
        return {
          message: `Will push to repository ${uri.repository} in account ${uri.info.accountId}, region ${uri.info.region}.`,
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      }
      return validateRepositoryName(value.trim());
    },
  });
  if (repositoryInput === undefined) {
    return undefined;
  }
  const pasted = parseEcrRepositoryUri(repositoryInput);
  const repository = pasted?.repository ?? repositoryInput.trim();

  const defaultTags = pasted?.tag ?? remembered?.tags.join(', ') ?? (image.dangling ? 'latest' : image.tag);
  const tagsInput = await vscode.window.showInputBox({
    title: `Push to ${repository} (2/3): tags`,
    prompt: 'Tag(s) to push, comma-separated (e.g. 1.4.0, latest)',
    value: defaultTags,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseTagList(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (tagsInput === undefined) {
    return undefined;
  }
  const parsedTags = parseTagList(tagsInput);
  if ('error' in parsedTags) {
    return undefined;
  }

  const region = pasted?.info.region ?? (await chooseRegion(deps, remembered?.region));
  if (!region) {
    return undefined;
  }
  const accountId = pasted?.info.accountId ?? remembered?.accountId;
  if (accountId && validateAccountId(accountId)) {
    return undefined;
  }
  await deps.memory.remember(imageKey, { repository, tags: parsedTags.tags, region, accountId });
  return { source: image.dangling ? image.id : image.reference, repository, tags: parsedTags.tags, region, accountId };
}

async function pickLocalImage(deps: PushImageCommandDeps): Promise<LocalImage | undefined> {
  const settings = deps.settings.read();
  const picks = deps.localImages().then((images) =>
    images
      .filter((image) => settings.showDanglingImages || !image.dangling)
      .map((image) => ({
        label: image.dangling ? `<none> ${image.id.slice(7, 19)}` : image.reference,
        description: [image.sizeText, image.createdSince].filter(Boolean).join(' · '),
        detail: image.id,
        image,
      })),
  );
  let chosen;
  try {
    chosen = await vscode.window.showQuickPick(picks, {
      title: 'ECR: Push Image',
      placeHolder: 'Pick the local image to push',
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`ECR Push: could not list local images. ${(error as Error).message}`, 'Show Log');
    return undefined;
  }
  if (!chosen && (await picks).length === 0) {
    void vscode.window.showInformationMessage('ECR Push: there are no local images to push. Build or pull one first.');
  }
  return chosen?.image;
}

async function chooseRegion(deps: PushImageCommandDeps, remembered: string | undefined): Promise<string | undefined> {
  const settings = deps.settings.read();
  const resolved = await resolveDefaultRegion({ setting: settings.region, profile: settings.profile, env: process.env });
  if (resolved && !validateRegion(resolved.region)) {
    return resolved.region;
  }
  const recent = [...(remembered ? [remembered] : []), ...deps.memory.recentRegions()];
  const ordered = [...new Set([...recent, ...KNOWN_REGIONS])];
  const recentSet = new Set(recent);
  const pick = await vscode.window.showQuickPick(
    ordered.map((region) => ({ label: region, description: recentSet.has(region) ? 'recently used' : undefined })),
    { title: 'Push to ECR (3/3): region', placeHolder: 'AWS region of the registry', ignoreFocusOut: true },
  );
  return pick?.label;
}
