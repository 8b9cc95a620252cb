/**
 * Redaction by value, not only by shape (issue 11, item 7), in the real host: an AWS error whose message
 * carries the secrets in use — the session token, the secret key glued to other text, the registry
 * password and its base64 `AWS:` form, none of which a secret-shaped pattern can find (only the session
 * token is long enough to look like one) — reaches the error, the notification, the log and the ECR
 * Repositories view masked.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TemporaryCredentials } from '../fixtures/ecrControl';
import type { PageDriver } from '../host/driverClient';
import { AwsProfileFiles } from './support/awsProfiles';
import { withSetting } from './support/settings';
import { createImage, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { REPOSITORY_ROWS, requireDriver, TOASTS } from './support/workbench';

/** An AccessDenied message as AWS might word it, quoting every secret in a form no pattern masks. */
function poisonedMessage(operation: string, secrets: Secrets): string {
  // Short enough that the explainer quotes it whole (it cuts AWS's words at 300 characters).
  return (
    `User: arn:aws:sts::${stackInfo().ecr.accountId}:assumed-role/r/it is not authorized to perform: ecr:${operation} ` +
    `(basic ${secrets.basic}, login ${secrets.password}, secret${secrets.secretAccessKey}end, session ${secrets.sessionToken})`
  );
}

interface Secrets {
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly password: string;
  /** base64 of `AWS:<password>`, as docker keeps a login. */
  readonly basic: string;
}

/** The secrets (by name) that `text` shows. */
function shown(text: string, secrets: Secrets): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

describe('secrets are masked by value wherever an AWS error is shown', () => {
  const profiles = new AwsProfileFiles();
  const profile = unique('it-by-value');
  let driver: PageDriver;
  let minted: TemporaryCredentials;
  let image: string;
  let repository: string;
  let secrets: Secrets;

  before(async () => {
    driver = requireDriver();
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    minted = await ecrControl().mintTemporaryCredentials();
    profiles.addCredentialsProfile(profile, {
      aws_access_key_id: minted.accessKeyId,
      aws_secret_access_key: minted.secretAccessKey,
      aws_session_token: minted.sessionToken,
    });
    image = `${unique('local/by-value')}:1`;
    await createImage(image);
    repository = unique('it/by-value');
  });

  after(async () => {
    await ecrControl().reset();
    await vscode.commands.executeCommand('workbench.actions.treeView.ecrPush.repositories.collapseAll');
    profiles.restore();
  });

  it('a push failing with that message shows none of them in its error, its notification or the log', async () => {
    const control = ecrControl();
    await withSetting('profile', profile, async () => {
      // A first push learns the registry password; the second reuses that token, so the fault can quote it.
      const issuedBefore = await control.issuedPasswords();
      await vscode.commands.executeCommand('ecrPush.pushImage', { imageName: image, imageTag: 'clean', repositoryName: repository });
      const issued = (await control.issuedPasswords()).filter((p) => !issuedBefore.includes(p));
      assert.equal(issued.length, 1, 'the first push got one registry token');
      secrets = {
        secretAccessKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
        password: issued[0],
        basic: Buffer.from(`AWS:${issued[0]}`).toString('base64'),
      };
      await control.injectFault({
        operation: 'DescribeImages',
        count: 1,
        errorType: 'AccessDeniedException',
        message: poisonedMessage('DescribeImages', secrets),
      });
      await vscode.commands.executeCommand('notifications.clearAll');
      const logStart = readPushLog().length;

      let error: (Error & { remedy?: string; cause?: unknown }) | undefined;
      await vscode.commands
        .executeCommand('ecrPush.pushImage', { imageName: image, imageTag: 'poisoned', repositoryName: repository })
        .then(
          () => assert.fail('the push succeeded despite the fault'),
          (caught: Error) => (error = caught),
        );
      assert.ok(error);
      assert.match(error.message, /AWS said: User: .* is not authorized to perform: ecr:DescribeImages/);
      assert.deepEqual(shown([error.message, error.remedy, error.stack].join('\n'), secrets), [], 'secrets in the error');

      const notification = await eventually('the failure notification', async () =>
        (await driver.attributes(TOASTS, 'aria-label')).find((label): label is string => !!label?.includes('AWS said')),
      );
      assert.match(notification, /\*\*\*/, 'the notification masks nothing');
      assert.deepEqual(shown(notification, secrets), [], 'secrets in the notification');

      const log = await eventually('the failure in the log', () => {
        const text = readPushLog().slice(logStart);
        return text.includes('AWS said') ? text : undefined;
      });
      assert.deepEqual(shown(log, secrets), [], 'secrets in the ECR Push log');
    });
  });

  it('a listing failing with that message shows none of them in the failure row, its tooltip or the log', async () => {
    assert.ok(secrets, 'the push test above learned the registry password');
    const control = ecrControl();
    const region = stackInfo().ecr.region;
    // Keys no push has used: only the view's own session knows them. The registry password is the push's.
    const viewKeys = await control.mintTemporaryCredentials();
    const viewProfile = unique('it-by-value-view');
    profiles.addCredentialsProfile(viewProfile, {
      aws_access_key_id: viewKeys.accessKeyId,
      aws_secret_access_key: viewKeys.secretAccessKey,
      aws_session_token: viewKeys.sessionToken,
    });
    const quoted: Secrets = { ...secrets, secretAccessKey: viewKeys.secretAccessKey, sessionToken: viewKeys.sessionToken };
    const rows = async () => (await driver.attributes(REPOSITORY_ROWS, 'aria-label')).filter((label): label is string => !!label);
    await withSetting('profile', viewProfile, async () => {
      await control.injectFault({
        operation: 'DescribeRepositories',
        count: 100,
        errorType: 'AccessDeniedException',
        message: poisonedMessage('DescribeRepositories', quoted),
      });
      const logStart = readPushLog().length;
      await vscode.commands.executeCommand('ecrPush.repositories.focus');
      await vscode.commands.executeCommand('ecrPush.repositories.refresh');
      await eventually('the region row', async () => ((await rows()).some((l) => l.startsWith(`${region},`)) ? true : undefined));
      const regionRow = `${REPOSITORY_ROWS}[aria-label^="${region},"]`;
      if ((await driver.attributes(regionRow, 'aria-expanded'))[0] !== 'true') await driver.click(regionRow);
      const failure = await eventually('the failure row', async () => (await rows()).find((l) => l.startsWith('Access denied')));
      assert.deepEqual(shown(failure, quoted), [], 'secrets in the failure row');

      const tooltip = await driver.hover(`${REPOSITORY_ROWS}[aria-label^="Access denied"]`);
      assert.match(tooltip, /AWS said: User: .* is not authorized to perform: ecr:DescribeRepositories/);
      assert.deepEqual(shown(tooltip, quoted), [], 'secrets in the tooltip');

      const log = await eventually('the listing failure in the log', () => {
        const text = readPushLog().slice(logStart);
        return text.includes('DescribeRepositories') ? text : undefined;
      });
      assert.deepEqual(shown(log, quoted), [], 'secrets in the ECR Push log');
    });
    await control.reset();
    await vscode.commands.executeCommand('ecrPush.repositories.refresh');
  });
});
