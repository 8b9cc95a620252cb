/**
 * "ECR: Set AWS Credentials" and "ECR: Clear AWS Credentials". Keys are typed into masked input boxes,
 * format-checked, trimmed (and the user told so), and stored only in SecretStorage.
 */
import * as vscode from 'vscode';
import {
  hadSurroundingWhitespace,
  validateAccessKeyId,
  validateSecretAccessKey,
  validateSessionToken,
} from '../credentials/accessKeyFormat';
import type { SecretCredentialStore } from '../config/SecretCredentialStore';

export function createSetCredentialsCommand(store: SecretCredentialStore, onChanged: () => void) {
  return async (): Promise<boolean> => {
    const accessKeyId = await vscode.window.showInputBox({
      title: 'ECR: Set AWS Credentials (1/3): access key id',
      prompt: 'AWS access key id (AKIA… or ASIA…). Stored only in VS Code’s secret storage.',
      ignoreFocusOut: true,
      validateInput: validateAccessKeyId,
    });
    if (accessKeyId === undefined) {
      return false;
    }
    const secretAccessKey = await vscode.window.showInputBox({
      title: 'ECR: Set AWS Credentials (2/3): secret access key',
      prompt: 'AWS secret access key (40 characters)',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateSecretAccessKey,
    });
    if (secretAccessKey === undefined) {
      return false;
    }
    const temporary = accessKeyId.trim().startsWith('ASIA');
    const sessionToken = await vscode.window.showInputBox({
      title: 'ECR: Set AWS Credentials (3/3): session token',
      prompt: temporary ? 'Session token (required for ASIA… temporary keys)' : 'Session token (optional; leave empty for long-term keys)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => validateSessionToken(value, accessKeyId),
    });
    if (sessionToken === undefined) {
      return false;
    }
    const trimmed = [accessKeyId, secretAccessKey, sessionToken].some(hadSurroundingWhitespace);
    await store.set({
      accessKeyId: accessKeyId.trim(),
      secretAccessKey: secretAccessKey.trim(),
      sessionToken: sessionToken.trim() || undefined,
    });
    onChanged();
    void vscode.window.showInformationMessage(
      `ECR Push: AWS credentials stored in VS Code's secret storage for access key ${accessKeyId.trim().slice(0, 4)}…${accessKeyId.trim().slice(-4)}.` +
        (trimmed ? ' Spaces around the pasted values were removed.' : ''),
    );
    return true;
  };
}

/**
 * Removes the stored key and logs out of every registry in the extension's docker config folders, so
 * no ECR token stays on disk either. `logOut` returns how many logins it removed.
 */
export function createClearCredentialsCommand(store: SecretCredentialStore, onChanged: () => void, logOut: () => number) {
  return async (): Promise<void> => {
    const had = await store.get();
    await store.clear();
    const logins = logOut();
    onChanged();
    const loggedOut =
      logins > 0 ? ` Logged out of ${logins} ECR registr${logins === 1 ? 'y' : 'ies'} in the extension's docker config.` : '';
    void vscode.window.showInformationMessage(
      (had
        ? 'ECR Push: stored AWS credentials removed. Pushes now use the default AWS credential chain.'
        : 'ECR Push: no AWS credentials were stored. Pushes use the default AWS credential chain.') + loggedOut,
    );
  };
}
