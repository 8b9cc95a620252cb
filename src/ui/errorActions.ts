/**
 * What each action a PushError offers looks like on screen: its button title, the hint a tree row shows,
 * and the command that carries it out. Notifications (ErrorNotifier) and tree failure nodes both read
 * this table, so the same error offers the same fix everywhere.
 */
import * as vscode from 'vscode';
import { SsoSessionExpiredError } from '../credentials/credentialErrors';
import type { PushAction, PushError } from '../push/pushErrors';

const LINKS = {
  awsConfig: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
  iam: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html',
  docker: 'https://docs.docker.com/get-started/get-docker/',
  buildx: 'https://docs.docker.com/go/buildx/',
};

interface ActionView {
  readonly title: string;
  /** Said by a tree row whose click runs this action. */
  readonly hint: string;
  /** The command; undefined for `retry`, which each surface does its own way (push again, refresh). */
  command(error: PushError): vscode.Command | undefined;
}

export const ERROR_ACTIONS: Readonly<Record<PushAction, ActionView>> = {
  selectProfile: {
    title: 'Select AWS Profile',
    hint: 'click to select an AWS profile',
    command: () => command('ecrPush.selectProfile', 'Select AWS Profile'),
  },
  setCredentials: {
    title: 'Set AWS Credentials',
    hint: 'click to set AWS credentials',
    command: () => command('ecrPush.setCredentials', 'Set AWS Credentials'),
  },
  openAwsConfigDocs: {
    title: 'Open AWS Config Docs',
    hint: 'click for the AWS config docs',
    command: () => link(LINKS.awsConfig),
  },
  openIamDocs: {
    title: 'Open ECR Permissions Docs',
    hint: 'ask your AWS administrator; click for the docs',
    command: () => link(LINKS.iam),
  },
  showLog: { title: 'Show Log', hint: 'click to show the log', command: () => command('ecrPush.showLog', 'Show Log') },
  retry: { title: 'Retry', hint: 'refresh to try again', command: () => undefined },
  openSettings: {
    title: 'Open Settings',
    hint: 'click to open the setting',
    command: (error) => command('workbench.action.openSettings', 'Open Settings', settingFor(error)),
  },
  installDocker: { title: 'Get Docker', hint: 'click to get Docker', command: () => link(LINKS.docker) },
  installBuildx: { title: 'Get docker buildx', hint: 'click to see how to install docker buildx', command: () => link(LINKS.buildx) },
  runSsoLogin: {
    title: 'Run aws sso login',
    hint: 'click to run aws sso login, then refresh',
    command: (error) =>
      command('ecrPush.runSsoLogin', 'Run aws sso login', {
        profile: error.cause instanceof SsoSessionExpiredError ? error.cause.profile : undefined,
      }),
  },
};

/** The setting that an "Open Settings" button should show for this error. */
function settingFor(error: PushError): string {
  switch (error.code) {
    case 'endpointUnreachable':
    case 'badAuthorizationToken':
      return 'ecrPush.endpoint';
    case 'dockerCliNotFound':
      return 'ecrPush.containerCommand';
    default:
      return 'ecrPush';
  }
}

function command(id: string, title: string, ...args: unknown[]): vscode.Command {
  return { command: id, title, arguments: args };
}

function link(url: string): vscode.Command {
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(url)] };
}
