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
              `ECR: there is no AWS profile "${selection.profile}" in the shared config or credentials file.`,
              'Select AWS Profile',
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
        label: `$(sync) Automatic${mark({ kind: 'automatic' })}`,
        description: stored ? 'now: the stored access key' : 'now: the default credential chain',
        detail: 'The stored access key when one is set, otherwise the default credential chain.',
        selection: { kind: 'automatic' },
      },
      {
        label: `$(link) Default credential chain${mark({ kind: 'defaultChain' })}`,
        description: 'environment, AWS_PROFILE or default, SSO, instance role',
        detail: stored ? 'Ignores the stored access key.' : undefined,
        selection: { kind: 'defaultChain' },
      },
    ];
    if (stored) {
      items.push({
        label: `$(lock) Stored access key${mark({ kind: 'storedKey' })}`,
        description: `${stored.accessKeyId.slice(0, 4)}…${stored.accessKeyId.slice(-4)} in VS Code's secret storage`,
        selection: { kind: 'storedKey' },
      });
    }
    items.push({ label: 'Profiles', kind: vscode.QuickPickItemKind.Separator });
    if (listing.profiles.length === 0) {
      items.push({
        label: '$(info) No profiles found',
        description: `in ${listing.configFile} or ${listing.credentialsFile}`,
        openFile: listing.configFile,
      });
    }
    for (const profile of listing.profiles) {
      items.push(profileItem(profile, mark({ kind: 'profile', profile: profile.name })));
    }
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: '$(go-to-file) Open the AWS config file',
      description: listing.problems.length ? `${listing.problems.length} problem(s) found; see the ECR Push log` : listing.configFile,
      openFile: listing.configFile,
    });
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'ECR: Select AWS Profile',
      placeHolder: 'Credentials for pushes and the ECR Repositories view. A selected profile wins over a stored key.',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (chosen?.openFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(chosen.openFile)).then(undefined, (error: unknown) => {
        void vscode.window.showErrorMessage(
          `ECR: could not open ${chosen.openFile}: ${(error as Error).message}. Create it with "aws configure".`,
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
    detail: profile.problem ?? [profile.region ? `region ${profile.region}` : 'no region', `in ${profile.files.join(' and ')}`].join(' · '),
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
        title: 'ECR: MFA code',
        prompt: `Enter the current code of the MFA device ${mfaSerial} to assume the role.`,
        ignoreFocusOut: true,
        validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : 'An MFA code is 6 digits.'),
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
    void vscode.window
      .showErrorMessage(
        `ECR: cannot start aws sso login. ${(error as Error).message} Install the AWS CLI v2, then retry.`,
        'Get the AWS CLI',
      )
      .then((choice) => {
        if (choice)
          void vscode.env.openExternal(vscode.Uri.parse('https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html'));
      });
    return undefined;
  }
  const terminal = vscode.window.createTerminal({ name: launch.name, shellPath: launch.shellPath, shellArgs: [...launch.shellArgs] });
  terminal.show();
  return terminal;
}
