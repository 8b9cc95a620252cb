/**
 * The push a person makes: open the ECR view, F1 → "ECR: Push Image", pick the image, accept the target,
 * watch the notification, open the log. Driven through the real page with the keyboard; screenshots go
 * to test-results/screenshots (the README shows them).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, ecrControl, eventually, unique } from './support/stack';
import { findInCommandPalette, QUICK_INPUT, QUICK_INPUT_ROWS, requireDriver, TOASTS } from './support/workbench';

describe('UI journey: push from the command palette', () => {
  let driver: PageDriver;
  const repository = `${unique('0journey')}/web`;

  before(async () => {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    await createImage(`${repository}:1.0`, 3 * 1000 * 1000, 2);
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
  });

  it('pushes the picked image and reports it', async () => {
    // Earlier suites leave their notifications; a person would have dismissed them.
    await vscode.commands.executeCommand('notifications.clearAll');
    await findInCommandPalette(driver, 'ECR: Push Image');
    await driver.press('Enter');

    // Step 1: the image quick pick, filtered by typing as a person would.
    await eventually('the image picker', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes('ECR: Push Image') ? true : undefined,
    );
    await driver.type(repository);
    await eventually('our image in the picker', async () =>
      (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((l) => l?.includes(`${repository}:1.0`)) ? true : undefined,
    );
    await driver.screenshot('push-quick-pick');
    await driver.press('Enter');

    // Steps 2 and 3: repository and tags are prefilled from the image; accept both.
    await eventually('the repository input', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes('repository') ? true : undefined,
    );
    await driver.screenshot('push-repository-input');
    await driver.press('Enter');
    await eventually('the tags input', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes('tags') ? true : undefined,
    );
    await driver.press('Enter');

    const message = await eventually(
      'the success notification',
      async () => (await driver.attributes(TOASTS, 'aria-label')).find((l) => l?.includes(`/${repository}:1.0`)) ?? undefined,
      60_000,
    );
    assert.match(message, new RegExp(`^Pushed .*/${repository}:1\\.0 \\(sha256:[0-9a-f]{64}\\)`));
    await driver.waitFor('.notification-toast.notification-fade-in-done');
    await driver.screenshot('push-result');
    assert.deepEqual(await ecrControl().registryTags(repository), ['1.0']);

    await vscode.commands.executeCommand('ecrPush.showLog');
    await driver.waitFor('.part.panel .monaco-editor');
    await driver.screenshot('push-log');
  });

  it('pushes from "Push Local Image Here…" on a repository: picks the image and tags, then the same push and report', async () => {
    const target = `${unique('0here')}/api`;
    await vscode.commands.executeCommand('ecrPush.repositories.create', { repositoryName: target });
    await vscode.commands.executeCommand('notifications.clearAll');
    await driver.press('Escape');
    const pushed = vscode.commands.executeCommand<{ imageUri: string; digest?: string } | undefined>('ecrPush.repositories.pushHere', {
      repositoryName: target,
    });

    await eventually('the image picker of Push Local Image Here', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes(`Push to ${target} (1/2)`) ? true : undefined,
    );
    await driver.type(repository);
    await eventually('our image in the picker', async () =>
      (await driver.attributes(`${QUICK_INPUT} .monaco-list-row`, 'aria-label')).some((l) => l?.includes(`${repository}:1.0`))
        ? true
        : undefined,
    );
    await driver.press('Enter');
    await eventually('the tags input', async () =>
      (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes('(2/2): tags') ? true : undefined,
    );
    await driver.type('here-1, here-2');
    await driver.press('Enter');

    const result = await pushed;
    assert.ok(result, 'the command resolves to the push result');
    assert.match(result.imageUri, new RegExp(`/${target}:here-1$`));
    assert.deepEqual((await ecrControl().registryTags(target)).sort(), ['here-1', 'here-2']);
    assert.equal(await ecrControl().manifestDigest(target, 'here-1'), result.digest);
    const message = await eventually(
      'the same success notification as every push',
      async () => (await driver.attributes(TOASTS, 'aria-label')).find((l) => l?.includes(`/${target}:here-1`)) ?? undefined,
      60_000,
    );
    assert.match(message, /^Pushed .* and 1 more tag\(s\) \(sha256:[0-9a-f]{64}\)/);
  });
});
