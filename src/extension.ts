/**
 * Composition root. Activation builds only what the first paint needs: the log, settings, the Local
 * Images tree, the status bar, and a registration for every command. The rest (the push pipeline,
 * the commands' code, AWS profiles and the ECR Repositories view) is in src/features.ts, loaded by the
 * first command or Repositories render; the AWS SDK loads on the first AWS call. No globals.
 */
import * as vscode from 'vscode';
import { Settings } from './config/settings';
import { resolveDefaultRegion } from './credentials/regionResolution';
import { SecretCredentialStore } from './credentials/SecretCredentialStore';
import { DockerCli } from './docker/DockerCli';
import { AuthorizationCache, LoginTracker } from './ecr/AuthorizationCache';
import { FEATURE_COMMAND_IDS } from './featureCommands';
import type { ActivationServices, Features } from './features';
import { SyncSpawnThread } from './process/syncSpawnThread';
import { PushQueue } from './push/PushQueue';
import { PushLog } from './ui/PushLog';
import { StatusBar } from './ui/StatusBar';
import { TargetMemory } from './ui/TargetMemory';
import { DeferredTreeDataProvider } from './views/DeferredTreeDataProvider';
import { LocalImageItem, LocalRepositoryItem } from './views/LocalImageItems';
import { LocalImagesProvider } from './views/LocalImagesProvider';

export function activate(context: vscode.ExtensionContext): void {
  const log = new PushLog();
  const settings = new Settings();
  const secrets = new SecretCredentialStore(context.secrets);
  const tokens = new AuthorizationCache();
  const logins = new LoginTracker();
  const queue = new PushQueue();
  const memory = new TargetMemory(context.globalState);
  // docker login and tag run with spawnSync on this thread, never on the extension host's.
  const shortCommands = new SyncSpawnThread();
  context.subscriptions.push(log, settings, secrets, shortCommands, { dispose: () => queue.cancelAll() });

  /**
   * The docker CLI for the current ecrPush.containerCommand and environment. Built per use (it is a
   * plain value object), so a changed setting or DOCKER_HOST applies to the next call.
   */
  const dockerCli = (): DockerCli =>
    new DockerCli({ executable: settings.read().containerCommand, env: process.env, shortCommands: shortCommands.run });

  const localImages = new LocalImagesProvider(
    dockerCli,
    () => settings.read().showDanglingImages,
    (message) => log.warn(message),
    (): boolean => treeView.visible,
  );
  const treeView: vscode.TreeView<LocalImageItem | LocalRepositoryItem> = vscode.window.createTreeView('ecrPush.localImages', {
    treeDataProvider: localImages,
    showCollapseAll: true,
  });
  context.subscriptions.push(localImages, treeView, ...refreshWhenShown(treeView, () => localImages.refresh()));

  const currentRegion = () => {
    const current = settings.read();
    return resolveDefaultRegion({ setting: current.region, profile: current.profile, env: process.env });
  };

  // The rest of the extension, loaded once by whatever needs it first.
  let features: Features | undefined;
  let loadingFeatures: Promise<Features> | undefined;
  const loadFeatures = (): Promise<Features> =>
    (loadingFeatures ??= import('./features.js').then((module) => (features = module.startFeatures(services))));

  const statusBar = new StatusBar({
    profileSetting: () => settings.read().profile,
    storedKeySet: async () => (await secrets.get()) !== undefined,
    region: currentRegion,
    lastSession: () => features?.sessions.lastSession,
    tokens,
  });
  const credentialsChanged = () => {
    // Tokens belong to the identity that fetched them; a new key must not reuse them.
    tokens.clear();
    logins.clear();
    features?.repositories.refresh();
    void statusBar.update();
  };
  const services: ActivationServices = {
    context,
    log,
    settings,
    secrets,
    tokens,
    logins,
    queue,
    memory,
    dockerCli,
    localImages: () => localImages.images(),
    currentRegion,
    credentialsChanged,
    pushed: () => {
      localImages.refresh();
      void statusBar.update();
    },
    sessionOpened: () => void statusBar.update(),
  };

  const repositories = new DeferredTreeDataProvider(async () => (await loadFeatures()).repositories);
  const repositoriesView = vscode.window.createTreeView('ecrPush.repositories', { treeDataProvider: repositories, showCollapseAll: true });
  context.subscriptions.push(statusBar, repositories, repositoriesView);
  void statusBar.update();

  for (const id of FEATURE_COMMAND_IDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => (await loadFeatures()).commands[id](...args)),
    );
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('ecrPush.localImages.refresh', () => localImages.refresh()),
    vscode.commands.registerCommand('ecrPush.localImages.copyReference', async (item?: LocalImageItem) => {
      if (item) {
        await vscode.env.clipboard.writeText(item.image.dangling ? item.image.id : item.image.reference);
      }
    }),
    vscode.commands.registerCommand('ecrPush.showLog', () => log.show()),
    vscode.commands.registerCommand('ecrPush.cancelAllPushes', () => queue.cancelAll()),
    secrets.onDidChange(credentialsChanged),
    settings.onDidChange(() => {
      localImages.refresh();
      features?.repositories.refresh();
      void statusBar.update();
    }),
  );
}

export function deactivate(): void {}

/**
 * Images change outside the extension (builds, pulls, a terminal). The view re-reads them each time it
 * is shown again, and when the window regains focus while it is visible (at most every few seconds);
 * never in the background.
 */
function refreshWhenShown(view: vscode.TreeView<unknown>, refresh: () => void): vscode.Disposable[] {
  const minimumFocusGapMs = 5_000;
  let lastFocusRefresh = 0;
  return [
    view.onDidChangeVisibility((event) => {
      if (event.visible) {
        refresh();
      }
    }),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused && view.visible && Date.now() - lastFocusRefresh >= minimumFocusGapMs) {
        lastFocusRefresh = Date.now();
        refresh();
      }
    }),
  ];
}
