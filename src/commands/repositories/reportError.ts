/**
 * One way for the repositories commands to say that something failed: what, why (AWS's own words,
 * never a secret), what to do, and a button for it. Returns undefined so commands can return it.
 */
import * as vscode from 'vscode';
import { CredentialsUnavailableError } from '../../credentials/credentialSource';
import { ImageDeleteError } from '../../ecr/EcrCatalog';
import { classifyEcrError } from '../../ecr/ecrErrors';
import { PushError } from '../../push/pushErrors';
import { RepositoryArgumentError } from './repositoryTarget';

export function reportRepositoryCommandError(what: string, error: unknown): undefined {
  // Not awaited: a command (and a caller awaiting it) must not wait for the notification to close.
  void show(what, error);
  return undefined;
}

async function show(what: string, error: unknown): Promise<void> {
  const { message, remedy, action } = explain(error);
  const choice = await vscode.window.showErrorMessage(
    `ECR: could not ${what}. ${message} ${remedy}`.trim(),
    ...(action ? [action.title] : []),
    'Show Log',
  );
  if (action && choice === action.title) {
    await vscode.commands.executeCommand(action.command, ...(action.arguments ?? []));
  } else if (choice === 'Show Log') {
    await vscode.commands.executeCommand('ecrPush.showLog');
  }
}

function explain(error: unknown): { message: string; remedy: string; action?: vscode.Command } {
  if (error instanceof RepositoryArgumentError || error instanceof ImageDeleteError) {
    return { message: error.message, remedy: '' };
  }
  if (error instanceof PushError) {
    return {
      message: error.message,
      remedy: error.remedy,
      action: error.actions.includes('runSsoLogin')
        ? { command: 'ecrPush.runSsoLogin', title: 'Run aws sso login', arguments: [error.cause] }
        : error.code === 'credentialsMissing'
          ? { command: 'ecrPush.selectProfile', title: 'Select AWS Profile' }
          : undefined,
    };
  }
  if (error instanceof CredentialsUnavailableError) {
    return {
      message: error.message,
      remedy: 'Select a profile or store an access key.',
      action: { command: 'ecrPush.selectProfile', title: 'Select AWS Profile' },
    };
  }
  const classified = classifyEcrError(error);
  const aws = classified.awsMessage ? `AWS said: ${classified.awsMessage}` : `(${classified.name})`;
  switch (classified.kind) {
    case 'accessDenied':
      return {
        message: `Access denied: your identity lacks ${classified.missingPermission ?? 'an ECR permission'}. ${aws}`,
        remedy: 'Ask your AWS administrator for it.',
      };
    case 'credentialsMissing':
    case 'credentialsInvalid':
      return {
        message: `AWS did not accept the credentials. ${aws}`,
        remedy: 'Select another profile or refresh the login.',
        action: { command: 'ecrPush.selectProfile', title: 'Select AWS Profile' },
      };
    case 'endpointUnreachable':
    case 'timeout':
      return {
        message: `The ECR API could not be reached (${classified.name}).`,
        remedy: 'Check the network and the ecrPush.endpoint setting.',
        action: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['ecrPush.endpoint'] },
      };
    case 'repositoryExists':
      return { message: aws, remedy: 'Choose another name.' };
    default:
      return { message: aws, remedy: 'See the log for details.' };
  }
}
