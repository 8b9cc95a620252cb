/**
 * Composition root: builds the services, hands them to commands and views by constructor, and
 * registers everything in context.subscriptions. No globals; the AWS SDK loads on the first push.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createClearCredentialsCommand, createSetCredentialsCommand } from './commands/credentials';
import { createSelectProfileCommand, promptForMfaCode, runSsoLogin } from './commands/profileCommands';
import { createPushImageCommand } from './commands/pushImage';
import { createSelectRegionCommand } from './commands/regionCommands';
import { registerRepositoriesView } from './commands/repositories/registerRepositoryCommands';
import { Settings } from './config/settings';
import { EcrSessions } from './credentials/EcrSessions';
import { resolveDefaultRegion } from './credentials/regionResolution';
import { SecretCredentialStore } from './credentials/SecretCredentialStore';
import { DockerCli } from './docker/DockerCli';
import { preparePrivateDockerConfig, userDockerConfigDir, usesEcrLoginHelper } from './docker/dockerConfig';
import { AuthorizationCache, LoginTracker } from './ecr/AuthorizationCache';
import { SyncSpawnThread } from './process/syncSpawnThread';
import { PushPipeline } from './push/PushPipeline';
import { PushQueue } from './push/PushQueue';
import type { PushOptions } from './push/pushRequest';
import { PushController } from './ui/PushController';
import { PushLog } from './ui/PushLog';
import { StatusBar } from './ui/StatusBar';
import { TargetMemory } from './ui/TargetMemory';
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
  context.subscriptions.push(log, settings, secrets, shortCommands);

  /**
   * The docker CLI for the current ecrPush.containerCommand and environment. Built per use (it is a
   * plain value object), so a changed setting or DOCKER_HOST applies to the next call.
   */
  const dockerCli = (): DockerCli =>
    new DockerCli({ executable: settings.read().containerCommand, env: process.env, shortCommands: shortCommands.run });

  const sessions = new EcrSessions(
    () => secrets.get(),
    () => settings.read(),
    promptForMfaCode,
  );
  const privateDockerConfigDir = path.join(context.globalStorageUri.fsPath, 'docker-config');
  const pushOptions = (): PushOptions => {
    const current = settings.read();
    for (const problem of current.problems) {
      log.warn(problem);
    }
    return {
      createRepository: { imageTagMutability: current.imageTagMutability, scanOnPush: current.scanOnPush },
      loginTarget: current.loginTarget,
      privateDockerConfigDir,
      userDockerConfigDir: userDockerConfigDir(process.env),
      endpoint: current.endpoint || undefined,
    };
  };
  const pipeline = () =>
    new PushPipeline({
      docker: dockerCli(),
      sessions,
      tokens,
      logins,
      dockerConfig: { preparePrivateDockerConfig, usesEcrLoginHelper },
    });
  const controller = new PushController(pipeline, queue, log, pushOptions);
  context.subscriptions.push(controller, { dispose: () => queue.cancelAll() });

  const localImages = new LocalImagesProvider(
    dockerCli,
    () => settings.read().showDanglingImages,
    (message) => log.warn(message),
    (): boolean => treeView.visible,
  );
  const treeView: vscode.TreeView<LocalImageItem | LocalRepositoryItem> = vscode.window.createTreeView('ecrPush.localImages', { treeDataProvider: localImages, showCollapseAll: true });
  context.subscriptions.push(localImages, treeView, ...refreshWhenShown(treeView, () => localImages.refresh()));

  // AWS identities: which region is current, the status bar, the ECR Repositories view.
  const currentRegion = () => {
    const current = settings.read();
    return resolveDefaultRegion({ setting: current.region, profile: current.profile, env: process.env });
  };
  const statusBar = new StatusBar({
    profileSetting: () => settings.read().profile,
    storedKeySet: async () => (await secrets.get()) !== undefined,
    region: currentRegion,
    lastSession: () => sessions.lastSession,
    tokens,
  });
  const repositories = registerRepositoriesView(context, {
    openSession: async (region) => {
      const session = await sessions.openCatalog(region);
      void statusBar.update();
      return session;
    },
    currentRegion,
    createDefaults: () => settings.read(),
    localImages: () => localImages.images(),
    log: (message) => log.warn(message),
  });
  context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand('ecrPush.selectProfile', createSelectProfileCommand({ storedKey: () => secrets.get(), log: (m) => log.warn(m) })),
    vscode.commands.registerCommand('ecrPush.selectRegion', createSelectRegionCommand({ recentRegions: () => memory.recentRegions(), automaticRegion: () => resolveDefaultRegion({ setting: '', profile: settings.read().profile, env: process.env }) })),
    vscode.commands.registerCommand('ecrPush.runSsoLogin', runSsoLogin),
    settings.onDidChange(() => {
      repositories.refresh();
      void statusBar.update();
    }),
    controller.onDidPush((result) => {
      repositories.refreshRepository(result.repositoryUri.slice(result.repositoryUri.indexOf('/') + 1));
      void statusBar.update();
    }),
  );
  void statusBar.update();

  const credentialsChanged = () => {
    // Tokens belong to the identity that fetched them; a new key must not reuse them.
    tokens.clear();
    logins.clear();
    repositories.refresh();
    void statusBar.update();
  };

  const pushImage = createPushImageCommand({ controller, settings, memory, localImages: () => localImages.images() });
  context.subscriptions.push(
    vscode.commands.registerCommand('ecrPush.pushImage', pushImage),
    vscode.commands.registerCommand('ecrPush.localImages.push', pushImage),
    vscode.commands.registerCommand('ecrPush.localImages.refresh', () => localImages.refresh()),
    vscode.commands.registerCommand('ecrPush.localImages.copyReference', async (item?: LocalImageItem) => {
      if (item) {
        await vscode.env.clipboard.writeText(item.image.dangling ? item.image.id : item.image.reference);
      }
    }),
    vscode.commands.registerCommand('ecrPush.setCredentials', createSetCredentialsCommand(secrets, credentialsChanged)),
    vscode.commands.registerCommand('ecrPush.clearCredentials', createClearCredentialsCommand(secrets, credentialsChanged)),
    vscode.commands.registerCommand('ecrPush.showLog', () => log.show()),
    vscode.commands.registerCommand('ecrPush.cancelAllPushes', () => queue.cancelAll()),
    secrets.onDidChange(credentialsChanged),
    controller.onDidPush(() => localImages.refresh()),
    settings.onDidChange(() => localImages.refresh()),
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
