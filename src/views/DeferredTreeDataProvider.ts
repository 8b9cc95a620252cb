/**
 * A tree data provider registered at activation whose real provider loads on the first render: VS Code
 * needs a provider for every contributed view as soon as the extension is active, but the ECR
 * Repositories view's code (and the AWS SDK behind it) is only worth loading when the view is shown.
 */
import * as vscode from 'vscode';

export class DeferredTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<T | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private real?: vscode.TreeDataProvider<T>;
  private loading?: Promise<vscode.TreeDataProvider<T>>;
  private forwarding?: vscode.Disposable;

  constructor(private readonly load: () => Promise<vscode.TreeDataProvider<T>>) {}

  async getChildren(element?: T): Promise<T[]> {
    const real = await this.ensureLoaded();
    return (await real.getChildren(element)) ?? [];
  }

  // Elements only ever come from the real provider's getChildren, so it is loaded by the time VS Code asks these.
  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real!.getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.real?.getParent?.(element);
  }

  resolveTreeItem(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    return this.real?.resolveTreeItem ? this.real.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changeEmitter.dispose();
  }

  private ensureLoaded(): Promise<vscode.TreeDataProvider<T>> {
    this.loading ??= this.load().then(
      (real) => {
        this.real = real;
        this.forwarding = real.onDidChangeTreeData?.((change) => this.changeEmitter.fire(change as T | undefined));
        return real;
      },
      (error: unknown) => {
        this.loading = undefined; // the next render tries again
        throw error;
      },
    );
    return this.loading;
  }
}
