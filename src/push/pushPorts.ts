/**
 * The push pipeline's ports: the steps it reports, what it needs of docker, of the docker config and of
 * ECR sessions, what it tells its observer, and what it returns. The UI and the tests plug into these;
 * PushPipeline.ts is the run itself. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import type { DockerCli } from '../docker/DockerCli';
import type { BuildProgress } from '../docker/buildOutput';
import type { PushProgress } from '../docker/pushProgress';
import type { AuthorizationCache, LoginTracker } from '../ecr/AuthorizationCache';
import type { EcrSession, EcrSessionFactory } from '../ecr/EcrSession';
import type { DockerConfigPort } from './registryLogin';

export type PushStep = 'build' | 'checkImage' | 'credentials' | 'repository' | 'authenticate' | 'tag' | 'push' | 'verify';

// Getters, so each title is translated when read (after activation has handed over VS Code's bundle).
export const PUSH_STEP_TITLES: Readonly<Record<PushStep, string>> = {
  get build() {
    return l10n.t('Building image');
  },
  get checkImage() {
    return l10n.t('Checking image');
  },
  get credentials() {
    return l10n.t('Loading AWS credentials');
  },
  get repository() {
    return l10n.t('Checking repository');
  },
  get authenticate() {
    return l10n.t('Authenticating with ECR');
  },
  get tag() {
    return l10n.t('Tagging');
  },
  get push() {
    return l10n.t('Pushing');
  },
  get verify() {
    return l10n.t('Verifying');
  },
};

/** The docker operations the pipeline needs: DockerCli's, so tests can hand in the real one over a fake CLI. */
export type DockerPort = Pick<DockerCli, 'checkDaemon' | 'inspectImage' | 'push' | 'login' | 'tag' | 'untag'> & Partial<BuildPort>;

/** The builds a request with `build` needs; a port without them can push, not build. */
export type BuildPort = Pick<DockerCli, 'build' | 'buildxVersion' | 'buildxBuild' | 'engine' | 'manifestBuild' | 'manifestPush'>;

/** The docker config files the pipeline reads and writes (docker/dockerConfig.ts); the login step's port. */
export type { DockerConfigPort } from './registryLogin';

/** What the pipeline tells whoever shows it. Every message is already free of secrets. */
export interface PushObserver {
  step(step: PushStep, detail: string): void;
  info(message: string): void;
  warn(message: string): void;
  dockerLine(line: string, stream: 'stdout' | 'stderr'): void;
  layers(tag: string, progress: PushProgress): void;
  /** The build's latest step (only for a request with `build`). */
  buildProgress?(progress: BuildProgress): void;
  /** Secret values the push learned (registry password, keys): whoever shows text must mask them. */
  secrets(values: readonly (string | undefined)[]): void;
}

export interface PushResult {
  /** `HOST/REPO:TAG` for every tag, in the order asked. */
  readonly imageUris: readonly string[];
  /** The first image URI, the one to copy. */
  readonly imageUri: string;
  readonly repositoryUri: string;
  /** The manifest digest docker reported and ECR confirmed. */
  readonly digest?: string;
  readonly sizeBytes?: number;
  readonly repositoryCreated: boolean;
  /** The image a `build` made and pushed: its id, and the local name it was tagged with (none for a buildx index). */
  readonly built?: { readonly imageId?: string; readonly localImage?: string };
  /** What was pushed and where it went, for what follows a push (the scan on push, the views). */
  readonly source: string;
  readonly repository: string;
  readonly region: string;
  readonly accountId?: string;
  /** The repository scans each pushed image (undefined when ECR did not say). */
  readonly scanOnPush?: boolean;
  /** The local `<registry>/<repository>:<tag>` tags removed after the push (ecrPush.removeLocalAliasAfterPush); usually empty. */
  readonly removedLocalAliases: readonly string[];
}

export interface PushPipelineDeps {
  readonly docker: DockerPort;
  readonly sessions: EcrSessionFactory<EcrSession>;
  readonly tokens: AuthorizationCache;
  readonly logins: LoginTracker;
  readonly dockerConfig: DockerConfigPort;
}
