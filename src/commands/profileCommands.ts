/**
 * "ECR: Select AWS Profile", the MFA code prompt the credential layer calls, and "Run aws sso login".
 * The choice is kept in `ecrPush.profile` (see credentialSelection.ts for the rule).
 */
import * as vscode from 'vscode';
import type { Settings } from '../config/settings';
import { MfaCancelledError } from '../credentials/credentialErrors';
import { parseCredentialSelection, selectionSettingValue, type CredentialSelection } from '../credentials/credentialSelection';
import type { MfaCodeProvider } from '../credentials/credentialSource';
import { listProfiles, type AwsProfile, type ProfileKind } from '../credentials/profiles';
import type { SecretCredentialStore } from '../config/SecretCredentialStore';
import { ssoLoginTerminal, type SsoLoginTerminal } from '../credentials/ssoLoginTerminal';

export interface SelectProfileDeps {
  readonly settings: Settings;
  readonly secrets: SecretCredentialStore;
  readonly log: (message: string) => void;
}

const KIND_ICONS: Readonly<Record<ProfileKind, string>> = {
  static: '$(key)',
  assumeRole: '$(arrow-swap)',
  sso: '$(organization)',
  process: '$(terminal)',
  webIdentity: '$(globe)',
  regionOnly: '$(settings)',
  incomplete: '$(warning)',
};

/** A row of the profile picker: a credential source to select, or a file to open. */
type ProfilePickItem = vscode.QuickPickItem & { selection?: CredentialSelection; openFile?: string };

/**
 * Opens the picker, or with `{ profile }` (a profile name, "[stored key]", "[default chain]" or "")
 * selects without asking. Resolves to the value written to ecrPush.profile, undefined when dismissed.
 */
export function createSelectProfileCommand(deps: SelectProfileDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const given = typeof arg === 'string' ? arg : (arg as { profile?: unknown } | undefined)?.profile;
    if (typeof given === 'string') {
      const selection = parseCredentialSelection(given);
      if (selection.kind === 'profile') {
        const { profiles } = await listProfiles();
        if (!profiles.some((p) => p.name === selection.profile)) {
          void vscode.window
            .showErrorMessage(
              vscode.l10n.t('ECR: there is no AWS profile "{0}" in the shared config or credentials file.', selection.profile),
              vscode.l10n.t('Select AWS Profile'),
            )
            .then((c) => {
              if (c) void vscode.commands.executeCommand('ecrPush.selectProfile');
            });
          return undefined;
        }
      }
      return save(deps.settings, selection);
    }
    const current = parseCredentialSelection(deps.settings.read().profile);
    const listing = await listProfiles();
    for (const problem of listing.problems) {
      deps.log(`AWS shared files: ${problem}`);
    }
    const stored = await deps.secrets.get();
    const mark = (selection: CredentialSelection) => (same(selection, current) ? ' $(check)' : '');
    const items: ProfilePickItem[] = [
      {
        label: `$(sync) ${vscode.l10n.t('Automatic')}${mark({ kind: 'automatic' })}`,
        description: stored ? vscode.l10n.t('now: the stored access key') : vscode.l10n.t('now: the default credential chain'),
        detail: vscode.l10n.t('The stored access key when one is set, otherwise the default credential chain.'),
        selection: { kind: 'automatic' },
      },
      {
        label: `$(link) ${vscode.l10n.t('Default credential chain')}${mark({ kind: 'defaultChain' })}`,
        description: vscode.l10n.t('environment, AWS_PROFILE or default, SSO, instance role'),
        detail: stored ? vscode.l10n.t('Ignores the stored access key.') : undefined,
        selection: { kind: 'defaultChain' },
      },
    ];
    if (stored) {
      items.push({
        label: `$(lock) ${vscode.l10n.t('Stored access key')}${mark({ kind: 'storedKey' })}`,
        description: vscode.l10n.t("{0} in VS Code's secret storage", `${stored.accessKeyId.slice(0, 4)}…${stored.accessKeyId.slice(-4)}`),
        selection: { kind: 'storedKey' },
      });
    }
    items.push({ label: vscode.l10n.t('Profiles'), kind: vscode.QuickPickItemKind.Separator });
    if (listing.profiles.length === 0) {
      items.push({
        label: `$(info) ${vscode.l10n.t('No profiles found')}`,
        description: vscode.l10n.t('in {0} or {1}', listing.configFile, listing.credentialsFile),
        openFile: listing.configFile,
      });
    }
    for (const profile of listing.profiles) {
      items.push(profileItem(profile, mark({ kind: 'profile', profile: profile.name })));
    }
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: `$(go-to-file) ${vscode.l10n.t('Open the AWS config file')}`,
      description: listing.problems.length
        ? vscode.l10n.t('{0} problem(s) found; see the ECR Push log', listing.problems.length)
        : listing.configFile,
      openFile: listing.configFile,
    });
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('ECR: Select AWS Profile'),
      placeHolder: vscode.l10n.t('Credentials for pushes and the ECR Repositories view. A selected profile wins over a stored key.'),
      matchOnDescription: true,
      matchOnDetail: true,
      // Like every other prompt here: opened from the walkthrough, the page re-rendering takes the focus.
      ignoreFocusOut: true,
    });
    if (chosen?.openFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(chosen.openFile)).then(undefined, (error: unknown) => {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('ECR: could not open {0}: {1}. Create it with "aws configure".', chosen.openFile ?? '', (error as Error).message),
        );
      });
      return undefined;
    }
    if (!chosen?.selection) {
      return undefined;
    }
    return save(deps.settings, chosen.selection);
  };
}

function profileItem(profile: AwsProfile, mark: string): ProfilePickItem {
  return {
    label: `${KIND_ICONS[profile.kind]} ${profile.name}${mark}`,
    description: profile.description,
    detail:
      profile.problem ??
      [
        profile.region ? vscode.l10n.t('region {0}', profile.region) : vscode.l10n.t('no region'),
        profile.files.length === 2
          ? vscode.l10n.t('in {0} and {1}', profile.files[0], profile.files[1])
          : vscode.l10n.t('in {0}', profile.files.join(', ')),
      ].join(' · '),
    selection: { kind: 'profile', profile: profile.name },
  };
}

function same(a: CredentialSelection, b: CredentialSelection): boolean {
  return selectionSettingValue(a) === selectionSettingValue(b);
}

async function save(settings: Settings, selection: CredentialSelection): Promise<string> {
  const value = selectionSettingValue(selection);
  await settings.update('profile', value);
  return value;
}

/**
 * The MFA prompt handed to the credential layer (which stays free of vscode). A cancelled push closes
 * it: the input box is bound to the push's signal.
 */
export const promptForMfaCode: MfaCodeProvider = async (mfaSerial, signal) => {
  const cancellation = new vscode.CancellationTokenSource();
  const cancel = () => cancellation.cancel();
  signal?.addEventListener('abort', cancel);
  try {
    if (signal?.aborted) {
      throw new MfaCancelledError();
    }
    const code = await vscode.window.showInputBox(
      {
        title: vscode.l10n.t('ECR: MFA code'),
        prompt: vscode.l10n.t('Enter the current code of the MFA device {0} to assume the role.', mfaSerial),
        ignoreFocusOut: true,
        validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : vscode.l10n.t('An MFA code is 6 digits.')),
      },
      cancellation.token,
    );
    if (code === undefined) {
      throw new MfaCancelledError();
    }
    return code.trim();
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancellation.dispose();
  }
};

/**
 * Opens a terminal running `aws sso login --profile X`: the AWS CLI is the terminal's own process
 * (shellPath + shellArgs), so the profile name reaches it as one argument on every platform and no shell
 * ever reads it. The profile comes from the argument (an SsoSessionExpiredError, `{ profile }` or a
 * string), else the selected profile.
 */
export function createRunSsoLoginCommand(settings: Settings) {
  return (arg?: unknown): vscode.Terminal | undefined => runSsoLogin(settings, arg);
}

function runSsoLogin(settings: Settings, arg: unknown): vscode.Terminal | undefined {
  const fromArg = typeof arg === 'string' ? arg : (arg as { profile?: unknown } | undefined)?.profile;
  const selection = parseCredentialSelection(settings.read().profile);
  const profile =
    typeof fromArg === 'string' && fromArg
      ? fromArg
      : selection.kind === 'profile'
        ? selection.profile
        : process.env.AWS_PROFILE || 'default';
  let launch: SsoLoginTerminal;
  try {
    launch = ssoLoginTerminal(profile, { env: process.env });
  } catch (error) {
    const getCli = vscode.l10n.t('Get the AWS CLI');
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t('ECR: cannot start aws sso login. {0} Install the AWS CLI v2, then retry.', (error as Error).message),
        getCli,
      )
      .then((choice) => {
        if (choice === getCli)
          void vscode.env.openExternal(vscode.Uri.parse('https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html'));
      });
    return undefined;
  }
  const terminal = vscode.window.createTerminal({ name: launch.name, shellPath: launch.shellPath, shellArgs: [...launch.shellArgs] });
  terminal.show();
  return terminal;
}
