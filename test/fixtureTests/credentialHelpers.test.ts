import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ChildResult, runChild } from '../fixtures/childProcess';
import { pathWithCredentialHelpers } from '../fixtures/credentialHelpers/install';
import { makeImage } from '../fixtures/testImages';
import { control, dockerConfigDir, ecrClient, sharedStack, uniqueName } from './sharedStack';

/** The real docker CLI with the stand-in helpers first on PATH (pass too unless `withPass` is false), as the runner gives the host. */
function desktopDocker(
  args: string[],
  options: { configDir: string; input?: string; withPass?: boolean; env?: NodeJS.ProcessEnv },
): Promise<ChildResult> {
  const stack = sharedStack();
  return runChild('docker', ['--config', options.configDir, ...args], {
    env: {
      ...process.env,
      ...options.env,
      DOCKER_HOST: stack.dockerHost,
      PATH: pathWithCredentialHelpers(stack.credentialHelpers, process.env.PATH ?? '', options.withPass ?? true),
    },
    input: options.input,
    timeoutMs: 300_000,
  });
}

function readConfig(configDir: string): {
  auths?: Record<string, { auth?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
} {
  return JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as ReturnType<typeof readConfig>;
}

describe('stand-in credential helpers (a desktop keychain for docker)', () => {
  let image: string;

  before(async function () {
    this.timeout(120_000);
    image = (await makeImage(sharedStack().dockerHost, `${uniqueName('fixture-keychain')}:1`, { sizeBytes: 256 * 1024 })).reference;
  });

  beforeEach(() => control().reset());

  it('the issue\'s reproduction: docker login into a fresh empty config hands the login to the pass store and writes credsStore "pass"', async function () {
    this.timeout(120_000);
    const { registry } = sharedStack();
    const configDir = dockerConfigDir();
    const login = await desktopDocker(['login', '--username', 'AWS', '--password-stdin', registry.host], {
      configDir,
      input: registry.password,
    });
    assert.equal(login.code, 0, login.stderr);

    const config = readConfig(configDir);
    assert.equal(config.credsStore, 'pass');
    assert.deepEqual(config.auths, { [registry.host]: {} }, 'no password in config.json: it went to the store');
    const calls = await control().credentialHelperCalls();
    assert.deepEqual(
      calls.map((call) => [call.helper, call.args, call.exitCode]),
      [['docker-credential-pass', ['store'], 0]],
    );
    assert.deepEqual(JSON.parse(calls[0].stdin), { ServerURL: registry.host, Username: 'AWS', Secret: registry.password });
    assert.deepEqual((await control().keychains()).pass[registry.host], { Username: 'AWS', Secret: registry.password });

    // A push with that config asks the store for the login.
    const repository = uniqueName('keychain/app');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const target = `${registry.host}/${repository}:1`;
    assert.equal((await desktopDocker(['tag', image, target], { configDir })).code, 0);
    const pushed = await desktopDocker(['push', target], { configDir });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.ok(
      (await control().credentialHelperCalls()).some(
        (call) => call.helper === 'docker-credential-pass' && call.args[0] === 'get' && call.stdin.trim() === registry.host,
      ),
    );
    assert.deepEqual(await control().refusedRegistryRequests(), []);
  });

  it('without pass on PATH docker picks secretservice; an unavailable keychain makes docker login fail with its error and write nothing', async function () {
    this.timeout(120_000);
    const { registry } = sharedStack();
    await control().setKeychainBehaviour({ mode: 'unavailable' }, 'secretservice');
    const configDir = dockerConfigDir();
    const login = await desktopDocker(['login', '--username', 'AWS', '--password-stdin', registry.host], {
      configDir,
      input: registry.password,
      withPass: false,
    });
    assert.notEqual(login.code, 0);
    assert.match(login.stderr, /error storing credentials - err: exit status 1, out: `Cannot autolaunch D-Bus without X11 \$DISPLAY`/);
    assert.equal(fs.existsSync(path.join(configDir, 'config.json')), false);
    assert.deepEqual(
      (await control().credentialHelperCalls()).map((call) => [call.helper, call.args, call.exitCode]),
      [['docker-credential-secretservice', ['store'], 1]],
    );
    assert.deepEqual((await control().keychains()).secretservice, {});
  });

  it("docker detects a store only for a config without credsStore, credHelpers or a non-empty auths (docker/cli's ContainsAuth)", async function () {
    this.timeout(120_000);
    const { registry } = sharedStack();
    const cases: Array<[string, string | undefined]> = [
      ['{}', 'pass'],
      ['{"auths":{}}', 'pass'],
      ['{"credHelpers":{}}', 'pass'],
      ['{"auths":{"example.invalid":{}}}', undefined],
      ['{"credHelpers":{"example.invalid":"none"}}', undefined],
    ];
    for (const [initial, store] of cases) {
      const configDir = dockerConfigDir();
      fs.writeFileSync(path.join(configDir, 'config.json'), initial);
      const login = await desktopDocker(['login', '--username', 'AWS', '--password-stdin', registry.host], {
        configDir,
        input: registry.password,
      });
      assert.equal(login.code, 0, login.stderr);
      const config = readConfig(configDir);
      assert.equal(config.credsStore, store, `credsStore after a login into ${initial}`);
      assert.equal(Boolean(config.auths?.[registry.host]?.auth), store === undefined, `auth kept in config.json for ${initial}`);
    }
  });

  it('the pass command answers like a store never initialised; a held keychain holds docker login', async function () {
    this.timeout(120_000);
    const { credentialHelpers, registry } = sharedStack();
    const pass = await runChild(path.join(credentialHelpers.passDir, 'pass'), ['ls']);
    assert.equal(pass.code, 1);
    assert.equal(pass.stderr, 'Error: password store is empty. Try "pass init".\n');

    await control().setKeychainBehaviour({ delayMs: 1500 });
    const started = Date.now();
    const login = await desktopDocker(['login', '--username', 'AWS', '--password-stdin', registry.host], {
      configDir: dockerConfigDir(),
      input: registry.password,
    });
    assert.equal(login.code, 0, login.stderr);
    assert.ok(Date.now() - started >= 1500, 'the login did not wait for the keychain');
    assert.deepEqual(
      (await control().credentialHelperCalls()).map((call) => call.helper),
      ['pass', 'docker-credential-pass'],
    );
  });

  it('docker-credential-ecr-login logs in as whatever identity its environment names, which the registry front then records', async function () {
    this.timeout(120_000);
    const { registry, ecr } = sharedStack();
    const [, second] = ecr.accounts;
    const repository = uniqueName('keychain/ecr-login');
    await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
    const configDir = dockerConfigDir();
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'ecr-login' } }));
    const target = `${registry.host}/${repository}:1`;
    assert.equal((await desktopDocker(['tag', image, target], { configDir })).code, 0);
    await control().reset();

    const awsDir = path.join(sharedStack().workDir, uniqueName('ecr-login-aws'));
    fs.mkdirSync(awsDir);
    const env = {
      AWS_ACCESS_KEY_ID: second.accessKeyId,
      AWS_SECRET_ACCESS_KEY: second.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: path.join(awsDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const pushed = await desktopDocker(['push', target], { configDir, env });
    assert.equal(pushed.code, 0, pushed.stderr);

    const gets = (await control().credentialHelperCalls()).filter((call) => call.helper === 'docker-credential-ecr-login');
    assert.ok(gets.length >= 1);
    for (const call of gets) {
      assert.deepEqual(call.args, ['get']);
      assert.equal(call.stdin.trim(), registry.host);
      assert.equal(call.env?.AWS_ACCESS_KEY_ID, second.accessKeyId);
      assert.deepEqual(call.identity, { accessKeyId: second.accessKeyId, accountId: second.accountId });
      assert.equal(call.exitCode, 0);
      assert.equal(JSON.stringify(call).includes(second.secretAccessKey), false, 'the secret key was logged');
    }
    const authorised = (await control().registryRequests()).filter((request) => request.auth !== 'missing');
    assert.ok(authorised.length > 0);
    assert.ok(authorised.every((request) => request.account === second.accountId && request.accessKeyId === second.accessKeyId));
    assert.deepEqual(await control().refusedRegistryRequests(), []);

    // With no usable credentials it answers docker "not found" and logs why; docker pushes anonymously and is refused.
    const failed = await desktopDocker(['push', target], { configDir, env: { ...env, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00' } });
    assert.notEqual(failed.code, 0);
    const last = (await control().credentialHelperCalls()).filter((call) => call.helper === 'docker-credential-ecr-login').pop();
    assert.equal(last?.exitCode, 1);
    assert.match(last?.error ?? '', /UnrecognizedClientException/);
  });
});
