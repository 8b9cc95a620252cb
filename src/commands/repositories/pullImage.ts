/**
 * "Pull Image": pulls an image of the ECR Repositories view to the local engine, by tag or by digest,
 * through the same registry login as a push (PullController → PullPipeline). On a node with several
 * tags it asks which (or the digest); `{ repositoryName, imageTag | imageDigest, region?, accountId? }`
 * never prompts. Resolves to `{ localImage, digest, imageId }`; Local Images refreshes when it lands.
 */
import * as vscode from 'vscode';
import type { PullController } from '../../ui/PullController';
import { ImageNode } from '../../views/repositories/RepositoryNodes';
import type { RepositoryCommandDeps } from './repositoryTarget';
import { resolveImageTarget } from './imageTarget';

export interface PullImageResult {
  readonly localImage: string;
  readonly digest?: string;
  readonly imageId?: string;
}

export function createPullImageCommand(deps: RepositoryCommandDeps & { readonly pulls: PullController }) {
  return async (arg?: unknown): Promise<PullImageResult | undefined> => {
    let target;
    try {
      target = await resolveImageTarget(deps, arg);
    } catch (error) {
      deps.errors.notify(error, { what: 'pull the image' });
      return undefined;
    }
    if (!target) {
      return undefined;
    }
    const reference = arg instanceof ImageNode ? await pickReference(target.repository.name, arg) : target.image;
    if (!reference) {
      return undefined;
    }
    try {
      // The controller has shown any failure, with Retry.
      const result = await deps.pulls.pull({
        repository: target.repository.name,
        ...(reference.tag ? { tag: reference.tag } : { digest: reference.digest }),
        region: target.region,
        accountId: target.registryId,
      });
      return {
        localImage: result.localImage,
        ...(result.digest ? { digest: result.digest } : {}),
        ...(result.imageId ? { imageId: result.imageId } : {}),
      };
    } catch {
      return undefined;
    }
  };
}

/** One tag: that tag (a readable local name). Several: the user picks a tag or the digest. None: the digest. */
async function pickReference(repository: string, node: ImageNode): Promise<{ tag?: string; digest?: string } | undefined> {
  const { tags, digest } = node.image;
  if (tags.length <= 1) {
    return tags.length === 1 ? { tag: tags[0] } : { digest };
  }
  const picked = await vscode.window.showQuickPick(
    [
      ...tags.map((tag) => ({ label: `${repository}:${tag}`, description: vscode.l10n.t('tag {0}', tag), reference: { tag } })),
      { label: `${repository}@${digest}`, description: vscode.l10n.t('digest (exactly this image)'), reference: { digest } },
    ],
    { title: vscode.l10n.t('Pull {0}', repository), placeHolder: vscode.l10n.t('Pull by which tag, or by digest?') },
  );
  return picked?.reference;
}
