/**
 * A failed listing shown as a node in the tree, not a popup: what happened, and a click that fixes it
 * (select a profile, run aws sso login, open settings). Never holds a secret: messages come from the
 * credential layer and AWS, which name sources and actions only.
 */
import type * as vscode from 'vscode';
import { CredentialsUnavailableError, SsoSessionExpiredError } from '../../credentials/credentialSource';
import { classifyEcrError } from '../../ecr/ecrErrors';
import { PushError } from '../../push/pushErrors';
import { MessageNode } from './RepositoryNodes';

export function failureNode(parentId: string, error: unknown, operation: string, region: string): MessageNode {
  const sso =
    error instanceof SsoSessionExpiredError
      ? error
      : error instanceof PushError && error.cause instanceof SsoSessionExpiredError
        ? error.cause
        : undefined;
  if (sso) {
    return new MessageNode(parentId, `SSO session expired for profile ${sso.profile}`, {
      detail: 'click to run aws sso login, then refresh',
      icon: 'key',
      command: command('ecrPush.runSsoLogin', 'Run aws sso login', { profile: sso.profile }),
    });
  }
  if (error instanceof PushError && error.code === 'cancelled') {
    return new MessageNode(parentId, 'Not signed in: the MFA code was not entered', { detail: 'refresh to try again', icon: 'key' });
  }
  if (error instanceof CredentialsUnavailableError || (error instanceof PushError && error.code === 'credentialsMissing')) {
    return new MessageNode(parentId, 'No AWS credentials', {
      detail: 'click to select an AWS profile',
      icon: 'warning',
      tooltip: `${(error as Error).message} Select a profile with "ECR: Select AWS Profile" or store a key with "ECR: Set AWS Credentials".`,
      command: command('ecrPush.selectProfile', 'Select AWS Profile'),
    });
  }
  const classified = classifyEcrError(error);
  switch (classified.kind) {
    case 'credentialsMissing':
      return new MessageNode(parentId, 'No AWS credentials', {
        detail: 'click to select an AWS profile',
        icon: 'warning',
        tooltip: classified.awsMessage,
        command: command('ecrPush.selectProfile', 'Select AWS Profile'),
      });
    case 'credentialsInvalid':
      return new MessageNode(parentId, `AWS rejected the credentials (${classified.name})`, {
        detail: 'click to select another profile',
        icon: 'warning',
        tooltip: `The access key is unknown, the secret is wrong, or the session has expired. ${classified.awsMessage}`,
        command: command('ecrPush.selectProfile', 'Select AWS Profile'),
      });
    case 'accessDenied': {
      const permission = classified.missingPermission ?? `ecr:${operation}`;
      return new MessageNode(parentId, `Access denied: your identity lacks ${permission}`, {
        detail: 'ask your AWS administrator',
        icon: 'lock',
        tooltip: classified.awsMessage,
      });
    }
    case 'endpointUnreachable':
    case 'timeout':
      return new MessageNode(parentId, `Cannot reach the ECR API in ${region} (${classified.name})`, {
        detail: 'check the network or ecrPush.endpoint',
        icon: 'debug-disconnect',
        tooltip: `Check your network or proxy, and the ecrPush.endpoint setting if you set one. ${classified.awsMessage}`,
        command: command('workbench.action.openSettings', 'Open Settings', 'ecrPush.endpoint'),
      });
    case 'repositoryNotFound':
      return new MessageNode(parentId, 'The repository no longer exists', {
        detail: 'refresh the view',
        icon: 'warning',
        tooltip: classified.awsMessage,
      });
    default:
      return new MessageNode(parentId, `Listing failed (${classified.name})`, {
        detail: 'click to show the log',
        icon: 'error',
        tooltip: classified.awsMessage || String(error),
        command: command('ecrPush.showLog', 'Show Log'),
      });
  }
}

function command(id: string, title: string, ...args: unknown[]): vscode.Command {
  return { command: id, title, arguments: args };
}
