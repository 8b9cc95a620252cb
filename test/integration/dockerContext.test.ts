/**
 * Docker contexts: Docker Desktop, colima, rootless and remote engines are chosen through the user's
 * docker config (`currentContext`) or DOCKER_CONTEXT, not DOCKER_HOST. The extension logs in to a
 * private config folder, and that folder must still talk to the engine the user picked. The runner
 * starts a second dockerd with its own data root and registers it as a named context in a user config
 * of the run (test/fixtures/contextEngine.ts); an image made only there is listed and pushed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { makeImage } from '../fixtures/testImages';
import type { PageDriver } from '../host/driverClient';
import { docker, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { LOCAL_IMAGE_ROWS, requireDriver } from './support/workbench';

const execFileAsync = promisify(execFile);

interface SecondEngine {
  readonly name: string;
  readonly dockerHost: string;
  readonly userConfigDir: string;
}

/** The second engine the runner registered, from ECR_PUSH_CONTEXT_ENGINE (its JSON); a missing one fails, never skips. */
function secondEngine(): SecondEngine {
  const raw = process.env.ECR_PUSH_CONTEXT_ENGINE;
  if (!raw) {
    throw new Error('No second engine: ECR_PUSH_CONTEXT_ENGINE is unset. Run the suites through test/runIntegration (npm test).');
  }
  return JSON.parse(raw) as SecondEngine;
}

/** Whether an image exists on the engine at `dockerHost`. */
async function existsOn(dockerHost: string, reference: string): Promise<boolean> {
  try {
    await execFileAsync('docker', ['image', 'inspect', reference], {
      env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONFIG: undefined },
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `body` as on a desktop whose engine is chosen by context: no DOCKER_HOST in the extension's
 * environment, DOCKER_CONFIG at `userConfigDir` and DOCKER_CONTEXT as given; then puts them back.
 */
async function withContextEnvironment<T>(env: { userConfigDir: string; dockerContext?: string }, body: () => Promise<T>): Promise<T> {
  const saved = {
    DOCKER_HOST: process.env.DOCKER_HOST,
    DOCKER_CONFIG: process.env.DOCKER_CONFIG,
    DOCKER_CONTEXT: process.env.DOCKER_CONTEXT,
  };
  delete process.env.DOCKER_HOST;
  process.env.DOCKER_CONFIG = env.userConfigDir;
  if (env.dockerContext) process.env.DOCKER_CONTEXT = env.dockerContext;
  else delete process.env.DOCKER_CONTEXT;
  try {
    return await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('docker contexts: the private login config talks to the engine the user picked', () => {
  let driver: PageDriver;
  let engine: SecondEngine;
  const prefix = unique('0context');

  before(async () => {
    driver = requireDriver();
    engine = secondEngine();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    const config = JSON.parse(fs.readFileSync(path.join(engine.userConfigDir, 'config.json'), 'utf8')) as { currentContext?: string };
    assert.equal(config.currentContext, engine.name, "the user's config selects the second engine's context");
  });

  async function imageOnlyOnSecondEngine(name: string): Promise<string> {
    const reference = `${prefix}/${name}:1.0`;
    await makeImage(engine.dockerHost, reference, { sizeBytes: 200 * 1000 });
    assert.equal(await existsOn(engine.dockerHost, reference), true);
    assert.equal(await existsOn(stackInfo().dockerHost, reference), false, 'the image must exist only on the second engine');
    await assert.rejects(docker('image', 'inspect', reference));
    return reference;
  }

  it('with currentContext in the user’s config, Local Images lists the image that exists only on that engine', async () => {
    await imageOnlyOnSecondEngine('listed');
    await withContextEnvironment({ userConfigDir: engine.userConfigDir }, async () => {
      await vscode.commands.executeCommand('ecrPush.localImages.focus');
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
      await eventually('the second engine’s image in Local Images', async () => {
        const labels = await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label');
        return labels.includes(`${prefix}/listed, 1 tag`) || undefined;
      });
    });
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
  });

  it('with currentContext in the user’s config, a push (login in the private config) pushes from that engine', async () => {
    const reference = await imageOnlyOnSecondEngine('pushed');
    const repository = unique('it/context');
    const logStart = readPushLog().length;
    const result = await withContextEnvironment({ userConfigDir: engine.userConfigDir }, async () => {
      // A fresh token: this push logs in to the private config, then pushes through it.
      await vscode.commands.executeCommand('ecrPush.clearCredentials');
      return vscode.commands.executeCommand<{ digest?: string }>('ecrPush.pushImage', { imageName: reference, repositoryName: repository });
    });
    assert.deepEqual(await ecrControl().registryTags(repository), ['1.0']);
    assert.equal(await ecrControl().manifestDigest(repository, '1.0'), result.digest);
    assert.match(
      readPushLog().slice(logStart),
      /--config \S+ login[\s\S]*--config \S+ push/,
      'logged in and pushed with the private config',
    );
  });

  it('with DOCKER_CONTEXT and no currentContext, the listing and the push use the named engine too', async () => {
    const reference = await imageOnlyOnSecondEngine('by-env');
    // The user's config without currentContext, the same contexts/ store: only DOCKER_CONTEXT names the engine.
    const userConfigDir = path.join(stackInfo().workDir, unique('user-docker-no-current'));
    fs.mkdirSync(userConfigDir, { recursive: true });
    fs.writeFileSync(path.join(userConfigDir, 'config.json'), '{}\n');
    fs.cpSync(path.join(engine.userConfigDir, 'contexts'), path.join(userConfigDir, 'contexts'), { recursive: true });
    const repository = unique('it/context-env');
    const result = await withContextEnvironment({ userConfigDir, dockerContext: engine.name }, async () => {
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
      await eventually('the image in Local Images', async () => {
        const labels = await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label');
        return labels.includes(`${prefix}/by-env, 1 tag`) || undefined;
      });
      return vscode.commands.executeCommand<{ digest?: string }>('ecrPush.pushImage', { imageName: reference, repositoryName: repository });
    });
    assert.equal(await ecrControl().manifestDigest(repository, '1.0'), result.digest);
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
  });
});
