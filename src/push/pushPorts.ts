/**
 * The push pipeline's ports: the steps it reports, what it needs of docker, of the docker config and of
 * ECR sessions, what it tells its observer, and what it returns. The UI and the tests plug into these;
 * PushPipeline.ts is the run itself. No `vscode` import.
 */
import type { DockerCli } from '../docker/DockerCli';
import type { BuildProgress } from '../docker/buildOutput';
import type { PushProgress } from '../docker/pushProgress';
import type { AuthorizationCache, LoginTracker } from '../ecr/AuthorizationCache';
import type { EcrSession, EcrSessionFactory } from '../ecr/EcrSession';

export type PushStep = 'build' | 'checkImage' | 'credentials' | 'repository' | 'authenticate' | 'tag' | 'push' | 'verify';

export const PUSH_STEP_TITLES: Readonly<Record<PushStep, string>> = {
  build: 'Building image',
  checkImage: 'Checking image',
  credentials: 'Loading AWS credentials',
  repository: 'Checking repository',
  authenticate: 'Authenticating with ECR',
  tag: 'Tagging',
  push: 'Pushing',
  verify: 'Verifying',
};

/** The docker operations the pipeline needs: DockerCli's, so tests can hand in the real one over a fake CLI. */
export type DockerPort = Pick<DockerCli, 'checkDaemon' | 'inspectImage' | 'push' | 'login' | 'tag'> & Partial<BuildPort>;

/** The builds a request with `build` needs; a port without them can push, not build. */
export type BuildPort = Pick<DockerCli, 'build' | 'buildxVersion' | 'buildxBuild'>;

/** The docker config files the pipeline reads and writes (docker/dockerConfig.ts). */
export interface DockerConfigPort {
  preparePrivateDockerConfig(privateDir: string, host: string, userConfigDir?: string): void;
  hasLogin(privateDir: string, host: string, login: { readonly username: string; readonly password: string }): boolean;
  usesEcrLoginHelper(host: string, userConfigDir?: string): boolean;
}

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
}

export interface PushPipelineDeps {
  readonly docker: DockerPort;
  readonly sessions: EcrSessionFactory<EcrSession>;
  readonly tokens: AuthorizationCache;
  readonly logins: LoginTracker;
  readonly dockerConfig: DockerConfigPort;
}
