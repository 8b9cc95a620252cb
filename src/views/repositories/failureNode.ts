/**
 * A failed listing shown as a row in the tree, not a popup: the explainer's headline, a hint, and a
 * click that runs the error's first action (select a profile, run aws sso login, open settings). Its
 * tooltip is the same sentence a notification would show, and like it passes through `redact` (the log's
 * redactor, which knows the secrets in use by value: AWS may quote them in its message).
 */
import * as vscode from 'vscode';
import { explainError } from '../../push/explainError';
import { ERROR_ACTIONS } from '../../ui/errorActions';
import { MessageNode } from './RepositoryNodes';

const LISTING: Readonly<Record<string, string>> = {
  DescribeRepositories: vscode.l10n.t('listing repositories'),
  DescribeImages: vscode.l10n.t('listing images'),
};

export function failureNode(
  parentId: string,
  error: unknown,
  operation: string,
  region: string,
  redact: (text: string) => string = (text) => text,
): MessageNode {
  const explained = explainError(error, { operation, doing: LISTING[operation], region });
  // In a tree, Retry is a refresh, which the row says; the first action that has a command is the click.
  const action = explained.actions.find((a) => a !== 'retry' && ERROR_ACTIONS[a].command(explained)) ?? 'showLog';
  return new MessageNode(parentId, redact(explained.headline), {
    detail: ERROR_ACTIONS[action].hint,
    icon: explained.code === 'accessDenied' ? 'lock' : explained.code === 'endpointUnreachable' ? 'debug-disconnect' : 'warning',
    tooltip: redact(explained.userMessage),
    command: ERROR_ACTIONS[action].command(explained),
  });
}
