/**
 * "ECR: Show Last Pushed Image": opens the ECR Repositories view with the image of the last push in this
 * window revealed and selected (region → repository → image), the walkthrough's last step. Without a
 * push, or when the image is not in what the view lists (another region, a later page), it opens the
 * view and says so.
 */
import * as vscode from 'vscode';
import type { PushResult } from '../../push/pushPorts';
import type { RepositoriesProvider } from '../../views/repositories/RepositoriesProvider';
import { ImageNode, RegionNode, RepositoryNode, type RepositoriesTreeNode } from '../../views/repositories/RepositoryNodes';

export interface ShowPushedImageDeps {
  readonly provider: RepositoriesProvider;
  readonly view: vscode.TreeView<RepositoriesTreeNode>;
  readonly lastPush: () => PushResult | undefined;
  /** Called once the image is revealed. */
  readonly onShown: () => unknown;
}

export function createShowPushedImageCommand(deps: ShowPushedImageDeps) {
  return async (): Promise<boolean> => {
    await vscode.commands.executeCommand('ecrPush.repositories.focus');
    const pushed = deps.lastPush();
    if (!pushed) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('ECR Push: nothing was pushed in this window yet. Push an image, then show it here.'),
      );
      return false;
    }
    const node = await findPushedImage(deps.provider, pushed);
    if (!node) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "ECR Push: {0} is not in the ECR Repositories view's current region or first page. Expand the view to find it.",
          pushed.imageUri,
        ),
      );
      return false;
    }
    await deps.view.reveal(node, { select: true, focus: true, expand: true });
    await deps.onShown();
    return true;
  };
}

/** The pushed image's node, loading the region's repositories and the repository's images as expanding them would. */
async function findPushedImage(provider: RepositoriesProvider, pushed: PushResult): Promise<ImageNode | undefined> {
  const repositoryName = pushed.repositoryUri.slice(pushed.repositoryUri.indexOf('/') + 1);
  const tag = pushed.imageUri.slice(pushed.imageUri.lastIndexOf(':') + 1);
  const region = (await provider.getChildren()).find((node): node is RegionNode => node instanceof RegionNode);
  if (!region) {
    return undefined;
  }
  const repository = (await provider.getChildren(region)).find(
    (node): node is RepositoryNode => node instanceof RepositoryNode && node.repositoryName === repositoryName,
  );
  if (!repository) {
    return undefined;
  }
  return (await provider.getChildren(repository)).find(
    (node): node is ImageNode => node instanceof ImageNode && (node.image.digest === pushed.digest || node.image.tags.includes(tag)),
  );
}
