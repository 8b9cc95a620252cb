/**
 * Everything activation does not need, built on first use: the push pipeline and its controller, the
 * push and credential commands, AWS profiles and regions, and the ECR Repositories view. Bundled into
 * dist/features.js and required by the first command or Repositories render (src/extension.ts), so
 * activation reads a third of the code.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { createClearCredentialsCommand, createSetCredentialsCommand } from './commands/credentials';
import { createSelectProfileCommand, promptForMfaCode, runSsoLogin } from './commands/profileCommands';
import { createPushImageCommand } from './commands/pushImage';
import { createSelectRegionCommand } from './commands/regionCommands';
import { createRepositoriesFeature } from './commands/repositories/repositoriesFeature';
import type { Settings } from './config/settings';
import { EcrSessions } from './credentials/EcrSessions';
import { resolveDefaultRegion, type RegionSource } from './credentials/regionResolution';
import type { SecretCredentialStore } from './credentials/SecretCredentialStore';
import type { DockerCli } from './docker/DockerCli';
import { preparePrivateDockerConfig, userDockerConfigDir, usesEcrLoginHelper } from './docker/dockerConfig';
import type { LocalImage } from './docker/localImage';
import type { AuthorizationCache, LoginTracker } from './ecr/AuthorizationCache';
import type { CommandHandler, FeatureCommandId } from './featureCommands';
import { PushPipeline } from './push/PushPipeline';
import type { PushQueue } from './push/PushQueue';
import type { PushOptions } from './push/pushRequest';
import { PushController } from './ui/PushController';
import type { PushLog } from './ui/PushLog';
import type { TargetMemory } from './ui/TargetMemory';
import type { RepositoriesProvider } from './views/repositories/RepositoriesProvider';

/** What activation built and hands over. */
export interface ActivationServices {
  readonly context: vscode.ExtensionContext;
  readonly log: PushLog;
  readonly settings: Settings;
  readonly secrets: SecretCredentialStore;
  readonly tokens: AuthorizationCache;
  readonly logins: LoginTracker;
  readonly queue: PushQueue;
  readonly memory: TargetMemory;
  readonly dockerCli: () => DockerCli;
  readonly localImages: () => Promise<LocalImage[]>;
  readonly currentRegion: () => Promise<RegionSource | undefined>;
  /** Tokens and logins are dropped and the views updated: what a credentials change means. */
  readonly credentialsChanged: () => void;
  /** A push finished: the views and the status bar catch up. */
  readonly pushed: () => void;
  /** An ECR session was opened (the status bar shows its identity). */
  readonly sessionOpened: () => void;
}

export interface Features {
  readonly sessions: EcrSessions;
  readonly repositories: RepositoriesProvider;
  readonly commands: Record<FeatureCommandId, CommandHandler>;
}

export function startFeatures(services: ActivationServices): Features {
  const { context, log, settings, secrets, tokens, logins, queue, memory } = services;
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
      docker: services.dockerCli(),
      sessions,
      tokens,
      logins,
      dockerConfig: { preparePrivateDockerConfig, usesEcrLoginHelper },
    });
  const controller = new PushController(pipeline, queue, log, pushOptions);

  const repositories = createRepositoriesFeature({
    openSession: async (region) => {
      const session = await sessions.openCatalog(region);
      services.sessionOpened();
      return session;
    },
    currentRegion: services.currentRegion,
    createDefaults: () => settings.read(),
    localImages: services.localImages,
    log: (message) => log.warn(message),
  });
  context.subscriptions.push(
    controller,
    repositories.provider,
    controller.onDidPush((result) => {
      repositories.provider.refreshRepository(result.repositoryUri.slice(result.repositoryUri.indexOf('/') + 1));
      services.pushed();
    }),
  );

  const pushImage = createPushImageCommand({ controller, settings, memory, localImages: services.localImages });
  return {
    sessions,
    repositories: repositories.provider,
    commands: {
      'ecrPush.pushImage': pushImage,
      'ecrPush.localImages.push': pushImage,
      'ecrPush.setCredentials': createSetCredentialsCommand(secrets, services.credentialsChanged),
      'ecrPush.clearCredentials': createClearCredentialsCommand(secrets, services.credentialsChanged),
      'ecrPush.selectProfile': createSelectProfileCommand({ storedKey: () => secrets.get(), log: (m) => log.warn(m) }),
      'ecrPush.selectRegion': createSelectRegionCommand({
        recentRegions: () => memory.recentRegions(),
        automaticRegion: () => resolveDefaultRegion({ setting: '', profile: settings.read().profile, env: process.env }),
      }),
      'ecrPush.runSsoLogin': runSsoLogin,
      ...repositories.commands,
    },
  };
}
