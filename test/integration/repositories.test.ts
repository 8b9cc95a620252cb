/**
 * The ECR Repositories view in the real workbench against the local ECR API and registry: rows read
 * from the page (accessible labels), paging through "Load more…", commands called with plain
 * `{ repositoryName, … }` arguments, the clipboard read back, the modal confirmation clicked, and the
 * registry checked through the control API (what really holds the tags).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { REPOSITORY_ROWS as ROWS, requireDriver } from './support/workbench';

interface PushResult {
  imageUri: string;
  digest?: string;
}

async function rows(driver: PageDriver): Promise<string[]> {
  return (await driver.attributes(ROWS, 'aria-label')).filter((label): label is string => !!label);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function push(args: Record<string, unknown>): Thenable<PushResult> {
  return vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args);
}

describe('ECR Repositories view', () => {
  const config = () => vscode.workspace.getConfiguration('ecrPush');
  const repository = `${unique('0repos')}/app`;
  let driver: PageDriver;
  let digest: string;

  before(async () => {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    // Every repository of this run on one page, so the rows can be checked without paging.
    await config().update('repositories.pageSize', 1000, vscode.ConfigurationTarget.Global);
    const local = unique('local/repos');
    await createImage(`${local}:1.0`);
    const result = await push({ imageName: `${local}:1.0`, imageTag: ['1.0', 'latest'], repositoryName: repository });
    digest = result.digest ?? '';
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    await vscode.commands.executeCommand('ecrPush.repositories.focus');
    await vscode.commands.executeCommand('ecrPush.repositories.refresh');
    // The region loads on expand (the view makes no AWS call while it is collapsed).
    const region = stackInfo().ecr.region;
    await eventually('the region row', async () => ((await rows(driver)).some((l) => l.startsWith(`${region},`)) ? true : undefined));
    await driver.click(`${ROWS}[aria-label^="${region},"]`);
  });

  after(async () => {
    // Leave the view collapsed, so later suites see no background ECR calls from it.
    await vscode.commands.executeCommand('workbench.actions.treeView.ecrPush.repositories.collapseAll');
    await config().update('repositories.pageSize', undefined, vscode.ConfigurationTarget.Global);
    await config().update('profile', undefined, vscode.ConfigurationTarget.Global);
  });

  it('lists what the local ECR API holds, and the images of a repository when expanded', async () => {
    const held = (await ecrControl().repositories()).map((r) => r.repositoryName);
    const labels = await eventually('the repositories in the tree', async () => {
      const found = await rows(driver);
      return found.some((l) => l.startsWith(`${repository},`)) ? found : undefined;
    });
    const shown = labels.filter((l) => / created \d{4}-\d{2}-\d{2}$/.test(l)).map((l) => l.slice(0, l.indexOf(',')));
    // The list renders only the rows in view: what it shows is the start of ECR's repositories by name.
    assert.ok(shown.length > 0);
    assert.deepEqual(
      shown,
      [...held].sort((a, b) => a.localeCompare(b)).slice(0, shown.length),
      'rows = ECR’s repositories, sorted by name',
    );

    await driver.click(`${ROWS}[aria-label^="${repository},"]`);
    const image = await eventually('the image row', async () => (await rows(driver)).find((l) => l.startsWith('1.0, latest, ')));
    assert.match(
      image,
      // The push created the repository with scan on push (the default), and nothing has read the scan yet.
      new RegExp(
        `^1\\.0, latest, ${digest.slice(7, 19)} · \\d+(\\.\\d+)?[kM]?B · pushed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} · scan in progress$`,
      ),
    );
    await driver.screenshot('repositories-view');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await driver.screenshot(`repositories-failed-${this.currentTest.title.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`);
      await config().update('repositories.pageSize', 1000, vscode.ConfigurationTarget.Global);
    }
  });

  it('pages with "Load more…" when the page size is smaller than the repository count', async () => {
    for (const suffix of ['a', 'b', 'c', 'd']) {
      await vscode.commands.executeCommand('ecrPush.repositories.create', { repositoryName: `${unique('0repos-page')}-${suffix}` });
    }
    await config().update('repositories.pageSize', 2, vscode.ConfigurationTarget.Global);
    const total = (await ecrControl().repositories()).length;
    assert.ok(total > 4, `this run holds ${total} repositories`);
    const firstPage = await eventually('two repositories and Load more', async () => {
      const found = await rows(driver);
      return found.includes('Load more…') && found.filter((l) => / created /.test(l)).length === 2 ? found : undefined;
    });
    assert.ok(firstPage.includes('Load more…'));
    try {
      // A full refresh (the settings change above, or a create's own refresh landing late) rightly goes
      // back to the first page; a person would click again, so the test does too, a bounded number of times.
      let second: string[] | undefined;
      for (let click = 0; click < 3 && !second; click++) {
        await driver.click(`${ROWS}[aria-label="Load more…"]`);
        second = await eventually(
          'a second page',
          async () => {
            const found = await rows(driver);
            return found.filter((l) => / created /.test(l)).length === 4 ? found : undefined;
          },
          10_000,
        ).catch(() => undefined);
      }
      assert.ok(second, 'Load more… never showed a second page');
      assert.ok(second.includes('Load more…'), 'still more to load');
    } finally {
      await config().update('repositories.pageSize', 1000, vscode.ConfigurationTarget.Global);
    }
  });

  it('copies the repository URI and both image URI forms to the clipboard', async () => {
    const host = stackInfo().registry.host;
    assert.equal(
      await vscode.commands.executeCommand('ecrPush.repositories.copyRepositoryUri', { repositoryName: repository }),
      `${host}/${repository}`,
    );
    assert.equal(await vscode.env.clipboard.readText(), `${host}/${repository}`);
    await vscode.commands.executeCommand('ecrPush.repositories.copyImageUri', { repositoryName: repository, imageTag: 'latest' });
    assert.equal(await vscode.env.clipboard.readText(), `${host}/${repository}:latest`);
    await vscode.commands.executeCommand('ecrPush.repositories.copyImageUri', { repositoryName: repository, imageDigest: digest });
    assert.equal(await vscode.env.clipboard.readText(), `${host}/${repository}@${digest}`);
  });

  it('creates a repository with tag mutability, scan on push and KMS encryption', async () => {
    const name = unique('0repos-created');
    const result = await vscode.commands.executeCommand<{ repositoryUri: string }>('ecrPush.repositories.create', {
      repositoryName: name,
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: false,
      encryptionType: 'KMS',
      kmsKey: 'alias/it-key',
    });
    assert.equal(result.repositoryUri, `${stackInfo().registry.host}/${name}`);
    const created = (await ecrControl().repositories()).find((r) => r.repositoryName === name);
    assert.ok(created, 'ECR holds the new repository');
    assert.equal(created.imageTagMutability, 'IMMUTABLE');
    assert.equal(created.scanOnPush, false);
    assert.equal(created.encryptionType, 'KMS');
    await eventually('the new repository in the tree', async () =>
      (await rows(driver)).some((l) => l.startsWith(`${name},`)) ? true : undefined,
    );
  });

  it('refuses an invalid repository name without calling ECR', async () => {
    await ecrControl().reset();
    assert.equal(await vscode.commands.executeCommand('ecrPush.repositories.create', { repositoryName: 'Bad Name!' }), undefined);
    assert.deepEqual(
      (await ecrControl().calls()).map((c) => c.operation),
      [],
    );
  });

  it('asks before deleting: the modal names the tag and the repository, and unanswered deletes nothing', async () => {
    // VS Code refuses modal dialogs in an extension-test host, which counts as "no"; the log keeps the question.
    const result = await vscode.commands.executeCommand<{ deleted: boolean }>('ecrPush.repositories.deleteImageTag', {
      repositoryName: repository,
      imageTag: '1.0',
    });
    assert.equal(result.deleted, false);
    assert.match(
      readPushLog(),
      new RegExp(`The confirmation "Delete tag "1\\.0" from repository "${escapeRegExp(repository)}"\\?" could not be shown`),
    );
    assert.deepEqual((await ecrControl().registryTags(repository)).sort(), ['1.0', 'latest']);
  });

  it('deletes exactly one tag (confirmed by the caller); the image keeps its other tag', async () => {
    await ecrControl().reset();
    const result = await vscode.commands.executeCommand<{ deleted: boolean; digest?: string }>('ecrPush.repositories.deleteImageTag', {
      repositoryName: repository,
      imageTag: '1.0',
      skipConfirmation: true,
    });
    assert.equal(result.deleted, true);
    assert.equal(result.digest, digest);
    assert.deepEqual(await ecrControl().registryTags(repository), ['latest']);
    assert.equal(await ecrControl().manifestDigest(repository, 'latest'), digest, 'the image is still there under latest');
    assert.ok((await ecrControl().calls()).some((c) => c.operation === 'BatchDeleteImage'));
    // Paging above may have dropped the repository from the tree for a while (which forgets that it was expanded).
    const repositoryRow = `${ROWS}[aria-label^="${repository},"]`;
    if ((await driver.attributes(repositoryRow, 'aria-expanded'))[0] === 'false') {
      await driver.click(repositoryRow);
    }
    const images = await eventually('the image row with only latest', async () =>
      (await rows(driver)).find((l) => l.startsWith('latest, ')),
    );
    assert.match(images, new RegExp(`^latest, ${digest.slice(7, 19)} · `));
  });

  it('shows a new repository after a push, without a manual refresh', async () => {
    await eventually('the view rendered', async () =>
      (await rows(driver)).some((l) => l.startsWith(`${repository},`)) ? true : undefined,
    );
    const name = unique('0repos-pushed');
    const local = unique('local/pushed');
    await createImage(`${local}:v1`);
    await push({ imageName: `${local}:v1`, repositoryName: name });
    await eventually('the pushed repository in the tree', async () =>
      (await rows(driver)).some((l) => l.startsWith(`${name},`)) ? true : undefined,
    );
  });

  it('says "No AWS credentials" in the tree (no popup) when the selected source has none', async () => {
    await config().update('profile', '[stored key]', vscode.ConfigurationTarget.Global);
    try {
      // The tree re-renders in steps; wait for the settled state: the message node and no repository rows.
      const labels = await eventually('the no-credentials node with no repositories listed', async () => {
        const found = await rows(driver);
        return found.some((l) => l.startsWith('No AWS credentials')) && !found.some((l) => / created /.test(l)) ? found : undefined;
      });
      assert.ok(labels.some((l) => l.startsWith('No AWS credentials')));
    } finally {
      await config().update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
    await eventually('the repositories again', async () =>
      (await rows(driver)).some((l) => l.startsWith(`${repository},`)) ? true : undefined,
    );
  });
});
