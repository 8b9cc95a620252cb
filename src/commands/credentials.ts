/**
 * "ECR: Set AWS Credentials" and "ECR: Clear AWS Credentials". Keys are typed into masked input boxes,
 * format-checked, trimmed (and the user told so), and stored only in SecretStorage. Against AWS a key
 * must be shaped like AWS's; with ecrPush.endpoint pointing elsewhere (LocalStack, MinIO) another shape
 * is accepted with a warning (credentials/accessKeyFormat.ts decides which).
 */
import * as vscode from 'vscode';
import {
  checkAccessKeyId,
  checkSecretAccessKey,
  checkSessionToken,
  hadSurroundingWhitespace,
  keyCheckPolicyFor,
  shortAccessKeyId,
  type KeyCheckProblem,
} from '../credentials/accessKeyFormat';
import type { SecretCredentialStore } from '../config/SecretCredentialStore';

/**
 * @param endpoint the `ecrPush.endpoint` in effect ('' when unset; a workspace value only counts in a
 *   trusted workspace, as Settings reads it), read when the command starts.
 */
export function createSetCredentialsCommand(store: SecretCredentialStore, onChanged: () => void, endpoint: () => string) {
  return async (): Promise<boolean> => {
    const policy = keyCheckPolicyFor(endpoint());
    const accessKeyId = await vscode.window.showInputBox({
      title: vscode.l10n.t('ECR: Set AWS Credentials (1/3): access key id'),
      prompt: vscode.l10n.t('AWS access key id (AKIA… or ASIA…). Stored only in VS Code’s secret storage.'),
      ignoreFocusOut: true,
      validateInput: (value) => toValidationMessage(checkAccessKeyId(value, policy)),
    });
    if (accessKeyId === undefined) {
      return false;
    }
    const secretAccessKey = await vscode.window.showInputBox({
      title: vscode.l10n.t('ECR: Set AWS Credentials (2/3): secret access key'),
      prompt: vscode.l10n.t('AWS secret access key (40 characters)'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => toValidationMessage(checkSecretAccessKey(value, policy)),
    });
    if (secretAccessKey === undefined) {
      return false;
    }
    const temporary = accessKeyId.trim().startsWith('ASIA');
    const sessionToken = await vscode.window.showInputBox({
      title: vscode.l10n.t('ECR: Set AWS Credentials (3/3): session token'),
      prompt: temporary
        ? vscode.l10n.t('Session token (required for ASIA… temporary keys)')
        : vscode.l10n.t('Session token (optional; leave empty for long-term keys)'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => toValidationMessage(checkSessionToken(value, accessKeyId, policy)),
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
    const keyHint = shortAccessKeyId(accessKeyId.trim());
    void vscode.window.showInformationMessage(
      trimmed
        ? vscode.l10n.t(
            "ECR Push: AWS credentials stored in VS Code's secret storage for access key {0}. Spaces around the pasted values were removed.",
            keyHint,
          )
        : vscode.l10n.t("ECR Push: AWS credentials stored in VS Code's secret storage for access key {0}.", keyHint),
    );
    return true;
  };
}

/** A blocking problem is an Error (Enter is refused); any other a Warning the user may accept. */
function toValidationMessage(problem: KeyCheckProblem | undefined): vscode.InputBoxValidationMessage | undefined {
  if (!problem) {
    return undefined;
  }
  const severity = problem.blocking ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning;
  return { message: problem.message, severity };
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
    const outcome = had
      ? vscode.l10n.t('ECR Push: stored AWS credentials removed. Pushes now use the default AWS credential chain.')
      : vscode.l10n.t('ECR Push: no AWS credentials were stored. Pushes use the default AWS credential chain.');
    // Two sentences, each translated whole: the outcome, then the logins removed (if any).
    const loggedOut =
      logins === 0
        ? ''
        : logins === 1
          ? vscode.l10n.t("Logged out of 1 ECR registry in the extension's docker config.")
          : vscode.l10n.t("Logged out of {0} ECR registries in the extension's docker config.", logins);
    void vscode.window.showInformationMessage(loggedOut ? `${outcome} ${loggedOut}` : outcome);
  };
}
