/**
 * Every question a push or a repository command asks, in one place: which local image, which repository,
 * which tags, which region. Each checks the answer as it is typed, with the same rules and messages as
 * programmatic arguments, and resolves to undefined when the user backs out.
 */
import * as vscode from 'vscode';
import { orderRegionsForPick, type RegionSource } from '../credentials/regionResolution';
import type { LocalImage } from '../docker/localImage';
import { parseEcrRepositoryUri } from '../ecr/registryHost';
import { parseTagList, validateRepositoryName } from '../push/validation';

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
