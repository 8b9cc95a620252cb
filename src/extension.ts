/**
 * The composition root: every service is built here, once, and handed to what uses it by constructor;
 * then the views and commands are registered and every disposable goes into context.subscriptions.
 * No globals. Building is cheap (no I/O, no AWS): the AWS SDK is a separate file that loads on the first
 * AWS call (scripts/esbuild.mjs), the one lazy boundary that pays for itself.
 */
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { createBuildAndPushCommands } from './commands/buildAndPush';
import { createCheckCredentialsCommand } from './commands/checkCredentials';
import { createClearCredentialsCommand, createSetCredentialsCommand } from './commands/credentials';
import { createRunSsoLoginCommand, createSelectProfileCommand, promptForMfaCode } from './commands/profileCommands';
import { createPushImageCommand } from './commands/pushImage';
import { createSelectRegionCommand } from './commands/regionCommands';
import { createCopyImageUriCommand, createCopyRepositoryUriCommand } from './commands/repositories/copyUris';
import { createAddTagCommand } from './commands/repositories/addTag';
import { createCreateRepositoryCommand } from './commands/repositories/createRepository';
import { createDeleteImageTagCommand } from './commands/repositories/deleteImageTag';
import { createPullImageCommand } from './commands/repositories/pullImage';
import { createPushHereCommand } from './commands/repositories/pushHere';
import { createScanFindingsCommand, createScanImageCommand } from './commands/repositories/scans';
import { createShowPushedImageCommand } from './commands/repositories/showPushedImage';
import { Settings } from './config/settings';
import { EcrSessions } from './credentials/EcrSessions';
import { RegionResolver } from './credentials/regionResolution';
import { SecretCredentialStore } from './config/SecretCredentialStore';
import { EngineCache } from './docker/containerEngine';
import { DockerCli } from './docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig, removeAllLogins, userDockerConfigDir, usesEcrLoginHelper } from './docker/dockerConfig';
import { AuthorizationCache, LoginTracker } from './ecr/AuthorizationCache';
import { ShortCommandProcess } from './process/ShortCommandProcess';
import { PullPipeline } from './push/PullPipeline';
import { PushPipeline } from './push/PushPipeline';
import type { PushResult } from './push/pushPorts';
import type { PushOptions } from './push/pushRequest';
import { PushQueue } from './push/PushQueue';
import { ECR_PUSH_TASK_TYPE, EcrPushTaskProvider } from './tasks/EcrPushTaskProvider';
import { BuildMemory } from './ui/BuildMemory';
import { ErrorNotifier } from './ui/ErrorNotifier';
import { GettingStarted } from './ui/GettingStarted';
import { PushController } from './ui/PushController';
import { PullController } from './ui/PullController';
import { PushLog } from './ui/PushLog';
import { ScanDiagnostics } from './ui/ScanDiagnostics';
import { ScanFindingsPanel } from './ui/ScanFindingsPanel';
import { ScanFollower } from './ui/ScanFollower';
import { PushRegistryHosts } from './ui/PushRegistryHosts';
import { StatusBar } from './ui/StatusBar';
import { TargetMemory } from './ui/TargetMemory';
import { DOCKERFILE_SELECTOR, DockerfileCodeLensProvider } from './views/DockerfileCodeLens';
import { LocalImageAliasItem, LocalImageItem } from './views/LocalImageItems';
import { LocalImagesProvider, type LocalImagesNode } from './views/LocalImagesProvider';
import { RepositoriesProvider } from './views/repositories/RepositoriesProvider';
import { LoadMoreNode, type RepositoriesTreeNode } from './views/repositories/RepositoryNodes';

export function activate(context: vscode.ExtensionContext): void {
  useDisplayLanguageInCore();
  const core = buildCoreServices(context);
  const views = buildViews(context, core);
  const runners = buildControllers(context, core, views);
  const followed = followChanges(context, core, views, runners);
  registerCommands(context, commandTable(core, views, runners, followed));
  void core.gettingStarted.restore();
  void core.gettingStarted.openOnFirstRun();
}

export function deactivate(): void {}

/**
 * The core cannot import vscode, so it translates through @vscode/l10n: hand that the bundle VS Code has
 * already loaded for this display language. In English there is none, and nothing is read either way.
 */
function useDisplayLanguageInCore(): void {
  if (vscode.l10n.bundle) {
    l10n.config({ contents: vscode.l10n.bundle });
  }
}

/** The services everything else is built on: settings, secrets, AWS sessions, the docker CLI, the queue. */
interface CoreServices {
  readonly log: PushLog;
  readonly errors: ErrorNotifier;
  readonly settings: Settings;
  readonly secrets: SecretCredentialStore;
  readonly memory: TargetMemory;
  /** Each Dockerfile's last build and push (workspace state): Build and Push Again, the CodeLens, tasks. */
  readonly builds: BuildMemory;
  readonly pushRegistries: PushRegistryHosts;
  readonly gettingStarted: GettingStarted;
  readonly regions: RegionResolver;
  readonly tokens: AuthorizationCache;
  readonly logins: LoginTracker;
  readonly queue: PushQueue;
  readonly sessions: EcrSessions;
  readonly dockerCli: () => DockerCli;
  readonly privateDockerConfigRoot: string;
}

function buildCoreServices(context: vscode.ExtensionContext): CoreServices {
  const log = new PushLog();
  const settings = new Settings();
  const secrets = new SecretCredentialStore(context.secrets);
  const queue = new PushQueue();
  // docker login and tag run with spawnSync in a helper process, never on the extension host's thread.
  const shortCommands = new ShortCommandProcess();
  const builds = new BuildMemory(context.workspaceState);
  context.subscriptions.push(log, settings, secrets, builds, shortCommands, { dispose: () => queue.cancelAll() });
  // What each container CLI is (docker, podman, nerdctl, Finch), asked once per CLI file, not per call.
  const engines = new EngineCache();
  return {
    log,
    errors: new ErrorNotifier(log),
    settings,
    secrets,
    memory: new TargetMemory(context.globalState),
    builds,
    pushRegistries: new PushRegistryHosts(context.globalState),
    gettingStarted: new GettingStarted(context.extension.id, context.globalState),
    regions: new RegionResolver(() => settings.read()),
    tokens: new AuthorizationCache(),
    logins: new LoginTracker(),
    queue,
    sessions: new EcrSessions(
      () => secrets.get(),
      () => settings.read(),
      promptForMfaCode,
    ),
    // Built per use (a plain value object), so a changed ecrPush.containerCommand or DOCKER_HOST applies to the next call.
    dockerCli: () =>
      new DockerCli({ executable: settings.read().containerCommand, env: process.env, shortCommands: shortCommands.run, engines }),
    privateDockerConfigRoot: path.join(context.globalStorageUri.fsPath, 'docker-config'),
  };
}

interface Views {
  readonly localImages: LocalImagesProvider;
  readonly repositories: RepositoriesProvider;
  readonly repositoriesView: vscode.TreeView<RepositoriesTreeNode>;
  readonly statusBar: StatusBar;
}

function buildViews(context: vscode.ExtensionContext, core: CoreServices): Views {
  const { log, settings, pushRegistries, sessions, regions } = core;
  const localImages = new LocalImagesProvider(
    core.dockerCli,
    () => {
      const current = settings.read();
      return {
        showDangling: current.showDanglingImages,
        aliasesAtTopLevel: current.showRegistryAliases,
        isPushRegistry: (host) => pushRegistries.includes(host),
      };
    },
    (message) => log.warn(message),
    () => localImagesView.visible,
  );
  const localImagesView: vscode.TreeView<LocalImagesNode> = vscode.window.createTreeView('ecrPush.localImages', {
    treeDataProvider: localImages,
    showCollapseAll: true,
  });
  const repositories = new RepositoriesProvider({
    sessions,
    regions,
    pageSize: () => settings.read().repositoriesPageSize,
    log: (message) => log.warn(message),
    redact: (text) => log.redactor.redact(text),
  });
  const repositoriesView = vscode.window.createTreeView('ecrPush.repositories', { treeDataProvider: repositories, showCollapseAll: true });
  const statusBar = new StatusBar({ settings, secrets: core.secrets, regions, sessions, tokens: core.tokens });
  const dockerfileLenses = vscode.languages.registerCodeLensProvider(DOCKERFILE_SELECTOR, new DockerfileCodeLensProvider(core.builds));
  context.subscriptions.push(localImages, localImagesView, repositories, repositoriesView, statusBar, dockerfileLenses);
  context.subscriptions.push(...refreshWhenShown(localImagesView, () => localImages.refresh()));
  return { localImages, repositories, repositoriesView, statusBar };
}

interface Controllers {
  readonly controller: PushController;
  readonly pulls: PullController;
  readonly scans: ScanFollower;
}

function buildControllers(context: vscode.ExtensionContext, core: CoreServices, views: Views): Controllers {
  const { log, errors, settings, queue } = core;
  const pushOptions = (): PushOptions => {
    const current = settings.read();
    for (const problem of current.problems) {
      log.warn(problem);
    }
    return {
      createRepository: { imageTagMutability: current.imageTagMutability, scanOnPush: current.scanOnPush },
      loginTarget: current.loginTarget,
      privateDockerConfigRoot: core.privateDockerConfigRoot,
      userDockerConfigDir: userDockerConfigDir(process.env),
      endpoint: current.endpoint || undefined,
      useFipsEndpoint: current.useFipsEndpoint,
      removeLocalAliasAfterPush: current.removeLocalAliasAfterPush,
    };
  };
  // Pulls log in exactly as pushes do (the same token cache, logins and private docker config), in the same queue.
  const pipelineDeps = () => ({
    docker: core.dockerCli(),
    sessions: core.sessions,
    tokens: core.tokens,
    logins: core.logins,
    dockerConfig: { preparePrivateDockerConfig, hasLogin, usesEcrLoginHelper },
  });
  const controller = new PushController(() => new PushPipeline(pipelineDeps()), queue, log, errors, pushOptions);
  const pulls = new PullController(() => new PullPipeline(pipelineDeps()), queue, log, errors, pushOptions);
  const scanPanel = new ScanFindingsPanel();
  const scanDiagnostics = new ScanDiagnostics();
  const scans = new ScanFollower({
    session: (region) => views.repositories.session(region),
    errors,
    log,
    diagnostics: scanDiagnostics,
    panel: scanPanel,
    refreshRepository: (name) => views.repositories.refreshRepository(name),
  });
  // Tasks run their push through the same controller as every gesture: one queue, one log.
  const tasks = vscode.tasks.registerTaskProvider(
    ECR_PUSH_TASK_TYPE,
    new EcrPushTaskProvider({ controller, regions: core.regions, builds: core.builds }),
  );
  context.subscriptions.push(controller, pulls, scanPanel, scanDiagnostics, scans, tasks);
  return { controller, pulls, scans };
}

/** What the commands need from following changes. */
interface Followed {
  /** Called by a credentials command after it changed the stored key. */
  readonly credentialsChanged: () => void;
  readonly lastPush: () => PushResult | undefined;
}

/** Keeps views, caches and the status bar in step with credentials, settings, pushes and pulls. */
function followChanges(context: vscode.ExtensionContext, core: CoreServices, views: Views, runners: Controllers): Followed {
  const { log, settings, secrets, sessions, gettingStarted } = core;
  const { localImages, repositories, statusBar } = views;
  let lastPush: PushResult | undefined;
  const credentialsChanged = (): void => {
    // Credentials, tokens and logins belong to the identity that fetched them; a new key must not reuse them.
    sessions.clear();
    core.tokens.clear();
    core.logins.clear();
    repositories.refresh();
    void statusBar.update();
  };
  context.subscriptions.push(
    secrets.onDidChange(credentialsChanged),
    settings.onDidChange(() => {
      localImages.refresh();
      repositories.refresh();
      void statusBar.update();
    }),
    runners.controller.onDidPush((result) => {
      repositories.refreshRepository(result.repository);
      // Known before the refresh reads it: the push's tag then groups under its image at once.
      void core.pushRegistries.rememberPush(result.repositoryUri);
      localImages.refresh();
      void statusBar.update();
      lastPush = result;
      void gettingStarted.onPushed();
      if (result.scanOnPush && result.digest && settings.read().followScanAfterPush) {
        // In the background, after the push left the queue: a scan never holds the next push.
        void runners.scans.follow(
          {
            region: result.region,
            registryId: result.accountId,
            repository: result.repository,
            image: { digest: result.digest },
            label: result.imageUri.slice(result.imageUri.indexOf('/') + 1),
            localSource: result.source,
          },
          // Right after the push the scan may not exist for a moment.
          { notFoundGrace: 3 },
        );
      }
    }),
    runners.pulls.onDidPull(() => localImages.refresh()),
    {
      dispose: sessions.onDidOpen(() => {
        void statusBar.update();
        void gettingStarted.onCredentialsResolved();
      }),
    },
    // Every session's secrets, the views' too, are masked by value wherever an AWS error quotes them.
    {
      dispose: sessions.onDidOpen((session) =>
        session.credentials().then(
          (credentials) => [credentials.secretAccessKey, credentials.sessionToken].forEach((value) => log.redactor.addSecret(value)),
          () => undefined,
        ),
      ),
    },
  );
  // Its first reading of the configuration makes VS Code build the configuration model (several ms on a
  // cold host): done just after activation rather than inside it. The item fills a moment later.
  setImmediate(() => void statusBar.update());
  return { credentialsChanged, lastPush: () => lastPush };
}

type CommandTable = Record<string, (...args: never[]) => unknown>;

/** Every command id and what runs it. */
function commandTable(core: CoreServices, views: Views, runners: Controllers, followed: Followed): CommandTable {
  const { log, errors, settings, secrets, regions, memory, sessions, gettingStarted } = core;
  const { localImages, repositories } = views;
  const { controller, pulls, scans } = runners;
  const { credentialsChanged } = followed;
  const listLocalImages = () => localImages.images();
  const pushImage = createPushImageCommand({ controller, settings, regions, memory, errors, localImages: listLocalImages });
  const repositoryCommands = { provider: repositories, regions, errors };
  const buildAndPush = createBuildAndPushCommands({ controller, regions, memory, builds: core.builds, errors, log });
  const selectRegion = createSelectRegionCommand({ settings, regions, memory, errors });
  return {
    'ecrPush.pushImage': pushImage,
    'ecrPush.localImages.push': pushImage,
    'ecrPush.buildAndPush': buildAndPush.buildAndPush,
    'ecrPush.buildAndPushAgain': buildAndPush.buildAndPushAgain,
    'ecrPush.localImages.refresh': () => localImages.refresh(),
    'ecrPush.localImages.copyReference': copyLocalImageReference,
    'ecrPush.localImages.showRegistryAliases': () => settings.updateFlag('localImages.showRegistryAliases', true),
    'ecrPush.localImages.groupRegistryAliases': () => settings.updateFlag('localImages.showRegistryAliases', false),
    'ecrPush.showLog': () => log.show(),
    'ecrPush.cancelAllPushes': () => core.queue.cancelAll(),
    'ecrPush.setCredentials': createSetCredentialsCommand(secrets, credentialsChanged, () => settings.read().endpoint),
    'ecrPush.clearCredentials': createClearCredentialsCommand(secrets, credentialsChanged, () =>
      removeAllLogins(core.privateDockerConfigRoot),
    ),
    'ecrPush.selectProfile': createSelectProfileCommand({ settings, secrets, log: (message) => log.warn(message) }),
    'ecrPush.selectRegion': selectRegion,
    'ecrPush.checkCredentials': createCheckCredentialsCommand({ sessions, regions, errors, selectRegion: () => selectRegion() }),
    'ecrPush.getStarted': () => gettingStarted.open(),
    'ecrPush.runSsoLogin': createRunSsoLoginCommand(settings),
    'ecrPush.repositories.refresh': (node?: RepositoriesTreeNode) => repositories.refresh(node),
    'ecrPush.repositories.loadMore': (node?: unknown) => (node instanceof LoadMoreNode ? repositories.loadMore(node) : undefined),
    'ecrPush.repositories.create': createCreateRepositoryCommand(repositoryCommands, () => settings.read()),
    'ecrPush.repositories.copyRepositoryUri': createCopyRepositoryUriCommand(repositoryCommands),
    'ecrPush.repositories.copyImageUri': createCopyImageUriCommand(repositoryCommands),
    'ecrPush.repositories.deleteImageTag': createDeleteImageTagCommand(repositoryCommands, (message) => log.info(message)),
    'ecrPush.repositories.pushHere': createPushHereCommand({ ...repositoryCommands, controller, settings, localImages: listLocalImages }),
    'ecrPush.repositories.scanImage': createScanImageCommand({ ...repositoryCommands, scans, log: (message) => log.info(message) }),
    'ecrPush.repositories.scanFindings': createScanFindingsCommand({ ...repositoryCommands, scans, log: (message) => log.info(message) }),
    'ecrPush.repositories.addTag': createAddTagCommand(repositoryCommands, (message) => log.info(message)),
    'ecrPush.repositories.pullImage': createPullImageCommand({ ...repositoryCommands, pulls }),
    'ecrPush.repositories.showPushedImage': createShowPushedImageCommand({
      provider: repositories,
      view: views.repositoriesView,
      lastPush: followed.lastPush,
      onShown: () => gettingStarted.onPushedImageShown(),
    }),
  };
}

function registerCommands(context: vscode.ExtensionContext, commands: CommandTable): void {
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}

async function copyLocalImageReference(item?: LocalImagesNode): Promise<void> {
  if (item instanceof LocalImageItem) {
    await vscode.env.clipboard.writeText(item.image.dangling ? item.image.id : item.image.reference);
  } else if (item instanceof LocalImageAliasItem) {
    await vscode.env.clipboard.writeText(item.alias.reference);
  }
}

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
