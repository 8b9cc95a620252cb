/**
 * The engine push suite: the same cases against each real engine. test/runIntegration runs this file in
 * the main host run with docker, and again in a host run of its own with podman (ECR_PUSH_ENGINE=podman,
 * ecrPush.containerCommand = podman, podman's own storage.conf and registries.conf). Everything is
 * checked from outside the extension: the workbench's rows, the engine's processes, the registry,
 * DescribeImages through a separate SDK client, and the bytes of the user's own auth file.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { isGone, listProcesses } from './support/processes';
import { createImage, ecrClient, ecrControl, eventually, readPushLog, stackInfo, testEngine, unique } from './support/stack';
import { LOCAL_IMAGE_ROWS, requireDriver } from './support/workbench';

interface PushResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
}

const engine = testEngine();

function push(args: Record<string, unknown>): Promise<PushResult> {
  return Promise.resolve(vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args));
}

/** The name the engine gives an image made as `name`: podman files short names under `localhost/`. */
function localName(name: string): string {
  return engine === 'podman' ? `localhost/${name}` : name;
}

function fileState(file: string): string {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent';
}

/**
 * The user's own login files of this engine, which a private login must never touch. For docker the
 * suite points DOCKER_CONFIG at a folder whose config.json holds a wrong login for the registry and a
 * credential store that does not exist; for podman the runner seeded `$XDG_RUNTIME_DIR/containers/auth.json`
 * (podman's Linux default) with a wrong login, and `~/.config/containers/auth.json` (its macOS and
 * Windows default) is watched too. A push that read them would be refused; one that wrote them changes them.
 */
function userAuthFiles(): string[] {
  if (engine === 'podman') {
    return [
      path.join(process.env.XDG_RUNTIME_DIR ?? '/nonexistent', 'containers', 'auth.json'),
      path.join(os.homedir(), '.config', 'containers', 'auth.json'),
    ];
  }
  return [path.join(process.env.DOCKER_CONFIG ?? '/nonexistent', 'config.json')];
}

describe(`engine push suite (${engine})`, () => {
  let driver: PageDriver;
  const savedDockerConfig = process.env.DOCKER_CONFIG;
  let authBefore: string[];

  before(async () => {
    driver = requireDriver();
    if (engine === 'docker') {
      const userConfig = fs.mkdtempSync(path.join(stackInfo().workDir, 'user-docker-'));
      const wrong = Buffer.from('AWS:not-the-password-of-this-registry').toString('base64');
      fs.writeFileSync(
        path.join(userConfig, 'config.json'),
        JSON.stringify({ auths: { [stackInfo().registry.host]: { auth: wrong } }, credsStore: 'ecr-push-no-such-helper' }),
      );
      process.env.DOCKER_CONFIG = userConfig;
    } else {
      assert.ok(fs.existsSync(userAuthFiles()[0]), `the runner seeds ${userAuthFiles()[0]}`);
    }
    authBefore = userAuthFiles().map(fileState);
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  after(() => {
    if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = savedDockerConfig;
  });

  it('lists an image made with the engine in the Local Images view, by the name the engine gives it', async () => {
    const prefix = unique('0engine');
    await createImage(`${prefix}/app:1.0`, 1000 * 1000);
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    const repository = localName(`${prefix}/app`);
    await eventually('the image in the Local Images view', async () => {
      const labels = await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label');
      return labels.includes(`${repository}, 1 tag`) || undefined;
    });
    await driver.click(`${LOCAL_IMAGE_ROWS}[aria-label="${repository}, 1 tag"]`);
    const tag = await eventually('its tag row', async () =>
      (await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label')).find((l) => l?.startsWith(`${repository}:1.0, `)),
    );
    assert.match(tag ?? '', /, 1(\.\d+)?MB · .*(second|minute)s? ago$/);
  });

  it('pushes one image under several tags: each lands with the digest the registry and DescribeImages report', async () => {
    const repository = unique(`it/${engine}`);
    const local = unique(`local/${engine}`);
    await createImage(`${local}:1.0`, 512 * 1024, 2);
    const result = await push({ imageName: `${local}:1.0`, imageTag: ['1.0', 'latest', 'stable'], repositoryName: repository });

    const host = stackInfo().registry.host;
    assert.deepEqual(
      result.imageUris,
      ['1.0', 'latest', 'stable'].map((tag) => `${host}/${repository}:${tag}`),
    );
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual((await ecrControl().registryTags(repository)).sort(), ['1.0', 'latest', 'stable']);
    for (const tag of ['1.0', 'latest', 'stable']) {
      assert.equal(await ecrControl().manifestDigest(repository, tag), result.digest, `registry digest of ${tag}`);
      const described = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
      assert.equal(described.imageDetails?.[0]?.imageDigest, result.digest, `DescribeImages digest of ${tag}`);
    }
    const log = readPushLog();
    assert.match(log, engine === 'podman' ? /Podman [\d.]+ \(no service: it runs images itself\)/ : /Docker client [\d.]+, engine /);
  });

  it(`cancelling the push of a large image ends the ${engine} process and lands no tag`, async () => {
    const local = unique(`local/${engine}-large`);
    const repository = unique(`it/${engine}-cancel`);
    await createImage(`${local}:1`, 300 * 1024 * 1024, 3);
    const outcome = push({ imageName: `${local}:1`, repositoryName: repository }).then(
      () => 'pushed',
      (error: Error) => error,
    );
    const pushing = await eventually(
      `${engine} push to start`,
      () =>
        listProcesses().find(
          (p) => path.basename(p.argv[0] ?? '') === engine && p.argv.includes('push') && p.argv.some((a) => a.endsWith(`${repository}:1`)),
        ),
      60_000,
    );
    await vscode.commands.executeCommand('ecrPush.cancelAllPushes');
    const result = await outcome;
    assert.ok(result instanceof Error, `the push was reported as ${String(result)}`);
    assert.match(result.message, /cancelled/);
    await eventually(`the ${engine} push process to be gone (no zombie)`, () => isGone(pushing.pid) || undefined, 10_000);
    assert.deepEqual(await ecrControl().registryTags(repository), [], 'a cancelled push must not land a tag');
  });

  it('a missing image fails with "does not exist" before any AWS or registry call', async () => {
    const repository = unique(`it/${engine}-missing`);
    await ecrControl().reset();
    await assert.rejects(push({ imageName: 'no/such-image:1', repositoryName: repository }), (error: Error) => {
      assert.match(error.message, /^The local image "no\/such-image:1" does not exist\./);
      return true;
    });
    assert.deepEqual(await ecrControl().calls(), []);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
  });

  it('leaves the user’s own auth file untouched: every login went to the private folder', async () => {
    // A fresh token forces a login in this test, whatever the earlier ones left.
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    const local = unique(`local/${engine}-auth`);
    const repository = unique(`it/${engine}-auth`);
    await createImage(`${local}:1`);
    const logStart = readPushLog().length;
    const result = await push({ imageName: `${local}:1`, repositoryName: repository });
    assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
    assert.match(readPushLog().slice(logStart), /Logged in to /);
    assert.deepEqual(userAuthFiles().map(fileState), authBefore, `the user's auth files changed: ${userAuthFiles().join(', ')}`);
    // The extension's private folders: docker-config/<one per identity and registry>/config.json in its global storage.
    const privateConfigs = findFiles(process.env.ECR_PUSH_USER_DATA_DIR ?? '/nonexistent', 'config.json').filter(
      (f) => path.basename(path.dirname(path.dirname(f))) === 'docker-config',
    );
    const logins = privateConfigs.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as { auths?: Record<string, { auth?: string }> });
    assert.ok(
      logins.some((c) => c.auths?.[stackInfo().registry.host]?.auth),
      `no private login for ${stackInfo().registry.host} in ${privateConfigs.join(', ')}`,
    );
  });
});

function findFiles(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? findFiles(full, name) : entry.name === name ? [full] : [];
  });
}
