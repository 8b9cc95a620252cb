/**
 * "ECR: Set AWS Credentials" with keys that are not shaped like AWS's (LocalStack's documented
 * `test`/`test`), typed into the real input boxes. With ecrPush.endpoint set (the runner points it at
 * the stack's ECR API) they are accepted with a warning and stored; with it unset the strict check
 * blocks them and nothing is stored.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PageDriver } from '../host/driverClient';
import { createImage, ecrControl, eventually, stackInfo, unique } from './support/stack';
import { withSetting } from './support/settings';
import { QUICK_INPUT, requireDriver, TOASTS } from './support/workbench';

const TITLE = `${QUICK_INPUT} .quick-input-title`;
const MESSAGE = `${QUICK_INPUT} .quick-input-message`;
/** The input box carries its validation severity as a class: `warning` or `error`. */
const INPUT_BOX = `${QUICK_INPUT} .monaco-inputbox`;

async function waitForStep(driver: PageDriver, step: string): Promise<void> {
  await eventually(`the input box ${step}`, async () => ((await driver.text(TITLE))?.includes(step) ? true : undefined));
}

/** The validation shown under the input box once `expected` appears in it: its text and severity. */
async function validation(driver: PageDriver, expected: RegExp): Promise<{ text: string; severity: string }> {
  return eventually(`a validation message matching ${expected}`, async () => {
    const text = (await driver.text(MESSAGE)) ?? '';
    if (!expected.test(text)) return undefined;
    const classes = (await driver.attributes(INPUT_BOX, 'class'))[0] ?? '';
    const severity = ['error', 'warning', 'info'].find((name) => classes.split(/\s+/).includes(name)) ?? 'none';
    return { text, severity };
  });
}

describe('Set AWS Credentials: keys of another endpoint (LocalStack test/test)', () => {
  let driver: PageDriver;

  before(async () => {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('accepts test/test with a warning when ecrPush.endpoint is set, stores them, and the next push signs with them', async () => {
    const endpoint = stackInfo().ecr.endpoint;
    assert.equal(vscode.workspace.getConfiguration('ecrPush').get('endpoint'), endpoint, 'the runner sets ecrPush.endpoint');
    await vscode.commands.executeCommand('notifications.clearAll');
    const setting = Promise.resolve(vscode.commands.executeCommand<boolean>('ecrPush.setCredentials'));

    await waitForStep(driver, '(1/3)');
    await driver.type('test');
    const idCheck = await validation(driver, /not shaped like an AWS access key id/);
    assert.equal(idCheck.severity, 'warning', idCheck.text);
    assert.ok(idCheck.text.includes(`ecrPush.endpoint points at ${endpoint}`), idCheck.text);
    await driver.screenshot('set-credentials-other-endpoint');
    await driver.press('Enter');

    await waitForStep(driver, '(2/3)');
    await driver.type('test');
    const secretCheck = await validation(driver, /not shaped like an AWS secret access key/);
    assert.equal(secretCheck.severity, 'warning', secretCheck.text);
    await driver.press('Enter');

    await waitForStep(driver, '(3/3)');
    await driver.press('Enter');
    assert.equal(await setting, true, 'the command did not store the key');
    await eventually('the confirmation notification', async () =>
      (await driver.attributes(TOASTS, 'aria-label')).some(
        (label) => label?.includes('stored in VS Code') && label.includes('access key test.'),
      )
        ? true
        : undefined,
    );

    // The stored key is the one that signs: the stack's ECR only knows its own keys and refuses `test`,
    // where the environment's (valid) keys would have been accepted.
    const image = `${unique('0keys/app')}:1`;
    await createImage(image);
    await ecrControl().reset();
    const pushed = withSetting('profile', '[stored key]', () =>
      Promise.resolve(vscode.commands.executeCommand('ecrPush.pushImage', { imageName: image, repositoryName: unique('keys/app') })),
    );
    await assert.rejects(pushed, /AWS rejected the credentials .*UnrecognizedClientException/);
    const calls = await ecrControl().calls();
    assert.ok(calls.length > 0, 'no ECR call');
    assert.ok(
      calls.every((call) => call.errorType === 'UnrecognizedClientException'),
      JSON.stringify(calls),
    );
  });

  it('refuses test with an error and stores nothing when ecrPush.endpoint is unset (AWS itself)', async () => {
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await withSetting('endpoint', '', async () => {
      const setting = Promise.resolve(vscode.commands.executeCommand<boolean>('ecrPush.setCredentials'));
      await waitForStep(driver, '(1/3)');
      await driver.type('test');
      const check = await validation(driver, /An access key id is 20 characters/);
      assert.equal(check.severity, 'error', check.text);
      assert.match(check.text, /this one has 4 characters/);
      await driver.press('Enter');
      // Enter is refused: what is typed next still goes into the first box, which still blocks.
      await driver.type('x');
      const after = await validation(driver, /this one has 5 characters/);
      assert.equal(after.severity, 'error', after.text);
      assert.ok((await driver.text(TITLE))?.includes('(1/3)'));
      await driver.press('Escape');
      assert.equal(await setting, false);
    });
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('ecrPush.clearCredentials');
    await eventually('the "nothing stored" notification', async () =>
      (await driver.attributes(TOASTS, 'aria-label')).some((label) => label?.includes('no AWS credentials were stored')) ? true : undefined,
    );
  });
});
