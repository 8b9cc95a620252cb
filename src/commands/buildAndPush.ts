/**
 * "ECR: Build and Push Image…" (palette, a Dockerfile's explorer and editor-title menus, the CodeLens) and
 * "ECR: Build and Push Again". With complete arguments it never prompts and resolves to
 * `{ imageUri, imageUris, digest, localImage }`. The push goes through the one PushController.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RegionResolver } from '../credentials/regionResolution';
import { DOCKERFILE_GLOB, isDockerfileName, stageNames } from '../docker/dockerfile';
import {
  formatBuildArgs,
  parseBuildArgsText,
  parseBuildCommandArgs,
  resolvePushRequest,
  suggestRepositoryName,
  toPushRequest,
  type BuildPushArgs,
} from '../push/buildPushArgs';
import { untrustedBuildError } from '../push/buildRequest';
import { isPushCommandArgs } from '../push/commandArgs';
import type { PushResult } from '../push/pushPorts';
import type { PushRequest } from '../push/pushRequest';
import { expandTagPattern, tagSuggestions, toTagPattern } from '../push/tagSuggestions';
import { validateAccountId } from '../push/validation';
import { dockerfileKey, type BuildMemory, type RememberedBuild } from '../ui/BuildMemory';
import type { ErrorNotifier } from '../ui/ErrorNotifier';
import { gitHeadFor } from '../ui/gitHead';
import {
  chooseRegion,
  editBuildOptions,
  inputRepository,
  pickBuildTags,
  pickDockerfile,
  summariseBuildOptions,
  type BuildOptionsChoice,
} from '../ui/prompts';
import type { PushController } from '../ui/PushController';
import type { PushLog } from '../ui/PushLog';
import type { TargetMemory } from '../ui/TargetMemory';

export interface BuildAndPushDeps {
  readonly controller: PushController;
  readonly regions: RegionResolver;
  /** Recently used regions (shared with Push Image). */
  readonly memory: TargetMemory;
  readonly builds: BuildMemory;
  readonly errors: ErrorNotifier;
  readonly log: PushLog;
}

export interface BuildAndPushResult {
  readonly imageUri: string;
  readonly imageUris: readonly string[];
  readonly digest?: string;
  /** The local image the build made (`<repository>:<first tag>`); undefined for a multi-platform index, which stays remote. */
  readonly localImage?: string;
}

export function createBuildAndPushCommands(deps: BuildAndPushDeps) {
  return {
    /** `ecrPush.buildAndPush`: arguments → no prompts; a Dockerfile URI (menus, CodeLens) or nothing → prompts. */
    buildAndPush: async (arg?: unknown): Promise<BuildAndPushResult | undefined> => {
      if (!vscode.workspace.isTrusted) {
        return refuseUntrusted(deps, isPushCommandArgs(arg));
      }
      if (isPushCommandArgs(arg)) {
        return buildFromArgs(deps, arg);
      }
      const dockerfile = await dockerfileFor(arg);
      return dockerfile && promptAndPush(deps, dockerfile);
    },
    /** `ecrPush.buildAndPushAgain`: the Dockerfile's remembered choices, without a prompt (prompts only when there are none). */
    buildAndPushAgain: async (arg?: unknown): Promise<BuildAndPushResult | undefined> => {
      if (!vscode.workspace.isTrusted) {
        return refuseUntrusted(deps, false);
      }
      const dockerfile = await dockerfileFor(arg);
      if (!dockerfile) {
        return undefined;
      }
      const remembered = deps.builds.get(dockerfileKey(dockerfile));
      if (!remembered) {
        return promptAndPush(deps, dockerfile);
      }
      const head = await gitHeadFor(dockerfile);
      const tags = expandTagPattern(remembered.tagPattern, head);
      return push(deps, requestFor(dockerfile, remembered, tags), { interactive: true });
    },
  };
}

/**
 * The menus and the CodeLens are hidden in Restricted Mode; a call that comes anyway (the palette, another
 * extension) gets the reason and the way out, and nothing runs. An argument call also rejects with it.
 */
function refuseUntrusted(deps: BuildAndPushDeps, programmatic: boolean): undefined {
  const error = deps.errors.notify(untrustedBuildError());
  if (programmatic) {
    throw error;
  }
  return undefined;
}

async function buildFromArgs(deps: BuildAndPushDeps, raw: Record<string, unknown>): Promise<BuildAndPushResult> {
  let request: PushRequest;
  try {
    const args = parseBuildCommandArgs(raw);
    request = await resolvePushRequest(args, baseDirFor(args.dockerfile), () => deps.regions.current());
  } catch (error) {
    throw deps.errors.notify(error);
  }
  return (await push(deps, request, { interactive: false }))!;
}

/** Relative Dockerfile paths in arguments are relative to the (first) workspace folder. */
function baseDirFor(dockerfile: string | undefined): string {
  if (dockerfile && path.isAbsolute(dockerfile)) {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile))?.uri.fsPath ?? path.dirname(dockerfile);
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/**
 * Runs the push through the controller. An interactive gesture resolves to undefined on failure (the
 * controller has shown the error with its buttons); an argument call rejects with the error.
 */
async function push(deps: BuildAndPushDeps, request: PushRequest, how: { interactive: boolean }): Promise<BuildAndPushResult | undefined> {
  const pushing = deps.controller.push(request);
  const result: PushResult | undefined = how.interactive ? await pushing.catch(() => undefined) : await pushing;
  return (
    result && {
      imageUri: result.imageUri,
      imageUris: result.imageUris,
      digest: result.digest,
      ...(result.built?.localImage ? { localImage: result.built.localImage } : {}),
    }
  );
}

/** Asks for the repository, the tags (and More options) and the region; remembers them for the Dockerfile; pushes. */
async function promptAndPush(deps: BuildAndPushDeps, dockerfile: vscode.Uri): Promise<BuildAndPushResult | undefined> {
  const key = dockerfileKey(dockerfile);
  const remembered = deps.builds.get(key);
  const relative = vscode.workspace.asRelativePath(dockerfile, false);
  const [text, head] = await Promise.all([readText(dockerfile), gitHeadFor(dockerfile)]);

  const target = await inputRepository({
    title: vscode.l10n.t('Build {0} and push to ECR (1/3): repository', relative),
    value: remembered?.repository ?? suggestRepositoryName(path.basename(path.dirname(dockerfile.fsPath))) ?? '',
    acceptUri: true,
  });
  if (!target) {
    return undefined;
  }
  const { repository, pasted } = target;

  let options: BuildOptionsChoice = remembered ? optionsOf(remembered) : {};
  let tagsText = pasted?.tag ?? (remembered ? expandTagPattern(remembered.tagPattern, head) : [tagSuggestions(head)[0].tag]).join(', ');
  let tags: string[] | undefined;
  while (!tags) {
    const answer = await pickBuildTags({
      title: vscode.l10n.t('Build and push to {0} (2/3): tags', repository),
      value: tagsText,
      suggestions: tagSuggestions(head),
      optionsSummary: summariseBuildOptions(options),
    });
    if (!answer) {
      return undefined;
    }
    if ('moreOptions' in answer) {
      tagsText = answer.text;
      options = await editBuildOptions({
        title: vscode.l10n.t('Build {0}', relative),
        initial: options,
        stages: stageNames(text),
        contextProblem: (folder) => contextProblem(baseDirOf(dockerfile), folder),
        parseBuildArgs: parseBuildArgsText,
        formatBuildArgs,
      });
    } else {
      tags = answer.tags;
    }
  }

  const region =
    pasted?.info.region ??
    (await chooseRegion({
      title: vscode.l10n.t('Build and push to {0} (3/3): region', repository),
      current: () => deps.regions.current(),
      remembered: remembered?.region,
      recent: deps.memory.recentRegions(),
    }));
  if (!region) {
    return undefined;
  }
  const accountId = pasted?.info.accountId ?? remembered?.accountId;
  if (accountId && validateAccountId(accountId)) {
    return undefined;
  }
  const choice: RememberedBuild = {
    repository,
    tagPattern: toTagPattern(tags, head),
    region,
    ...(accountId ? { accountId } : {}),
    ...options,
  };
  const notRemembered = await deps.builds.remember(key, choice);
  if (notRemembered.length > 0) {
    deps.log.warn(
      `Build arguments ${notRemembered.join(', ')} look like secrets: they are used for this build but not remembered for "Build and Push Again".`,
    );
  }
  return push(deps, requestFor(dockerfile, { ...choice, buildArgs: options.buildArgs }, tags), { interactive: true });
}

function requestFor(dockerfile: vscode.Uri, choice: RememberedBuild, tags: readonly string[]): PushRequest {
  const args: BuildPushArgs = {
    dockerfile: dockerfile.fsPath,
    repository: choice.repository,
    tags,
    region: choice.region,
    ...(choice.accountId ? { accountId: choice.accountId } : {}),
    ...optionsOf(choice),
  };
  return toPushRequest(args, { baseDir: baseDirOf(dockerfile), region: choice.region });
}

function optionsOf(choice: RememberedBuild | BuildOptionsChoice): BuildOptionsChoice {
  const { context, buildArgs, target, platform, platforms } = choice;
  return {
    ...(context !== undefined ? { context } : {}),
    ...(buildArgs ? { buildArgs } : {}),
    ...(target ? { target } : {}),
    ...(platform ? { platform } : {}),
    ...(platforms?.length ? { platforms } : {}),
  };
}

/** The Dockerfile a gesture is about: the one clicked (a URI), else the active editor's, else one the user picks. */
async function dockerfileFor(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'dockerfile' || isDockerfileName(path.basename(active.uri.fsPath)))) {
    return active.uri;
  }
  return pickDockerfile(
    Promise.resolve(vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 500)),
    vscode.l10n.t('ECR: Build and Push Image'),
  );
}

/** Paths in a Dockerfile's options are relative to its workspace folder (its own folder outside any). */
function baseDirOf(dockerfile: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath ?? path.dirname(dockerfile.fsPath);
}

function contextProblem(baseDir: string, folder: string): string | undefined {
  const full = path.resolve(baseDir, folder);
  try {
    return fs.statSync(full).isDirectory() ? undefined : vscode.l10n.t('{0} is not a folder.', full);
  } catch {
    return vscode.l10n.t('There is no folder {0}.', full);
  }
}

async function readText(file: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return '';
  }
}
