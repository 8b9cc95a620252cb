/**
 * "Dropped on any auth failure": a token the registry refused at docker login, or one fetched for an
 * identity AWS then rejects, is not handed out again; the next push fetches a fresh one. Also the
 * status bar's identity summary (account from the credentials, else the token's registry host).
 */
import * as assert from 'node:assert/strict';
import type { EcrCatalogSession } from '../../../src/ecr/EcrSession';
import { describeIdentity } from '../../../src/credentials/identitySummary';
import { DockerError } from '../../../src/docker/dockerErrors';
import { AuthorizationCache, LoginTracker } from '../../../src/ecr/AuthorizationCache';
import type { RegistryAuthorization } from '../../../src/ecr/authorizationToken';
import type { EcrCatalog } from '../../../src/ecr/EcrCatalog';
import type { EcrImage, EcrRegistry, EcrRepository } from '../../../src/ecr/EcrRegistry';
import { PushPipeline } from '../../../src/push/PushPipeline';
import type { DockerPort } from '../../../src/push/pushPorts';
import { PushError } from '../../../src/push/pushErrors';

const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const IDENTITY = 'AKIAIOSFODNN7EXAMPLE';
/** Tokens are kept per credential source, not per access key. */
const SOURCE = 'profile dev';
const DIGEST = `sha256:${'c'.repeat(64)}`;

class CountingEcr implements EcrRegistry {
  tokens = 0;
  describeError?: Error;
  async describeRepository(name: string): Promise<EcrRepository | undefined> {
    if (this.describeError) throw this.describeError;
    return { name, uri: `${HOST}/${name}` };
  }
  async createRepository() {
    return { created: false };
  }
  async getAuthorization(): Promise<RegistryAuthorization> {
    this.tokens++;
    return {
      username: 'AWS',
      password: `pw-${this.tokens}`,
      registryHost: HOST,
      proxyEndpoint: `https://${HOST}`,
      expiresAt: new Date(Date.now() + 12 * 3600_000),
    };
  }
  async describeImageByTag(_repository: string, tag: string): Promise<EcrImage | undefined> {
    return { digest: DIGEST, tags: [tag] };
  }
}

function setup() {
  const ecr = new CountingEcr();
  const tokens = new AuthorizationCache();
  let loginFails = false;
  const docker: DockerPort = {
    checkDaemon: async () => ({
      engine: 'docker',
      clientVersion: '28.2',
      serverVersion: '20.10',
      description: 'Docker client 28.2, engine 20.10',
    }),
    inspectImage: async () => ({ id: `sha256:${'d'.repeat(64)}`, repoTags: ['app:1'], repoDigests: [] }),
    login: async () => {
      if (loginFails)
        throw new DockerError('loginFailed', 'login', 'Error response from daemon: login attempt failed with status: 400 Bad Request');
    },
    tag: async () => undefined,
    untag: async () => assert.fail('no push here removes a local tag'),
    push: async () => ({ digest: DIGEST, progress: { done: 1, total: 1 } }) as Awaited<ReturnType<DockerPort['push']>>,
  };
  const pipeline = new PushPipeline({
    docker,
    sessions: {
      open: async () => ({
        registry: ecr,
        identity: IDENTITY,
        credentialSource: SOURCE,
        sourceDescription: 'test',
        credentials: async () => ({ accessKeyId: IDENTITY, secretAccessKey: 'secret' }),
        forgetCredentials: () => forgotten++,
      }),
    },
    tokens,
    logins: new LoginTracker(),
    // Nothing on disk: every push logs in, so a refused login shows.
    dockerConfig: { preparePrivateDockerConfig: () => undefined, hasLogin: () => false, usesEcrLoginHelper: () => false },
  });
  const observer = {
    step: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    dockerLine: () => undefined,
    layers: () => undefined,
    secrets: () => undefined,
  };
  let forgotten = 0;
  const run = () =>
    pipeline.run(
      { source: 'app:1', repository: 'app', tags: ['1'], region: 'eu-west-1' },
      {
        createRepository: { imageTagMutability: 'MUTABLE', scanOnPush: true },
        loginTarget: 'private',
        privateDockerConfigRoot: '/nonexistent',
      },
      observer,
    );
  return { ecr, tokens, run, failLogin: (value: boolean) => (loginFails = value), forgotten: () => forgotten };
}

describe('token cache: dropped on any auth failure', () => {
  it('a token refused at docker login is dropped; the next push gets a fresh one', async () => {
    const { ecr, tokens, run, failLogin } = setup();
    failLogin(true);
    await assert.rejects(run(), (error: unknown) => error instanceof PushError && error.code === 'loginFailed');
    assert.equal(tokens.get({ identity: SOURCE, region: 'eu-west-1' }), undefined);
    failLogin(false);
    await run();
    assert.equal(ecr.tokens, 2, 'a second GetAuthorizationToken, not the refused token');
  });

  it('a token is reused while all is well (control for the test above)', async () => {
    const { ecr, run } = setup();
    await run();
    await run();
    assert.equal(ecr.tokens, 1);
  });

  it('AWS rejecting the identity on any call drops its cached token and its kept credentials', async () => {
    const { ecr, tokens, run, forgotten } = setup();
    await run();
    assert.ok(tokens.get({ identity: SOURCE, region: 'eu-west-1' }));
    ecr.describeError = Object.assign(new Error('The security token included in the request is invalid.'), {
      name: 'UnrecognizedClientException',
    });
    await assert.rejects(run(), (error: unknown) => error instanceof PushError && error.code === 'credentialsInvalid');
    assert.equal(tokens.get({ identity: SOURCE, region: 'eu-west-1' }), undefined);
    assert.equal(forgotten(), 1, 'the credentials AWS refused are resolved again next time');
  });
});

describe('describeIdentity (status bar)', () => {
  const session = (accountId?: string): EcrCatalogSession => ({
    registry: {} as EcrCatalog,
    identity: IDENTITY,
    credentialSource: SOURCE,
    sourceDescription: 'test',
    credentials: async () => ({ accessKeyId: IDENTITY, secretAccessKey: 'secret' }),
    forgetCredentials: () => undefined,
    accountId,
    region: 'eu-west-1',
  });
  const token: RegistryAuthorization = {
    username: 'AWS',
    password: 'pw',
    registryHost: HOST,
    proxyEndpoint: `https://${HOST}`,
    expiresAt: new Date(Date.now() + 12 * 3600_000),
  };

  it('prefers the account the credentials carry', () => {
    const tokens = new AuthorizationCache();
    tokens.set({ identity: SOURCE, region: 'eu-west-1' }, token);
    assert.equal(describeIdentity(session('999988887777'), 'eu-west-1', tokens).account, '999988887777');
  });

  it('else reads it from the token’s registry host, with when the login expires', () => {
    const tokens = new AuthorizationCache();
    tokens.set({ identity: SOURCE, region: 'eu-west-1' }, token);
    const summary = describeIdentity(session(), 'eu-west-1', tokens);
    assert.equal(summary.account, '123456789012');
    assert.equal(summary.expiresAt, token.expiresAt);
    assert.ok(summary.loginUntil && summary.loginUntil < (token.expiresAt as Date));
  });

  it('else "unknown"; and nothing for another region or before any session', () => {
    const tokens = new AuthorizationCache();
    tokens.set({ identity: SOURCE, region: 'eu-west-1' }, { ...token, registryHost: '127.0.0.1:5000' });
    assert.equal(describeIdentity(session(), 'eu-west-1', tokens).account, 'unknown');
    assert.equal(describeIdentity(session('1'), 'us-east-1', tokens).account, 'unknown (nothing fetched yet)');
    assert.equal(describeIdentity(undefined, 'eu-west-1', tokens).account, 'unknown (nothing fetched yet)');
  });
});
