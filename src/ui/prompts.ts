/**
 * Every question a push or a repository command asks, in one place: which local image, which repository,
 * which tags, which region. Each checks the answer as it is typed, with the same rules and messages as
 * programmatic arguments, and resolves to undefined when the user backs out.
 */
import * as vscode from 'vscode';
import { orderRegionsForPick, type RegionSource } from '../credentials/regionResolution';
import type { LocalImage } from '../docker/localImage';
import { parseEcrRepositoryUri } from '../ecr/registryHost';
import { parseTagList, validateRegion, validateRepositoryName } from '../push/validation';

/** A pasted ECR repository URI, split into its parts. */
export type PastedRepositoryUri = NonNullable<ReturnType<typeof parseEcrRepositoryUri>>;

/**
 * Picks a local image from a listing that may still be loading. Undefined when dismissed, when there are
 * none (the user is told how to get one) or when listing failed (`onListError` is told).
 */
export async function pickLocalImage(
  images: Promise<readonly LocalImage[]>,
  options: { readonly title: string; readonly includeDangling: boolean; readonly onListError: (error: unknown) => void },
): Promise<LocalImage | undefined> {
  const picks = images.then((all) =>
    all
      .filter((image) => options.includeDangling || !image.dangling)
      .map((image) => ({
        label: image.dangling ? `<none> ${shortId(image.id)}` : image.reference,
        description: [image.sizeText, image.createdSince].filter(Boolean).join(' · '),
        detail: image.id,
        image,
      })),
  );
  let chosen;
  try {
    chosen = await vscode.window.showQuickPick(picks, {
      title: options.title,
      placeHolder: vscode.l10n.t('Pick the local image to push'),
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
  } catch (error) {
    options.onListError(error);
    return undefined;
  }
  if (!chosen && (await picks).length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ECR: there are no local images to push. Build or pull one first.'));
  }
  return chosen?.image;
}

/** The repository name, checked as typed; a pasted ECR repository or image URI is accepted and split. */
export async function inputRepository(options: {
  readonly title: string;
  readonly value: string;
  readonly acceptUri: boolean;
}): Promise<{ readonly repository: string; readonly pasted?: PastedRepositoryUri } | undefined> {
  const input = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.acceptUri
      ? vscode.l10n.t('ECR repository name (or paste a full repository URI)')
      : vscode.l10n.t('Lowercase letters, digits, and . _ - / between them, e.g. team/my-app'),
    value: options.value,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const uri = options.acceptUri ? parseEcrRepositoryUri(value) : undefined;
      if (uri && !validateRepositoryName(uri.repository)) {
        return {
          message: vscode.l10n.t(
            'Will push to repository {0} in account {1}, region {2}.',
            uri.repository,
            uri.info.accountId,
            uri.info.region,
          ),
          severity: vscode.InputBoxValidationSeverity.Info,
        };
      }
      return validateRepositoryName(value.trim());
    },
  });
  if (input === undefined) {
    return undefined;
  }
  const pasted = options.acceptUri ? parseEcrRepositoryUri(input) : undefined;
  return { repository: pasted?.repository ?? input.trim(), pasted };
}

/** One or more comma-separated tags, checked as typed. */
export async function inputTags(options: { readonly title: string; readonly value: string }): Promise<string[] | undefined> {
  const input = await vscode.window.showInputBox({
    title: options.title,
    prompt: vscode.l10n.t('Tag(s) to push, comma-separated (e.g. 1.4.0, latest)'),
    value: options.value,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseTagList(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  const parsed = input === undefined ? undefined : parseTagList(input);
  return parsed && 'tags' in parsed ? parsed.tags : undefined;
}

/**
 * A region: the current one first, then recently used ones, then every region. With `automatic`, an
 * "Automatic" item comes first and picking it resolves to '' (follow the profile and environment).
 */
export async function pickRegion(options: {
  readonly title: string;
  readonly placeHolder: string;
  readonly current?: string;
  readonly recent: readonly string[];
  /** Offer "Automatic", described by what it resolves to now (null: nothing names a region). */
  readonly automatic?: RegionSource | null;
}): Promise<string | undefined> {
  type RegionItem = vscode.QuickPickItem & { region?: string };
  const items: RegionItem[] = [];
  if (options.automatic !== undefined) {
    items.push(
      {
        label: `$(sync) ${vscode.l10n.t('Automatic')}${options.current ? '' : ' $(check)'}`,
        description: options.automatic
          ? vscode.l10n.t('now {0}, from {1}', options.automatic.region, options.automatic.from)
          : vscode.l10n.t('no profile region or AWS_REGION: pushes will ask'),
        region: '',
      },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
    );
  }
  for (const entry of orderRegionsForPick({ current: options.current, recent: options.recent })) {
    items.push({
      label: `${entry.region}${entry.current ? ' $(check)' : ''}`,
      description: entry.current ? vscode.l10n.t('current') : entry.recent ? vscode.l10n.t('recently used') : undefined,
      region: entry.region,
    });
  }
  const chosen = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true });
  return chosen?.region;
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * The region in effect (setting, profile, environment), else a pick with `remembered` and recent
 * regions first. Every push gesture asks this way.
 */
export async function chooseRegion(options: {
  readonly title: string;
  readonly current: () => Promise<RegionSource | undefined>;
  readonly remembered?: string;
  readonly recent: readonly string[];
}): Promise<string | undefined> {
  const resolved = await options.current();
  if (resolved && !validateRegion(resolved.region)) {
    return resolved.region;
  }
  return pickRegion({
    title: options.title,
    placeHolder: vscode.l10n.t('AWS region of the registry'),
    recent: [...(options.remembered ? [options.remembered] : []), ...options.recent],
  });
}

/** Picks one of the workspace's Dockerfiles (shown by workspace-relative path). */
export async function pickDockerfile(files: Promise<readonly vscode.Uri[]>, title: string): Promise<vscode.Uri | undefined> {
  const items = files.then((uris) =>
    uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri })).sort((a, b) => a.label.localeCompare(b.label)),
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Pick the Dockerfile to build'),
    ignoreFocusOut: true,
  });
  if (!chosen && (await items).length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ECR: there is no Dockerfile (or Containerfile) in this workspace.'));
  }
  return chosen?.uri;
}

/** What the tags step of Build and Push answered: the tags, or "open More options" with the text typed so far. */
export type BuildTagsAnswer = { readonly tags: string[] } | { readonly moreOptions: true; readonly text: string };

/**
 * The tags of a build and push: typed comma-separated into the box (checked as typed), with the git
 * suggestions (short commit, branch) and `latest` as items that add or remove themselves, and a
 * "More options" item for the context folder, build arguments, target stage and platform.
 */
export function pickBuildTags(options: {
  readonly title: string;
  readonly value: string;
  readonly suggestions: readonly { readonly tag: string; readonly why: string }[];
  /** What More options holds now, e.g. "target build · linux/arm64"; empty for the defaults. */
  readonly optionsSummary: string;
}): Promise<BuildTagsAnswer | undefined> {
  type Item = vscode.QuickPickItem & { readonly kind2: 'accept' | 'suggestion' | 'more'; readonly tag?: string };
  const picker = vscode.window.createQuickPick<Item>();
  picker.title = options.title;
  picker.placeholder = vscode.l10n.t('Tags, comma-separated (e.g. 1.4.0, latest); pick a suggestion to add or remove it');
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = false;
  picker.value = options.value;

  const accept = (): Item => {
    const parsed = parseTagList(picker.value);
    return 'error' in parsed
      ? { kind2: 'accept', label: `$(error) ${vscode.l10n.t('Enter valid tags')}`, detail: parsed.error, alwaysShow: true }
      : { kind2: 'accept', label: `$(check) ${vscode.l10n.t('Build and push as {0}', parsed.tags.join(', '))}`, alwaysShow: true };
  };
  const render = (): void => {
    const typed = new Set(parseTagListLoose(picker.value));
    picker.items = [
      accept(),
      { kind2: 'suggestion', label: vscode.l10n.t('Suggestions'), kind: vscode.QuickPickItemKind.Separator },
      ...options.suggestions.map<Item>((suggestion) => ({
        kind2: 'suggestion',
        tag: suggestion.tag,
        label: `${typed.has(suggestion.tag) ? '$(pass-filled)' : '$(add)'} ${suggestion.tag}`,
        description: suggestion.why,
        alwaysShow: true,
      })),
      { kind2: 'more', label: '', kind: vscode.QuickPickItemKind.Separator },
      {
        kind2: 'more',
        label: `$(settings-gear) ${vscode.l10n.t('More options…')}`,
        description: options.optionsSummary || vscode.l10n.t('context folder, build arguments, target stage, platform'),
        alwaysShow: true,
      },
    ];
    picker.activeItems = [picker.items[0]];
  };
  render();

  return new Promise<BuildTagsAnswer | undefined>((resolve) => {
    let answer: BuildTagsAnswer | undefined;
    picker.onDidChangeValue(render);
    picker.onDidAccept(() => {
      const chosen = picker.activeItems[0];
      if (chosen?.kind2 === 'suggestion' && chosen.tag) {
        const tags = parseTagListLoose(picker.value);
        const next = tags.includes(chosen.tag) ? tags.filter((tag) => tag !== chosen.tag) : [...tags, chosen.tag];
        picker.value = next.join(', ');
        render();
        return;
      }
      if (chosen?.kind2 === 'more') {
        answer = { moreOptions: true, text: picker.value };
        picker.hide();
        return;
      }
      const parsed = parseTagList(picker.value);
      if ('tags' in parsed) {
        answer = { tags: parsed.tags };
        picker.hide();
      }
    });
    picker.onDidHide(() => {
      picker.dispose();
      resolve(answer);
    });
    picker.show();
  });
}

/** The build options More options edits. Paths are as the user sees them: relative to the workspace folder. */
export interface BuildOptionsChoice {
  readonly context?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly platform?: string;
  readonly platforms?: readonly string[];
}

const COMMON_PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/ppc64le', 'linux/s390x'];

/** A short line for what `choice` changes from the defaults, e.g. "context app · target build · linux/arm64". */
export function summariseBuildOptions(choice: BuildOptionsChoice): string {
  const parts: string[] = [];
  if (choice.context !== undefined) parts.push(vscode.l10n.t('context {0}', choice.context));
  const args = Object.keys(choice.buildArgs ?? {});
  if (args.length > 0) parts.push(vscode.l10n.t('build args {0}', args.join(', ')));
  if (choice.target) parts.push(vscode.l10n.t('target {0}', choice.target));
  if (choice.platform) parts.push(choice.platform);
  if (choice.platforms?.length) parts.push(vscode.l10n.t('index of {0}', choice.platforms.join(', ')));
  return parts.join(' · ');
}

/**
 * "More options": context folder, build arguments, target stage (from the Dockerfile's `FROM … AS name`
 * lines) and platform, each changed in its own small step until "Done". Resolves to the options (Done or
 * Escape keep what was changed).
 */
export async function editBuildOptions(options: {
  readonly title: string;
  readonly initial: BuildOptionsChoice;
  readonly stages: readonly string[];
  /** undefined when the folder (relative to the workspace folder, or absolute) exists, else why not. */
  readonly contextProblem: (folder: string) => string | undefined;
  readonly parseBuildArgs: (text: string) => { buildArgs: Record<string, string> } | { error: string };
  readonly formatBuildArgs: (buildArgs: Readonly<Record<string, string>> | undefined) => string;
}): Promise<BuildOptionsChoice> {
  let choice: BuildOptionsChoice = { ...options.initial };
  type Item = vscode.QuickPickItem & { readonly option: 'done' | 'context' | 'buildArgs' | 'target' | 'platform' };
  for (;;) {
    const items: Item[] = [
      { option: 'done', label: `$(arrow-left) ${vscode.l10n.t('Done')}`, description: vscode.l10n.t('back to the tags') },
      {
        option: 'context',
        label: `$(folder) ${vscode.l10n.t('Context folder')}`,
        description: choice.context ?? vscode.l10n.t("the Dockerfile's folder"),
      },
      {
        option: 'buildArgs',
        label: `$(symbol-variable) ${vscode.l10n.t('Build arguments')}`,
        description: options.formatBuildArgs(choice.buildArgs) || vscode.l10n.t('none'),
      },
      {
        option: 'target',
        label: `$(layers) ${vscode.l10n.t('Target stage')}`,
        description: choice.target ?? vscode.l10n.t('the last stage'),
      },
      {
        option: 'platform',
        label: `$(vm) ${vscode.l10n.t('Platform')}`,
        description: choice.platforms?.length
          ? vscode.l10n.t('{0} (buildx)', choice.platforms.join(', '))
          : (choice.platform ?? vscode.l10n.t("the engine's own")),
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0}: more options', options.title),
      ignoreFocusOut: true,
    });
    if (!picked || picked.option === 'done') {
      return choice;
    }
    if (picked.option === 'context') {
      const folder = await vscode.window.showInputBox({
        title: vscode.l10n.t('{0}: context folder', options.title),
        prompt: vscode.l10n.t("The build context, relative to the workspace folder; empty for the Dockerfile's folder"),
        value: choice.context ?? '',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() ? options.contextProblem(value.trim()) : undefined),
      });
      if (folder !== undefined) {
        choice = { ...choice, context: folder.trim() || undefined };
      }
    } else if (picked.option === 'buildArgs') {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('{0}: build arguments', options.title),
        prompt: vscode.l10n.t(
          'NAME=value pairs, comma-separated (e.g. APP_VERSION=1.4.0, MODE=release). Remembered for this Dockerfile; never put secrets here.',
        ),
        value: options.formatBuildArgs(choice.buildArgs),
        ignoreFocusOut: true,
        validateInput: (value) => {
          const parsed = options.parseBuildArgs(value);
          return 'error' in parsed ? parsed.error : undefined;
        },
      });
      const parsed = text === undefined ? undefined : options.parseBuildArgs(text);
      if (parsed && 'buildArgs' in parsed) {
        choice = { ...choice, buildArgs: Object.keys(parsed.buildArgs).length > 0 ? parsed.buildArgs : undefined };
      }
    } else if (picked.option === 'target') {
      const stage = await vscode.window.showQuickPick(
        [
          { label: `$(circle-slash) ${vscode.l10n.t('The last stage')}`, stage: undefined },
          ...options.stages.map((name) => ({ label: name, description: 'FROM … AS ' + name, stage: name })),
        ],
        {
          title: vscode.l10n.t('{0}: target stage', options.title),
          placeHolder: options.stages.length ? vscode.l10n.t('The stage to build') : vscode.l10n.t('This Dockerfile names no stages'),
          ignoreFocusOut: true,
        },
      );
      if (stage) {
        choice = { ...choice, target: stage.stage };
      }
    } else {
      choice = { ...choice, ...(await pickPlatforms(options.title, choice)) };
    }
  }
}

async function pickPlatforms(title: string, choice: BuildOptionsChoice): Promise<Pick<BuildOptionsChoice, 'platform' | 'platforms'>> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: `$(circle-slash) ${vscode.l10n.t("The engine's own platform")}`, value: 'default' as const },
      ...COMMON_PLATFORMS.map((platform) => ({ label: platform, value: platform })),
      {
        label: `$(layers) ${vscode.l10n.t('Several platforms…')}`,
        description: vscode.l10n.t('one image index, built and pushed by docker buildx'),
        value: 'several' as const,
      },
    ],
    { title: vscode.l10n.t('{0}: platform', title), ignoreFocusOut: true },
  );
  if (!picked) {
    return { platform: choice.platform, platforms: choice.platforms };
  }
  if (picked.value === 'default') {
    return { platform: undefined, platforms: undefined };
  }
  if (picked.value !== 'several') {
    return { platform: picked.value, platforms: undefined };
  }
  const several = await vscode.window.showQuickPick(
    COMMON_PLATFORMS.map((platform) => ({ label: platform, picked: choice.platforms?.includes(platform) ?? false })),
    { title: vscode.l10n.t('{0}: platforms of the image index', title), canPickMany: true, ignoreFocusOut: true },
  );
  if (!several || several.length === 0) {
    return { platform: choice.platform, platforms: choice.platforms };
  }
  return { platform: undefined, platforms: several.map((item) => item.label) };
}

/** The tags typed so far, valid or not (for marking suggestions as added). */
function parseTagListLoose(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag, index, all) => tag.length > 0 && all.indexOf(tag) === index);
}
