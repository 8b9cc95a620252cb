/**
 * Local Images after pushes, read from the real workbench: the top level is the user's own
 * repositories, each push's `<registry>/<repository>:<tag>` tag sits under the image it came from
 * ("pushed as …"), the view toggle brings the aliases back to the top level, and with
 * ecrPush.removeLocalAliasAfterPush a push removes its own alias and nothing else, in the real engine.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, docker, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { withSetting } from './support/settings';
import { LOCAL_IMAGE_ROWS, QUICK_INPUT, QUICK_INPUT_ROWS, requireDriver } from './support/workbench';

interface Row {
  label: string;
  level: number;
}

interface PushResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
}

function push(args: Record<string, unknown>): Promise<PushResult> {
  return Promise.resolve(vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args));
}

/** The rendered rows of Local Images (label and depth), read in one consistent pass. */
async function rows(driver: PageDriver): Promise<Row[]> {
  return eventually('a stable read of the Local Images rows', async () => {
    const labels = await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label');
    const levels = await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-level');
    if (labels.length !== levels.length) return undefined;
    return labels.map((label, index) => ({ label: label ?? '', level: Number(levels[index]) }));
  });
}

async function imageTags(reference: string): Promise<{ id: string; tags: string[] }> {
  const [id, tags] = (await docker('image', 'inspect', '--format', '{{.Id}} {{json .RepoTags}}', reference)).trim().split(' ');
  return { id, tags: (JSON.parse(tags) as string[]).sort() };
}

/** Runs a command the way a person does: F1, its title, Enter. */
async function runFromPalette(driver: PageDriver, title: string): Promise<void> {
  await driver.press('Escape');
  await driver.press('F1');
  await driver.waitFor(`${QUICK_INPUT} input`);
  await driver.type(title);
  await eventually(`"${title}" in the palette`, async () =>
    (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((label) => label?.startsWith(title)) ? true : undefined,
  );
  await driver.press('Enter');
}

describe('Local Images after pushes: your repositories at the top, each push’s tag under its image', () => {
  // A leading digit sorts these first, so their rows are on screen without scrolling.
  const prefix = unique('0tidy');
  const app = `${prefix}/app`;
  const web = `${prefix}/web`;
  const target = `${prefix}-ecr/app`;
  let host: string;
  let driver: PageDriver;

  before(async () => {
    driver = requireDriver();
    host = stackInfo().registry.host;
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    await createImage(`${app}:1.0`, 200 * 1000);
    await createImage(`${web}:2`, 100 * 1000);
    await push({ imageName: `${app}:1.0`, imageTag: ['1.0', 'build-7'], repositoryName: target });
    await push({ imageName: `${web}:2`, repositoryName: `${prefix}-ecr/web` });
  });

  it('after pushes, the top-level rows are the user’s own repositories, and the pushes’ tags sit under their images', async () => {
    const aliases = [`${host}/${target}:1.0`, `${host}/${target}:build-7`];
    assert.deepEqual((await imageTags(`${app}:1.0`)).tags, [...aliases, `${app}:1.0`].sort(), 'docker has the aliases the pushes made');
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    const topLevel = await eventually('our repositories at the top level', async () => {
      const found = (await rows(driver)).filter((row) => row.level === 1 && row.label.includes(prefix));
      return found.length >= 2 ? found : undefined;
    });
    assert.deepEqual(
      topLevel.map((row) => row.label),
      [`${app}, 1 tag`, `${web}, 1 tag`],
      'no registry alias at the top level',
    );

    await driver.click(`${LOCAL_IMAGE_ROWS}[aria-label="${app}, 1 tag"]`);
    const tagRow = await eventually('the 1.0 tag row', async () =>
      (await rows(driver)).find((row) => row.level === 2 && row.label.startsWith(`${app}:1.0, `)),
    );
    await driver.click(`${LOCAL_IMAGE_ROWS}[aria-label="${tagRow.label}"]`);
    const pushedAs = await eventually('the aliases under the tag', async () => {
      const found = (await rows(driver)).filter((row) => row.level === 3 && row.label.startsWith(`${app}:1.0 pushed as `));
      return found.length === 2 ? found.map((row) => row.label) : undefined;
    });
    assert.deepEqual(
      pushedAs,
      aliases.map((alias) => `${app}:1.0 pushed as ${alias}`),
    );
    await vscode.commands.executeCommand('notifications.clearAll');
    await driver.screenshot('local-images-tidy');
  });

  it('shows the aliases as repositories of their own with the view toggle, and groups them again', async () => {
    await runFromPalette(driver, 'ECR: Show Registry Aliases as Repositories');
    try {
      const flat = await eventually('the alias repository at the top level', async () => {
        const found = (await rows(driver)).filter((row) => row.level === 1 && row.label.includes(prefix));
        return found.some((row) => row.label.startsWith(host)) ? found : undefined;
      });
      assert.deepEqual(
        flat.map((row) => row.label),
        [`${app}, 1 tag`, `${web}, 1 tag`, `${host}/${target}, 2 tags`, `${host}/${prefix}-ecr/web, 1 tag`],
      );
      assert.equal(vscode.workspace.getConfiguration('ecrPush').get('localImages.showRegistryAliases'), true);
      await driver.screenshot('local-images-aliases-at-top-level');
    } finally {
      await runFromPalette(driver, 'ECR: Show Registry Aliases Under Their Images');
    }
    await eventually('the aliases grouped again', async () => {
      const found = (await rows(driver)).filter((row) => row.level === 1 && row.label.includes(prefix));
      return found.length === 2 && !found.some((row) => row.label.startsWith(host)) ? true : undefined;
    });
    assert.equal(vscode.workspace.getConfiguration('ecrPush').inspect('localImages.showRegistryAliases')?.globalValue, undefined);
  });

  it('with ecrPush.removeLocalAliasAfterPush, a push removes the alias it created; the image, its own tags and a tag the user made stay', async () => {
    const before = await imageTags(`${app}:1.0`);
    // A tag the user made in the registry's namespace before pushing under it: never the push's to remove.
    const userMade = `${host}/${target}:mine`;
    await docker('tag', `${app}:1.0`, userMade);
    const logStart = readPushLog().length;
    const result = await withSetting('removeLocalAliasAfterPush', true, () =>
      push({ imageName: `${app}:1.0`, imageTag: ['clean', 'mine'], repositoryName: target }),
    );
    assert.deepEqual(result.imageUris, [`${host}/${target}:clean`, userMade]);
    assert.deepEqual((await ecrControl().registryTags(target)).sort(), ['1.0', 'build-7', 'clean', 'mine'], 'both tags were pushed');

    const after = await imageTags(`${app}:1.0`);
    assert.equal(after.id, before.id, 'the image itself stays');
    assert.deepEqual(after.tags, [...before.tags, userMade].sort(), 'only the alias this push created is gone');
    await assert.rejects(docker('image', 'inspect', `${host}/${target}:clean`), /No such image/i);
    const log = readPushLog().slice(logStart);
    assert.ok(log.includes(`Removed the local tag ${host}/${target}:clean that this push created`), log);
    assert.ok(!log.includes(`docker image rm ${userMade}`), 'the user-made tag was never removed');
  });

  it('with ecrPush.removeLocalAliasAfterPush, an untagged image pushed by id keeps its alias: removing it would delete the image', async () => {
    const name = `${prefix}/untagged:1`;
    const { id: firstId } = await createImage(name, 64 * 1000);
    // A second image under the same name leaves the first untagged, as a rebuild does.
    const second = await createImage(name, 64 * 1000);
    assert.notEqual(second.id, firstId);
    assert.deepEqual((await imageTags(firstId)).tags, [], 'the first image is untagged now');
    const repository = `${prefix}-ecr/untagged`;
    const result = await withSetting('removeLocalAliasAfterPush', true, () =>
      push({ imageName: firstId, imageTag: ['1'], repositoryName: repository }),
    );
    assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
    const after = await imageTags(firstId);
    assert.equal(after.id, firstId, 'the image still exists');
    assert.deepEqual(after.tags, [`${host}/${repository}:1`]);
    assert.ok(readPushLog().includes(`Kept the local tag ${host}/${repository}:1: the image ${firstId} has no other tag`));
  });
});
