/**
 * The pipeline end to end in plain Node: the real DockerCli and spawn helpers run a fake docker CLI that
 * replays captured real output; ECR is an in-memory EcrRegistry. Asserts step order, what docker was
 * asked to do (and that the password only went to stdin), and the retry-once rule.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerCli } from '../../../src/docker/DockerCli';
import type { RegistryAuthorization } from '../../../src/ecr/authorizationToken';
import { AuthorizationCache, LoginTracker } from '../../../src/ecr/AuthorizationCache';
import type { CreateRepositoryInput, EcrImage, EcrRegistry, EcrRepository } from '../../../src/ecr/EcrRegistry';
import { CredentialsUnavailableError } from '../../../src/credentials/credentialSource';
import { PushPipeline, type PushObserver, type PushStep } from '../../../src/push/PushPipeline';
import { PushError } from '../../../src/push/pushErrors';
import type { PushOptions, PushRequest } from '../../../src/push/pushRequest';
import { fakeCli } from '../fakeCli/paths';

const PUSHED_DIGEST = 'sha256:4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15';
const HOST = '127.0.0.1:5055';

/** ECR in memory: records calls, hands out distinct tokens like ECR does. */
class MemoryEcr implements EcrRegistry {
  readonly calls: string[] = [];
  readonly repositories = new Map<string, EcrRepository>();
  readonly created: CreateRepositoryInput[] = [];
  imageDigest: string | undefined = PUSHED_DIGEST;
  tokensIssued = 0;
  failNext?: { operation: string; error: Error };

  async describeRepository(name: string): Promise<EcrRepository | undefined> {
    this.record('DescribeRepositories');
    return this.repositories.get(name);
  }
  async createRepository(input: CreateRepositoryInput) {
    this.record('CreateRepository');
    this.created.push(input);
    const repository = { name: input.name, uri: `${HOST}/${input.name}`, imageTagMutability: input.imageTagMutability };
    this.repositories.set(input.name, repository);
    return { repository, created: true };
  }
  async getAuthorization(): Promise<RegistryAuthorization> {
    this.record('GetAuthorizationToken');
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
    this.record('DescribeImages');
    return this.imageDigest ? { digest: this.imageDigest, tags: [tag], sizeBytes: 526 } : undefined;
  }
  private record(operation: string): void {
    this.calls.push(operation);
    if (this.failNext?.operation === operation) {
      const { error } = this.failNext;
      this.failNext = undefined;
      throw error;
    }
  }
}

interface DockerCall {
  argv: string[];
  stdin: string;
  sub: string;
}

class Harness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-pipeline-'));
  readonly logFile = path.join(this.dir, 'docker-calls.jsonl');
  readonly scenarioFile = path.join(this.dir, 'scenario.json');
  readonly ecr = new MemoryEcr();
  readonly tokens = new AuthorizationCache();
  readonly logins = new LoginTracker();
  readonly steps: PushStep[] = [];
  readonly lines: string[] = [];
  credentialsMissing = false;
  readonly pipeline: PushPipeline;

  constructor(scenario: Record<string, unknown>) {
    this.setScenario(scenario);
    const docker = new DockerCli({
      executable: fakeCli('fake-docker.js'),
      env: { FAKE_DOCKER_LOG: this.logFile, FAKE_DOCKER_SCENARIO: this.scenarioFile, FAKE_DOCKER_STATE: this.dir },
      shortTimeoutMs: 10_000,
    });
    this.pipeline = new PushPipeline({
      docker,
      sessions: {
        open: async () => {
          if (this.credentialsMissing) {
            throw new CredentialsUnavailableError('Could not load AWS credentials from the AWS default credential chain.');
          }
          return { registry: this.ecr, identity: 'AKIAEXAMPLEEXAMPLE00', sourceDescription: 'a test' };
        },
      },
      tokens: this.tokens,
      logins: this.logins,
      dockerConfig: { preparePrivateDockerConfig: (dir) => fs.mkdirSync(dir, { recursive: true }), usesEcrLoginHelper: () => false },
    });
  }

  setScenario(scenario: Record<string, unknown>): void {
    fs.writeFileSync(this.scenarioFile, JSON.stringify(scenario));
  }

  get options(): PushOptions {
    return {
      createRepository: { imageTagMutability: 'IMMUTABLE', scanOnPush: true },
      loginTarget: 'private',
      privateDockerConfigDir: path.join(this.dir, 'docker-config'),
    };
  }

  observer(): PushObserver {
    return {
      step: (step) => this.steps.push(step),
      info: (message) => this.lines.push(message),
      warn: (message) => this.lines.push(message),
      dockerLine: (line) => this.lines.push(line),
      layers: () => undefined,
    };
  }

  run(request: Partial<PushRequest> = {}, signal?: AbortSignal) {
    return this.pipeline.run(
      { source: 'team/app:1.0', repository: 'team/app', tags: ['1.0'], region: 'us-east-1', ...request },
      this.options,
      this.observer(),
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

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const HAPPY = {
  version: { stdout: 'version.json' },
  'image inspect': { stdout: 'image-inspect.json' },
  login: { stdout: 'login-ok.stdout.txt', stderr: 'login-ok.stderr.txt' },
  push: { stdout: 'push-single.stdout.txt' },
};

describe('PushPipeline (fake docker CLI through the real spawn helpers)', function () {
  this.timeout(30_000);
  let harness: Harness;
  afterEach(() => harness.cleanup());

  it('runs the steps in order, creates a missing repository and reports the verified digest', async () => {
    harness = new Harness(HAPPY);
    const result = await harness.run();
    assert.deepEqual(harness.steps, ['checkImage', 'credentials', 'repository', 'authenticate', 'tag', 'push', 'verify']);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push']);
    assert.deepEqual(harness.ecr.calls, ['DescribeRepositories', 'CreateRepository', 'GetAuthorizationToken', 'DescribeImages']);
    assert.deepEqual(harness.ecr.created, [{ name: 'team/app', registryId: undefined, imageTagMutability: 'IMMUTABLE', scanOnPush: true }]);
    assert.equal(result.imageUri, `${HOST}/team/app:1.0`);
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.equal(result.repositoryCreated, true);
    const [, , login, tag, push] = harness.dockerCalls();
    assert.deepEqual(tag.argv, ['tag', 'team/app:1.0', `${HOST}/team/app:1.0`]);
    assert.deepEqual(push.argv, ['--config', harness.options.privateDockerConfigDir, 'push', `${HOST}/team/app:1.0`]);
    assert.deepEqual(login.argv, ['--config', harness.options.privateDockerConfigDir, 'login', '--username', 'AWS', '--password-stdin', HOST]);
    assert.equal(login.stdin.trim(), 'registry-password-1-s3cr3t');
    for (const call of harness.dockerCalls()) {
      assert.ok(!call.argv.join(' ').includes('s3cr3t'), `password in argv of docker ${call.sub}`);
    }
    assert.ok(!harness.lines.join('\n').includes('s3cr3t'), 'password in the log');
  });

  it('tags and pushes every requested tag and verifies each', async () => {
    harness = new Harness(HAPPY);
    const result = await harness.run({ tags: ['1.0', 'latest'] });
    assert.deepEqual(result.imageUris, [`${HOST}/team/app:1.0`, `${HOST}/team/app:latest`]);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'tag', 'push', 'push']);
    assert.equal(harness.ecr.calls.filter((c) => c === 'DescribeImages').length, 2);
  });

  it('reuses the cached token and skips docker login on a second push', async () => {
    harness = new Harness(HAPPY);
    await harness.run();
    await harness.run();
    assert.equal(harness.ecr.calls.filter((c) => c === 'GetAuthorizationToken').length, 1);
    assert.equal(harness.subcommands().filter((s) => s === 'login').length, 1);
    assert.equal(harness.ecr.calls.filter((c) => c === 'CreateRepository').length, 1, 'created once, then found');
  });

  it('on an expired token mid-push gets a new token, logs in again and retries exactly once', async () => {
    harness = new Harness({
      ...HAPPY,
      push: [{ stdout: 'push-token-expired.stdout.txt', stderr: 'push-token-expired.stderr.txt', exit: 1 }, { stdout: 'push-single.stdout.txt' }],
    });
    const result = await harness.run();
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.equal(harness.ecr.tokensIssued, 2);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push', 'login', 'push']);
    const logins = harness.dockerCalls().filter((c) => c.sub === 'login');
    assert.equal(logins[1].stdin.trim(), 'registry-password-2-s3cr3t', 'the retry logs in with the fresh token');
  });

  it('never loops: a second expiry fails the push with tokenExpired', async () => {
    harness = new Harness({
      ...HAPPY,
      push: { stdout: 'push-token-expired.stdout.txt', stderr: 'push-token-expired.stderr.txt', exit: 1 },
    });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'tokenExpired');
    assert.equal(harness.subcommands().filter((s) => s === 'push').length, 2);
    assert.equal(harness.ecr.tokensIssued, 2);
  });

  it('a missing local image fails before AWS or the registry is touched', async () => {
    harness = new Harness({ ...HAPPY, 'image inspect': { stdout: 'inspect-missing.stdout.txt', stderr: 'inspect-missing.stderr.txt', exit: 1 } });
    await assert.rejects(harness.run({ source: 'no/such-image:1' }), (error: PushError) => {
      assert.equal(error.code, 'imageNotFound');
      assert.match(error.message, /no\/such-image:1/);
      return true;
    });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
    assert.deepEqual(harness.ecr.calls, []);
  });

  it('a stopped daemon is reported as such before anything else runs', async () => {
    harness = new Harness({ ...HAPPY, version: { stdout: 'daemon-down.stdout.txt', stderr: 'daemon-down.stderr.txt', exit: 1 } });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'dockerDaemonUnavailable');
    assert.deepEqual(harness.subcommands(), ['version']);
    assert.deepEqual(harness.ecr.calls, []);
  });

  it('invalid input runs nothing at all', async () => {
    harness = new Harness(HAPPY);
    await assert.rejects(harness.run({ repository: 'Team/App', tags: ['-bad'] }), (error: PushError) => {
      assert.equal(error.code, 'invalidInput');
      assert.match(error.message, /lowercase/);
      assert.match(error.message, /cannot start with/);
      return true;
    });
    assert.deepEqual(harness.dockerCalls(), []);
    assert.deepEqual(harness.ecr.calls, []);
  });

  it('missing credentials stop the push with the actions that fix it', async () => {
    harness = new Harness(HAPPY);
    harness.credentialsMissing = true;
    await assert.rejects(harness.run(), (error: PushError) => {
      assert.equal(error.code, 'credentialsMissing');
      assert.deepEqual(error.actions, ['setCredentials', 'openAwsConfigDocs']);
      return true;
    });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
  });

  it('a digest that ECR does not confirm is a verification failure, not a success', async () => {
    harness = new Harness(HAPPY);
    harness.ecr.imageDigest = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(harness.run(), (error: PushError) => {
      assert.equal(error.code, 'verificationFailed');
      assert.match(error.message, /sha256:0{64}/);
      assert.match(error.message, new RegExp(PUSHED_DIGEST));
      return true;
    });
  });

  it('an immutable tag conflict says to choose a new tag', async () => {
    harness = new Harness({ ...HAPPY, push: { stdout: 'push-single.stdout.txt', stderr: 'push-tag-invalid.stderr.txt', exit: 1 } });
    await assert.rejects(harness.run(), (error: PushError) => error.code === 'tagImmutable' && /new tag/.test(error.remedy));
  });

  it('cancelling during the push kills docker and reports cancelled, never pushed', async () => {
    harness = new Harness({ ...HAPPY, push: { hang: true } });
    const controller = new AbortController();
    const running = harness.run({}, controller.signal);
    // Abort once docker push has started (it prints its pid first).
    await waitFor(() => harness.lines.some((l) => l.startsWith('pid ')));
    const pid = Number(harness.lines.find((l) => l.startsWith('pid '))?.slice(4));
    controller.abort();
    await assert.rejects(running, (error: PushError) => error.code === 'cancelled');
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'docker push process still alive after cancel');
    assert.deepEqual(harness.ecr.calls.includes('DescribeImages'), false, 'nothing verified after cancel');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(condition(), 'condition not met');
}
