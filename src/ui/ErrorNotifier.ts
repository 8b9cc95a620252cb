/**
 * Shows any failure as one error notification: explained by the one explainer, with its actions as
 * buttons (always including Show Log), and logged once. A command that failed returns right away; the
 * notification stays until the user answers it.
 */
import * as vscode from 'vscode';
import { explainError, type ErrorContext } from '../push/explainError';
import type { PushError } from '../push/pushErrors';
import { ERROR_ACTIONS } from './errorActions';
import type { PushLog } from './PushLog';

export interface NotifyOptions {
  /**
   * What could not be done, for the first words: "create the repository" → "ECR: could not create the repository. …".
   * Callers pass it through `vscode.l10n.t`.
   */
  readonly what?: string;
  readonly context?: ErrorContext;
  /** What Retry does; without it, no Retry button is offered. */
  readonly retry?: () => unknown;
  /** False when the caller already logged the failure (a push logs its outcome in its own log section). */
  readonly log?: boolean;
}

export class ErrorNotifier {
  constructor(private readonly log: PushLog) {}

  /** Explains, logs and shows `error`; returns the explained error at once (the notification is not awaited). */
  notify(error: unknown, options: NotifyOptions = {}): PushError {
    const explained = explainError(error, options.context);
    if (explained.code === 'cancelled') {
      return explained;
    }
    if (options.log !== false) {
      this.log.failure(explained, options.what && `Could not ${options.what}`);
    }
    void this.show(explained, options);
    return explained;
  }

  private async show(error: PushError, options: NotifyOptions): Promise<void> {
    const actions = error.actions.filter((action) => action !== 'retry' || options.retry);
    if (!actions.includes('showLog')) {
      actions.push('showLog');
    }
    const prefix = options.what ? vscode.l10n.t('ECR: could not {0}.', options.what) : vscode.l10n.t('ECR Push:');
    // The explainer already masked what it quoted; the log's redactor also knows the secrets seen since.
    const text = this.log.redactor.redact(`${prefix} ${error.userMessage}`);
    const choice = await vscode.window.showErrorMessage(text, ...actions.map((a) => ERROR_ACTIONS[a].title));
    const action = actions.find((a) => ERROR_ACTIONS[a].title === choice);
    if (action === 'retry') {
      await options.retry?.();
      return;
    }
    const command = action && ERROR_ACTIONS[action].command(error);
    if (command) {
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    }
    if (action === 'runSsoLogin' && options.retry) {
      // The login runs in a terminal; what failed can only go on once the user says it is done.
      const retry = vscode.l10n.t('Retry');
      const again = await vscode.window.showInformationMessage(
        vscode.l10n.t('ECR: finish the SSO login in the terminal, then retry.'),
        retry,
      );
      if (again === retry) {
        await options.retry();
      }
    }
  }
}
