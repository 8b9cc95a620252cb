import { CreateRepositoryCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { REGISTRY_FAULTS, type RegistryRequest } from '../fixtures/ecrControl';
import { delay } from '../fixtures/network';
import { makeImage } from '../fixtures/testImages';
import { control, docker, dockerConfigDir, ecrClient, sharedStack, tokenPassword, uniqueName } from './sharedStack';

/** `docker login` to the registry front with a token GetAuthorizationToken gave `account`. */
async function loginAs(account: { accessKeyId: string; secretAccessKey: string }, configDir: string): Promise<void> {
  const client = ecrClient({ credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey } });
  const token = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
  assert.ok(token);
  const result = await docker(['login', '--username', 'AWS', '--password-stdin', sharedStack().registry.host], {
    input: tokenPassword(token),
    configDir,
  });
  assert.equal(result.code, 0, result.stderr);
}

function summary(requests: RegistryRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.auth} ${r.account}`).join('\n');
}

/** Polls the registry log until `predicate` holds for some request (no fixed sleeps). */
async function waitForRequest(predicate: (request: RegistryRequest) => boolean, what: string): Promise<RegistryRequest> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = (await control().registryRequests()).find(predicate);
    if (found) {
      return found;
    }
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await delay(50);
  }
}

describe('registry request log', () => {
  let image: string;

  before(async function () {
    this.timeout(120_000);
    image = (await makeImage(sharedStack().dockerHost, `${uniqueName('fixture-log')}:1`, { sizeBytes: 512 * 1024 })).reference;
  });

  beforeEach(() => control().reset());

  it("records docker's login and push as authorised by the second account's token, with no refused request", async function () {
    this.timeout(120_000);
    const [, second] = sharedStack().ecr.accounts;
    const repository = uniqueName('log/second');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const configDir = dockerConfigDir();
    await control().clearRegistryRequests();
    await loginAs(second, configDir);
    const target = `${sharedStack().registry.host}/${repository}:1`;
    assert.equal((await docker(['tag', image, target])).code, 0);
    const pushed = await docker(['push', target], { configDir });
    assert.equal(pushed.code, 0, pushed.stderr);

    const requests = await control().registryRequests();
    assert.ok(
      requests.some((r) => r.method === 'PUT' && r.path.includes('/manifests/')),
      summary(requests),
    );
    // Login and push each start with the anonymous challenge; it is answered 401 but is no refusal.
    const challenges = requests.filter((r) => r.auth === 'missing');
    assert.ok(challenges.length >= 1, summary(requests));
    assert.ok(
      challenges.every((r) => r.method === 'GET' && r.path === '/v2/' && r.status === 401 && !r.refused),
      summary(requests),
    );
    const authorised = requests.filter((r) => r.auth !== 'missing');
    assert.ok(
      authorised.every((r) => r.auth === 'token' && r.account === second.accountId && r.accessKeyId === second.accessKeyId),
      summary(requests),
    );
    assert.deepEqual(await control().refusedRegistryRequests(), []);

    await control().clearRegistryRequests();
    assert.deepEqual(await control().registryRequests(), []);
  });

  it('records a push with a revoked token as refused (401 DENIED), with no account but the key that got the token', async function () {
    this.timeout(120_000);
    const { ecr, registry } = sharedStack();
    const repository = uniqueName('log/revoked');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const configDir = dockerConfigDir();
    await loginAs(ecr, configDir);
    await control().revokeTokens();
    const target = `${registry.host}/${repository}:1`;
    assert.equal((await docker(['tag', image, target])).code, 0);
    const pushed = await docker(['push', target], { configDir });
    assert.notEqual(pushed.code, 0);
    const refused = await control().refusedRegistryRequests();
    assert.ok(refused.length >= 1, summary(await control().registryRequests()));
    assert.ok(
      refused.every((r) => r.status === 401 && r.auth === 'expired' && r.account === 'none' && r.accessKeyId === ecr.accessKeyId),
      summary(refused),
    );
  });

  it('shows a push without any login as anonymous challenges only: docker gives up without sending credentials', async function () {
    this.timeout(120_000);
    const repository = uniqueName('log/anonymous');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const target = `${sharedStack().registry.host}/${repository}:1`;
    assert.equal((await docker(['tag', image, target])).code, 0);
    const pushed = await docker(['push', target], { configDir: dockerConfigDir() });
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.stderr, /no basic auth credentials/);
    const requests = await control().registryRequests();
    assert.ok(requests.length >= 1);
    assert.ok(
      requests.every((r) => r.path === '/v2/' && r.auth === 'missing' && r.account === 'none' && r.status === 401 && !r.refused),
      summary(requests),
    );
  });

  it('holds the ping docker login starts with while a Registry:DelayPing fault is armed, and never answers a login that gave up', async function () {
    this.timeout(120_000);
    const { registry, ecr } = sharedStack();
    const token = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0]?.authorizationToken;
    assert.ok(token);
    await control().injectFault({ operation: REGISTRY_FAULTS.delayPing, count: 1 });

    const login = spawn('docker', ['--config', dockerConfigDir(), 'login', '--username', 'AWS', '--password-stdin', registry.host], {
      env: { ...process.env, DOCKER_HOST: sharedStack().dockerHost },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => login.on('exit', (code) => resolve(code)));
    login.stdin.end(tokenPassword(token));
    // dockerd, asked by the CLI, sends the ping.
    const held = await waitForRequest((r) => r.method === 'GET' && r.path === '/v2/', 'the held ping');
    assert.equal(held.status, 0, 'the ping was answered at once');
    // Cancelling the login (as a cancelled push does) ends the wait; the held ping is never answered.
    login.kill('SIGTERM');
    await exited;
    await delay(200);
    const [first] = await control().registryRequests();
    assert.deepEqual([first.at, first.status], [held.at, 0]);

    // The fault was used up: the next login goes through at once; a short delay is answered after it.
    const configDir = dockerConfigDir();
    await loginAs(ecr, configDir);
    await control().injectFault({ operation: REGISTRY_FAULTS.delayPing, count: 1, delaySeconds: 1 });
    await loginAs(ecr, configDir);
    assert.deepEqual(await control().refusedRegistryRequests(), []);
  });
});
