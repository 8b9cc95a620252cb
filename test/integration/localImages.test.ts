/**
 * The Local Images view as a person sees it: rows read from the real workbench page (their accessible
 * labels), for images this test made in the real engine. Repositories sort first with a leading digit.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, docker, eventually, stackInfo, unique } from './support/stack';
import { LOCAL_IMAGE_ROWS as ROWS, requireDriver } from './support/workbench';

async function rowLabels(driver: PageDriver, prefix: string): Promise<string[]> {
  return (await driver.attributes(ROWS, 'aria-label')).filter((label): label is string => !!label?.startsWith(prefix));
}

describe('Local Images view', () => {
  const prefix = unique('0tree');
  let driver: PageDriver;

  before(async function () {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    await createImage(`${prefix}/alpha:1.0`, 2 * 1000 * 1000);
    await docker('tag', `${prefix}/alpha:1.0`, `${prefix}/alpha:2.0`);
    await createImage(`${prefix}/beta:latest`, 300 * 1000);
  });

  it('lists exactly the images the test created, one node per repository with its tag count', async () => {
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    const labels = await eventually('both repositories in the tree', async () => {
      const found = await rowLabels(driver, prefix);
      return found.length >= 2 ? found : undefined;
    });
    assert.deepEqual(labels, [`${prefix}/alpha, 2 tags`, `${prefix}/beta, 1 tag`]);
  });

  it('shows each tag with its size and age when a repository is expanded', async () => {
    await driver.click(`${ROWS}[aria-label="${prefix}/alpha, 2 tags"]`);
    const tags = await eventually('the alpha tags', async () => {
      const found = (await rowLabels(driver, prefix)).filter((l) => l.includes(':'));
      return found.length === 2 ? found : undefined;
    });
    assert.match(tags[0], new RegExp(`^${prefix}/alpha:1\\.0, 2(\\.\\d+)?MB · .*(second|minute)s? ago$`));
    assert.match(tags[1], new RegExp(`^${prefix}/alpha:2\\.0, 2(\\.\\d+)?MB · `));
    await driver.screenshot('local-images');
  });

  it('shows a new image after a refresh', async () => {
    await createImage(`${prefix}/gamma:0.1`, 100 * 1000);
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    const labels = await eventually('gamma in the tree', async () => {
      const found = await rowLabels(driver, prefix);
      return found.some((l) => l.startsWith(`${prefix}/gamma`)) ? found : undefined;
    });
    assert.ok(labels.includes(`${prefix}/gamma, 1 tag`), labels.join(' | '));
  });

  it('re-reads the images when the view is shown again (no manual refresh)', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await createImage(`${prefix}/delta:3`, 100 * 1000);
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    const labels = await eventually('delta in the tree', async () => {
      const found = await rowLabels(driver, prefix);
      return found.some((l) => l.startsWith(`${prefix}/delta`)) ? found : undefined;
    });
    assert.ok(labels.includes(`${prefix}/delta, 1 tag`), labels.join(' | '));
  });

  describe('when docker cannot be used, the view explains instead of popping an error', () => {
    const WELCOME = '.welcome-view-content';

    async function welcomeText(expected: RegExp): Promise<string> {
      return eventually(`a welcome message matching ${expected}`, async () => {
        const text = (await driver.text(WELCOME)) ?? '';
        return expected.test(text) ? text : undefined;
      });
    }

    it('names a missing docker CLI and offers Retry', async () => {
      const config = vscode.workspace.getConfiguration('ecrPush');
      // containerCommand is machine-overridable: a workspace value applies (this workspace is trusted).
      await config.update('containerCommand', '/nonexistent/bin/docker', vscode.ConfigurationTarget.Workspace);
      try {
        await vscode.commands.executeCommand('ecrPush.localImages.refresh');
        const text = await welcomeText(/docker CLI could not be found/);
        assert.match(text, /Retry/);
      } finally {
        await config.update('containerCommand', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
      await eventually('the tree back after Retry', async () => ((await rowLabels(driver, prefix)).length > 0 ? true : undefined));
    });

    it('says the daemon is not running, and recovers on Retry', async () => {
      const original = process.env.DOCKER_HOST;
      process.env.DOCKER_HOST = `unix://${path.join(stackInfo().workDir, 'stopped-daemon.sock')}`;
      try {
        await vscode.commands.executeCommand('ecrPush.localImages.refresh');
        const text = await welcomeText(/Cannot connect to the Docker daemon/);
        assert.match(text, /Retry/);
        await driver.screenshot('local-images-daemon-down');
      } finally {
        process.env.DOCKER_HOST = original;
      }
      await driver.click(`${WELCOME} a:has-text("Retry"), ${WELCOME} .monaco-button:has-text("Retry")`);
      await eventually('the tree back after Retry', async () => ((await rowLabels(driver, prefix)).length > 0 ? true : undefined));
    });
  });
});
