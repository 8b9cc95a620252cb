/**
 * The pipeline as its unit tests and the reliability tables run it in plain Node: the real DockerCli and spawn helpers run
 * the fake docker CLI (captured real output, per-call sequences); ECR is either an in-memory registry
 * or a real SdkEcrRegistry (mocked SDK or a tiny local server). Records what docker was asked to do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerCli } from '../../../src/docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig } from '../../../src/docker/dockerConfig';
import type { RegistryAuthorization } from '../../../src/ecr/authorizationToken';
import { AuthorizationCache, LoginTracker } from '../../../src/ecr/AuthorizationCache';
import type { CreateRepositoryInput, EcrImage, EcrRegistry, EcrRepository } from '../../../src/ecr/EcrRegistry';
import { CredentialsUnavailableError } from '../../../src/credentials/credentialErrors';
import { PushPipeline } from '../../../src/push/PushPipeline';
import type { PushObserver, PushStep } from '../../../src/push/pushPorts';
import type { PushOptions, PushRequest } from '../../../src/push/pushRequest';
import { fakeCli } from '../fakeCli/paths';

export const PUSHED_DIGEST = 'sha256:4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15';
export const HOST = '127.0.0.1:5055';
/** The secret access key of the harness's session: it must never show in what the pipeline prints. */
export const TEST_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** ECR in memory: records calls, hands out distinct tokens like ECR does. */
export class MemoryEcr implements EcrRegistry {
  readonly calls: string[] = [];
  readonly repositories = new Map<string, EcrRepository>();
  /** Every CreateRepository input, in order. */
  readonly created: CreateRepositoryInput[] = [];
  imageDigest: string | undefined = PUSHED_DIGEST;
  tokensIssued = 0;

  async describeRepository(name: string): Promise<EcrRepository | undefined> {
    this.calls.push('DescribeRepositories');
    return this.repositories.get(name);
  }
  async createRepository(input: CreateRepositoryInput) {
    this.calls.push('CreateRepository');
    this.created.push(input);
    const repository = { name: input.name, uri: `${HOST}/${input.name}`, imageTagMutability: input.imageTagMutability };
    this.repositories.set(input.name, repository);
    return { repository, created: true };
  }
  async getAuthorization(): Promise<RegistryAuthorization> {
    this.calls.push('GetAuthorizationToken');
    this.tokensIssued++;
    return {
      username: 'AWS',
      password: `registry-password-${this.tokensIssued}-s3cr3t`,
      registryHost: HOST,
      proxyEndpoint: `http://${HOST}`,
      expiresAt: new Date(Date.now() + 12 * 3600_000),
    };
  }
  async describeImageByTag(_repository: string, tag: string): Promise<EcrImage | undefined> {
    this.calls.push('DescribeImages');
    return this.imageDigest ? { digest: this.imageDigest, tags: [tag], sizeBytes: 526 } : undefined;
  }
}

export interface DockerCall {
  argv: string[];
  stdin: string;
  sub: string;
  pid: number;
  /** The AWS_* variables the call got. */
  aws: Record<string, string>;
}

/** Replays of captured docker output for a push that works (`docker tag` prints nothing on success). */
export const HAPPY: Readonly<Record<string, unknown>> = {
  version: { stdout: 'version.json' },
  'image inspect': { stdout: 'image-inspect.json' },
  login: { stdout: 'login-ok.stdout.txt', stderr: 'login-ok.stderr.txt' },
  tag: {},
  push: { stdout: 'push-single.stdout.txt' },
};

export class PipelineHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-pipeline-'));
  readonly logFile = path.join(this.dir, 'docker-calls.jsonl');
  readonly scenarioFile = path.join(this.dir, 'scenario.json');
  readonly tokens = new AuthorizationCache();
  readonly logins = new LoginTracker();
  /** Where the pipeline makes its docker config folders (one per identity and registry). */
  readonly privateDockerConfigRoot = path.join(this.dir, 'docker-config');
  readonly steps: PushStep[] = [];
  /** What the pipeline handed its observer as secrets to mask. */
  readonly secrets: string[] = [];
  readonly lines: string[] = [];
  readonly pipeline: PushPipeline;
  /** The region of every ECR session the pipeline opened, in order. */
  readonly sessionRegions: string[] = [];
  /** When set, opening an ECR session fails as the AWS chain does with nothing configured. */
  credentialsMissing = false;
  /** The settings a created repository gets. */
  createRepository: PushOptions['createRepository'] = { imageTagMutability: 'MUTABLE', scanOnPush: true };
  /** Where docker logs in: the extension's private folders, or the user's own config. */
  loginTarget: PushOptions['loginTarget'] = 'private';
  /** Whether the user's docker config sends the registry to the ecr-login credential helper. */
  ecrLoginHelper = false;
  /** The session token of the session's credentials (temporary credentials), if any. */
  sessionToken: string | undefined;
  /** ecrPush.removeLocalAliasAfterPush. */
  removeLocalAliasAfterPush = false;

  constructor(
    scenario: Readonly<Record<string, unknown>>,
    readonly ecr: EcrRegistry & { calls?: string[] } = new MemoryEcr(),
    executable = fakeCli('fake-docker.js'),
    more: {
      /** More environment for every docker call (what the extension host's environment would hold; FAKE_DOCKER_ENGINE plays podman, nerdctl or Finch). */
      env?: NodeJS.ProcessEnv;
      /** The timeout of docker login and tag. */
      shortTimeoutMs?: number;
    } = {},
  ) {
    fs.writeFileSync(this.scenarioFile, JSON.stringify(scenario));
    const docker = new DockerCli({
      executable,
      env: { ...more.env, FAKE_DOCKER_LOG: this.logFile, FAKE_DOCKER_SCENARIO: this.scenarioFile, FAKE_DOCKER_STATE: this.dir },
      shortTimeoutMs: more.shortTimeoutMs ?? 10_000,
    });
    this.pipeline = new PushPipeline({
      docker,
      sessions: {
        open: async (region) => {
          this.sessionRegions.push(region);
          if (this.credentialsMissing) {
            throw new CredentialsUnavailableError('Could not load AWS credentials from the AWS default credential chain.');
          }
          return {
            registry: this.ecr,
            identity: 'AKIAEXAMPLEEXAMPLE00',
            credentialSource: 'profile test',
            sourceDescription: 'a test',
            credentials: async () => ({
              accessKeyId: 'AKIAEXAMPLEEXAMPLE00',
              secretAccessKey: TEST_SECRET_KEY,
              sessionToken: this.sessionToken,
            }),
            forgetCredentials: () => undefined,
          };
        },
      },
      tokens: this.tokens,
      logins: this.logins,
      // The real config files: the fake CLI keeps a login in --config DIR/config.json as docker does.
      dockerConfig: { preparePrivateDockerConfig, hasLogin, usesEcrLoginHelper: () => this.ecrLoginHelper },
    });
  }

  get options(): PushOptions {
    return {
      createRepository: this.createRepository,
      loginTarget: this.loginTarget,
      privateDockerConfigRoot: this.privateDockerConfigRoot,
      removeLocalAliasAfterPush: this.removeLocalAliasAfterPush,
    };
  }

  observer(onLine?: (line: string) => void): PushObserver {
    return {
      step: (step) => this.steps.push(step),
      info: (message) => this.lines.push(message),
      warn: (message) => this.lines.push(message),
      dockerLine: (line) => {
        this.lines.push(line);
        onLine?.(line);
      },
      layers: () => undefined,
      secrets: (values) => this.secrets.push(...values.filter((v): v is string => !!v)),
    };
  }

  run(request: Partial<PushRequest> = {}, signal?: AbortSignal, onLine?: (line: string) => void) {
    return this.pipeline.run(
      { source: 'team/app:1.0', repository: 'team/app', tags: ['1.0'], region: 'us-east-1', ...request },
      this.options,
      this.observer(onLine),
      signal,
    );
  }

  dockerCalls(): DockerCall[] {
    if (!fs.existsSync(this.logFile)) {
      return [];
    }
    return fs
      .readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DockerCall);
  }

  subcommands(): string[] {
    return this.dockerCalls().map((c) => c.sub);
  }

  /** The full argv of every docker call, in order. */
  argvs(): string[][] {
    return this.dockerCalls().map((c) => c.argv);
  }

  /**
   * The argv a push of `source` to `target` runs when it logs in first, written out literally (not
   * built with the code under test): version, image inspect, login and push with the private config,
   * the one folder the harness's single identity and registry got under the private root.
   */
  pushArgvs(source: string, target: string): { version: string[]; inspect: string[]; login: string[]; tag: string[]; push: string[] } {
    const folders = fs.readdirSync(this.privateDockerConfigRoot);
    assert.equal(folders.length, 1, `one private docker config folder, not ${folders.join(', ')}`);
    const config = path.join(this.privateDockerConfigRoot, folders[0]);
    return {
      version: ['version', '--format', '{{json .}}'],
      inspect: ['image', 'inspect', source],
      login: ['--config', config, 'login', '--username', 'AWS', '--password-stdin', HOST],
      tag: ['tag', source, target],
      push: ['--config', config, 'push', target],
    };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
