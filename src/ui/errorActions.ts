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
    title: vscode.l10n.t('Select AWS Profile'),
    hint: vscode.l10n.t('click to select an AWS profile'),
    command: () => command('ecrPush.selectProfile', vscode.l10n.t('Select AWS Profile')),
  },
  setCredentials: {
    title: vscode.l10n.t('Set AWS Credentials'),
    hint: vscode.l10n.t('click to set AWS credentials'),
    command: () => command('ecrPush.setCredentials', vscode.l10n.t('Set AWS Credentials')),
  },
  openAwsConfigDocs: {
    title: vscode.l10n.t('Open AWS Config Docs'),
    hint: vscode.l10n.t('click for the AWS config docs'),
    command: () => link(LINKS.awsConfig),
  },
  openIamDocs: {
    title: vscode.l10n.t('Open ECR Permissions Docs'),
    hint: vscode.l10n.t('ask your AWS administrator; click for the docs'),
    command: () => link(LINKS.iam),
  },
  showLog: {
    title: vscode.l10n.t('Show Log'),
    hint: vscode.l10n.t('click to show the log'),
    command: () => command('ecrPush.showLog', vscode.l10n.t('Show Log')),
  },
  retry: { title: vscode.l10n.t('Retry'), hint: vscode.l10n.t('refresh to try again'), command: () => undefined },
  openSettings: {
    title: vscode.l10n.t('Open Settings'),
    hint: vscode.l10n.t('click to open the setting'),
    command: (error) => command('workbench.action.openSettings', vscode.l10n.t('Open Settings'), settingFor(error)),
  },
  installDocker: { title: vscode.l10n.t('Get Docker'), hint: vscode.l10n.t('click to get Docker'), command: () => link(LINKS.docker) },
  installBuildx: {
    title: vscode.l10n.t('Get docker buildx'),
    hint: vscode.l10n.t('click to see how to install docker buildx'),
    command: () => link(LINKS.buildx),
  },
  manageWorkspaceTrust: {
    title: vscode.l10n.t('Manage Workspace Trust'),
    hint: vscode.l10n.t('click to manage workspace trust'),
    command: () => command('workbench.trust.manage', vscode.l10n.t('Manage Workspace Trust')),
  },
  runSsoLogin: {
    title: vscode.l10n.t('Run aws sso login'),
    hint: vscode.l10n.t('click to run aws sso login, then refresh'),
    command: (error) =>
      command('ecrPush.runSsoLogin', vscode.l10n.t('Run aws sso login'), {
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
  return { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.parse(url)] };
}
