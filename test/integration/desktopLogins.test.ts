/**
 * Logins that hold on a desktop (issue 11), in the real extension host against the real engine and
 * registry. The runner puts stand-in keychains first on the PATH docker gets (`pass` and
 * docker-credential-pass, docker-credential-secretservice, docker-credential-ecr-login), each logging
 * every call, so a login that escapes the private docker config shows up; the registry front records
 * which account's token authorised each request.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EcrSessions } from '../../src/credentials/EcrSessions';
import { DockerCli } from '../../src/docker/DockerCli';
import { hasLogin, preparePrivateDockerConfig, usesEcrLoginHelper } from '../../src/docker/dockerConfig';
import { AuthorizationCache, LoginTracker } from '../../src/ecr/AuthorizationCache';
import { ShortCommandProcess } from '../../src/process/ShortCommandProcess';
import { PushPipeline } from '../../src/push/PushPipeline';
import type { PushObserver, PushResult } from '../../src/push/pushPorts';
import type { RegistryRequest } from '../fixtures/ecrControl';
import { AwsProfileFiles } from './support/awsProfiles';
import { recordingDocker } from './support/processes';
import { withSetting } from './support/settings';
import { createImage, ecrControl, stackInfo, unique } from './support/stack';

function push(args: Record<string, unknown>): Promise<{ imageUri: string; digest?: string }> {
  return Promise.resolve(vscode.commands.executeCommand<{ imageUri: string; digest?: string }>('ecrPush.pushImage', args));
}

/** The `docker login` calls among a recorder's calls. */
function logins(recorder: ReturnType<typeof recordingDocker>): string[][] {
  return recorder.calls().filter((argv) => argv.includes('login'));
}

/** The folder a `docker --config DIR …` call used. */
function configDirOf(argv: readonly string[]): string {
  const at = argv.indexOf('--config');
  assert.ok(at >= 0, `docker ${argv.join(' ')} has no --config`);
  return argv[at + 1];
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

function readConfig(dir: string): DockerConfigFile {
  return JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as DockerConfigFile;
}

/** Every registry password the fake ECR issued, and the base64 `AWS:<password>` form docker keeps on disk. */
async function issuedTokens(): Promise<string[]> {
  const passwords = await ecrControl().issuedPasswords();
  return [...passwords, ...passwords.map((p) => Buffer.from(`AWS:${p}`).toString('base64'))];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The requests for one repository (`/v2/<repository>/…`) that an issued registry token authorised. */
function tokenRequestsFor(requests: readonly RegistryRequest[], repository: string): RegistryRequest[] {
  return requests.filter((r) => r.path.startsWith(`/v2/${repository}/`) && r.auth === 'token');
}

describe('logins that hold on a desktop: the private docker config', () => {
  const profiles = new AwsProfileFiles();

  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  after(() => profiles.restore());

  it('a login into the private config never reaches a credential store: two pushes, no helper call, one docker login, nothing refused', async () => {
    const control = ecrControl();
    const { registry, workDir } = stackInfo();
    const image = `${unique('local/no-store')}:1`;
    await createImage(image);
    const repository = unique('it/no-store');
    // Logged out everywhere and no token kept: the first push has to log in, and docker has to keep that login somewhere.
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await control.reset();
    const recorder = recordingDocker(path.join(workDir, unique('argv')));
    let configDir = '';
    let afterFirstPush = 0;
    await withSetting('containerCommand', recorder.command, async () => {
      await push({ imageName: image, imageTag: 'first', repositoryName: repository });
      const [login] = logins(recorder);
      assert.ok(login, 'the first push did not log in');
      configDir = configDirOf(login);
      // Widened since (another tool, a restored backup): the next push narrows them again.
      fs.chmodSync(configDir, 0o755);
      fs.chmodSync(path.join(configDir, 'config.json'), 0o644);
      afterFirstPush = (await control.registryRequests()).length;
      await push({ imageName: image, imageTag: 'second', repositoryName: repository });
    });

    // Named by helper and action only: a `store` call's stdin holds the password.
    assert.deepEqual(
      (await control.credentialHelperCalls()).map((c) => `${c.helper} ${c.args.join(' ')}`),
      [],
      'docker ran a credential helper (the login went to a keychain)',
    );
    assert.equal(logins(recorder).length, 1, `docker logins: ${JSON.stringify(logins(recorder))}`);
    const secondPush = (await control.registryRequests()).slice(afterFirstPush);
    assert.deepEqual(
      secondPush.filter((r) => r.refused),
      [],
      'the registry refused a request of the second push',
    );
    assert.ok(tokenRequestsFor(secondPush, repository).length > 0, 'the second push was not authorised by the login on disk');

    assert.equal(fs.statSync(configDir).mode & 0o777, 0o700, 'folder mode');
    assert.equal(fs.statSync(path.join(configDir, 'config.json')).mode & 0o777, 0o600, 'file mode');
    const config = readConfig(configDir);
    assert.equal(config.credsStore, undefined, 'docker selected a credential store');
    assert.equal(config.credHelpers, undefined);
    assert.deepEqual(Object.keys(config.auths ?? {}), [registry.host]);
    assert.ok((await issuedTokens()).includes(config.auths?.[registry.host]?.auth ?? ''), 'the login is not in the file');
    const keychains = JSON.stringify(await control.keychains());
    for (const token of await issuedTokens()) {
      assert.ok(!keychains.includes(token), 'an ECR token reached a stand-in keychain');
    }
    assert.deepEqual((await control.registryTags(repository)).sort(), ['first', 'second']);
  });

  it('ECR: Clear AWS Credentials logs out of every private docker config, so no ECR token stays on disk', async () => {
    const control = ecrControl();
    const { ecr, registry, workDir } = stackInfo();
    const second = ecr.accounts[1];
    const profile = unique('it-clear');
    profiles.addCredentialsProfile(profile, { aws_access_key_id: second.accessKeyId, aws_secret_access_key: second.secretAccessKey });
    const image = `${unique('local/clear')}:1`;
    await createImage(image);
    const repository = unique('it/clear');
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await control.reset();
    const recorder = recordingDocker(path.join(workDir, unique('argv')));
    // Two identities (the environment's keys, and a profile of the second account): two folders, a login in each.
    await withSetting('containerCommand', recorder.command, async () => {
      await push({ imageName: image, imageTag: 'env', repositoryName: repository });
      await withSetting('profile', profile, () => push({ imageName: image, imageTag: 'profile', repositoryName: repository }));
    });
    const folders = [...new Set(logins(recorder).map(configDirOf))];
    assert.equal(folders.length, 2, `login folders: ${folders.join(', ')}`);
    const root = path.dirname(folders[0]);
    assert.equal(path.dirname(folders[1]), root, 'both folders sit under one private root');
    for (const folder of folders) {
      assert.ok(readConfig(folder).auths?.[registry.host]?.auth, `no login in ${folder} before the clear`);
    }

    await vscode.commands.executeCommand('ecrPush.clearCredentials');

    const tokens = await issuedTokens();
    const files = filesUnder(root);
    assert.ok(files.length >= 2, `files under ${root}: ${files.join(', ')}`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!tokens.some((token) => text.includes(token)), `an ECR token is still in ${file}`);
    }
    for (const folder of folders) {
      const auths = readConfig(folder).auths ?? {};
      assert.deepEqual(
        Object.entries(auths).filter(([, entry]) => entry.auth),
        [],
        `a login is still in ${folder}`,
      );
    }

    // Logged out, not broken: the next push logs in again and lands.
    await withSetting('containerCommand', recorder.command, () =>
      push({ imageName: image, imageTag: 'after', repositoryName: repository }),
    );
    assert.equal(logins(recorder).length, 3);
    assert.deepEqual((await control.registryTags(repository)).sort(), ['after', 'env', 'profile']);
  });
});

describe('loginTarget = user with the ecr-login credential helper', () => {
  const profiles = new AwsProfileFiles();

  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  after(() => profiles.restore());

  it('docker push authenticates as the identity selected in VS Code, handed to it in its environment only', async () => {
    const control = ecrControl();
    const { ecr, registry, workDir } = stackInfo();
    const second = ecr.accounts[1];
    // The user's docker config is a folder of this run (the runner sets DOCKER_CONFIG), never the machine's ~/.docker.
    const userConfigDir = process.env.DOCKER_CONFIG ?? '';
    assert.ok(userConfigDir.startsWith(workDir), `DOCKER_CONFIG is ${userConfigDir || 'unset'}, not a folder of the stack`);
    const userConfig = path.join(userConfigDir, 'config.json');
    const savedConfig = fs.existsSync(userConfig) ? fs.readFileSync(userConfig, 'utf8') : undefined;

    // The selected identity: temporary keys of the second account. The host's environment holds the first account's keys,
    // which is what the helper's own AWS chain would find.
    const minted = await control.mintTemporaryCredentials({ accountId: second.accountId });
    const profile = unique('it-user-target');
    profiles.addCredentialsProfile(profile, {
      aws_access_key_id: minted.accessKeyId,
      aws_secret_access_key: minted.secretAccessKey,
      aws_session_token: minted.sessionToken,
    });
    const image = `${unique('local/ecr-login')}:1`;
    await createImage(image);
    const repository = unique('it/ecr-login');
    const recorder = recordingDocker(path.join(workDir, unique('argv')));
    fs.writeFileSync(userConfig, JSON.stringify({ credHelpers: { [registry.host]: 'ecr-login' } }), { mode: 0o600 });
    try {
      await control.reset();
      await withSetting('loginTarget', 'user', () =>
        withSetting('profile', profile, () =>
          withSetting('containerCommand', recorder.command, () => push({ imageName: image, repositoryName: repository })),
        ),
      );
    } finally {
      if (savedConfig === undefined) fs.rmSync(userConfig, { force: true });
      else fs.writeFileSync(userConfig, savedConfig);
    }

    const calls = recorder.calls();
    assert.deepEqual(logins(recorder), [], 'docker login ran although the helper logs in');
    assert.ok(
      calls.some((argv) => argv[0] === 'push' && argv[1] === `${registry.host}/${repository}:1`),
      `no docker push in ${JSON.stringify(calls)}`,
    );
    for (const argv of calls) {
      const line = argv.join(' ');
      assert.ok(!line.includes(minted.secretAccessKey) && !line.includes(minted.sessionToken), `a secret in docker ${argv[0]}`);
    }

    const helperCalls = await control.credentialHelperCalls();
    const gets = helperCalls.filter((c) => c.helper === 'docker-credential-ecr-login' && c.args[0] === 'get');
    assert.ok(
      gets.length > 0,
      `docker never asked the ecr-login helper: ${helperCalls.map((c) => `${c.helper} ${c.args.join(' ')}`).join(', ')}`,
    );
    for (const call of gets) {
      assert.equal(call.error, undefined, `the helper failed: ${call.error}`);
      assert.equal(call.identity?.accountId, second.accountId, 'the helper authenticated as another account');
      assert.equal(call.env?.AWS_ACCESS_KEY_ID, minted.accessKeyId, 'the helper did not get the selected key');
      assert.equal(call.env?.AWS_SESSION_TOKEN, 'set', 'the helper did not get the session token');
      assert.equal(call.env?.AWS_PROFILE, undefined, 'a profile in the environment would override the keys');
    }
    assert.deepEqual(
      helperCalls.filter((c) => c.helper !== 'docker-credential-ecr-login').map((c) => `${c.helper} ${c.args.join(' ')}`),
      [],
      'another credential helper ran',
    );

    const requests = await control.registryRequests();
    const authorised = tokenRequestsFor(requests, repository);
    assert.ok(authorised.length > 0, 'no request of the push carried a registry token');
    assert.deepEqual([...new Set(authorised.map((r) => r.account))], [second.accountId], 'pushed as another account');
    assert.deepEqual(
      requests.filter((r) => r.refused),
      [],
    );
    assert.deepEqual(await control.registryTags(repository), ['1']);
  });
});

describe('two windows over one global storage: two pipelines as two identities share one private docker-config root', () => {
  it('interleaved and concurrent pushes as two accounts: each request authorised as its own account, one login per identity', async () => {
    const control = ecrControl();
    const { ecr, workDir } = stackInfo();
    const [first, second] = ecr.accounts;
    const image = `${unique('local/windows')}:1`;
    await createImage(image);
    // The root every window of a VS Code installation shares (global storage), here a fresh one.
    const root = path.join(workDir, unique('shared-docker-config'));
    const recorder = recordingDocker(path.join(workDir, unique('argv')));
    const shortCommands = new ShortCommandProcess();
    const lines: string[] = [];
    const observer: PushObserver = {
      step: () => undefined,
      info: (message) => lines.push(message),
      warn: (message) => lines.push(message),
      dockerLine: () => undefined,
      layers: () => undefined,
      secrets: () => undefined,
    };
    /** One window: its own sessions, token cache and login memory, as every window's extension host has. */
    const window = (account: (typeof ecr.accounts)[number]) => {
      const pipeline = new PushPipeline({
        docker: new DockerCli({ executable: recorder.command, env: process.env, shortCommands: shortCommands.run }),
        sessions: new EcrSessions(
          async () => ({ accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey }),
          () => ({ profile: '[stored key]', endpoint: ecr.endpoint, useFipsEndpoint: false }),
        ),
        tokens: new AuthorizationCache(),
        logins: new LoginTracker(),
        dockerConfig: { preparePrivateDockerConfig, hasLogin, usesEcrLoginHelper },
      });
      const repository = unique(`it/window-${account.accountId}`);
      return {
        repository,
        push: (tag: string): Promise<PushResult> =>
          pipeline.run(
            { source: image, repository, tags: [tag], region: ecr.region },
            {
              createRepository: { imageTagMutability: 'MUTABLE', scanOnPush: false },
              loginTarget: 'private',
              privateDockerConfigRoot: root,
              userDockerConfigDir: process.env.DOCKER_CONFIG,
              endpoint: ecr.endpoint,
            },
            observer,
          ),
      };
    };
    const one = window(first);
    const two = window(second);
    await control.reset();
    try {
      // Each logs in, then each pushes again with the other's login made in between, then both at once.
      await one.push('a1');
      await two.push('b1');
      await one.push('a2');
      await two.push('b2');
      await Promise.all([one.push('a3'), two.push('b3')]);
    } finally {
      shortCommands.dispose();
    }

    const requests = await control.registryRequests();
    for (const [window, account, tags] of [
      [one, first, ['a1', 'a2', 'a3']],
      [two, second, ['b1', 'b2', 'b3']],
    ] as const) {
      const authorised = tokenRequestsFor(requests, window.repository);
      assert.ok(authorised.length >= 3, `${window.repository}: ${authorised.length} authorised requests`);
      assert.deepEqual(
        [...new Set(authorised.map((r) => r.account))],
        [account.accountId],
        `${window.repository} was pushed with another account's login`,
      );
      assert.deepEqual((await control.registryTags(window.repository)).sort(), tags);
    }
    assert.deepEqual(
      requests.filter((r) => r.refused),
      [],
      'the registry refused a request',
    );
    const folders = logins(recorder).map(configDirOf);
    assert.equal(
      folders.length,
      2,
      `one docker login per identity, not ${folders.length}:\n${lines.filter((l) => /login|Already logged in/.test(l)).join('\n')}`,
    );
    assert.notEqual(folders[0], folders[1], 'both identities logged in to one folder');
    assert.ok(
      folders.every((folder) => path.dirname(folder) === root),
      `login folders: ${folders.join(', ')}`,
    );
  });
});
