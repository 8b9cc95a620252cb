/**
 * The user's explicit choice of credential source, as kept in the `ecrPush.profile` setting, and the
 * one rule that turns it into a source for a push. No `vscode` import.
 *
 * The rule (also in the README and the "Select AWS Profile" picker):
 * - a profile name → that profile, always, even when an access key is stored;
 * - `[stored key]` → the access key stored with "ECR: Set AWS Credentials" (an error when none is);
 * - `[default chain]` → the AWS default chain (environment, AWS_PROFILE or `default`, SSO, instance role),
 *   ignoring a stored key;
 * - empty (automatic, the default) → the stored key when one is set, otherwise the default chain.
 * The bracketed values cannot be profile names: the ini syntax does not allow brackets in a section name.
 */
import * as l10n from '@vscode/l10n';
import type { CredentialSource, StoredAccessKey } from './credentialSource';
import { CredentialsUnavailableError } from './credentialErrors';

const STORED_KEY_SETTING = '[stored key]';
const DEFAULT_CHAIN_SETTING = '[default chain]';

export type CredentialSelection =
  | { readonly kind: 'automatic' }
  | { readonly kind: 'storedKey' }
  | { readonly kind: 'defaultChain' }
  | { readonly kind: 'profile'; readonly profile: string };

/** Reads the `ecrPush.profile` setting. */
export function parseCredentialSelection(setting: string | undefined): CredentialSelection {
  const value = (setting ?? '').trim();
  if (!value) {
    return { kind: 'automatic' };
  }
  if (value.toLowerCase() === STORED_KEY_SETTING) {
    return { kind: 'storedKey' };
  }
  if (value.toLowerCase() === DEFAULT_CHAIN_SETTING) {
    return { kind: 'defaultChain' };
  }
  return { kind: 'profile', profile: value };
}

/** The setting value that selects `selection` (inverse of parseCredentialSelection). */
export function selectionSettingValue(selection: CredentialSelection): string {
  switch (selection.kind) {
    case 'automatic':
      return '';
    case 'storedKey':
      return STORED_KEY_SETTING;
    case 'defaultChain':
      return DEFAULT_CHAIN_SETTING;
    case 'profile':
      return selection.profile;
  }
}

/**
 * The source a push uses for this selection, given whether a key is stored. Throws
 * CredentialsUnavailableError when the stored key is chosen but none is stored.
 */
export function sourceFor(selection: CredentialSelection, storedKey: StoredAccessKey | undefined): CredentialSource {
  switch (selection.kind) {
    case 'profile':
      return { kind: 'profile', profile: selection.profile };
    case 'storedKey':
      if (!storedKey) {
        throw new CredentialsUnavailableError(l10n.t('ecrPush.profile selects the stored access key, but no key is stored in VS Code.'));
      }
      return { kind: 'storedKey', key: storedKey };
    case 'defaultChain':
      return { kind: 'chain' };
    case 'automatic':
      return storedKey ? { kind: 'storedKey', key: storedKey } : { kind: 'chain' };
  }
}

/** The profile whose `region` the region resolution reads: the selected one, else AWS_PROFILE, else default. */
export function profileForRegion(selection: CredentialSelection, env: NodeJS.ProcessEnv): string {
  return selection.kind === 'profile' ? selection.profile : env.AWS_PROFILE || 'default';
}

/** A short label for the status bar: the profile name, "stored key", "default chain", "auto". */
export function selectionLabel(selection: CredentialSelection, storedKeySet: boolean): string {
  switch (selection.kind) {
    case 'profile':
      return selection.profile;
    case 'storedKey':
      return l10n.t('stored key');
    case 'defaultChain':
      return l10n.t('default chain');
    case 'automatic':
      return storedKeySet ? l10n.t('stored key (auto)') : l10n.t('default chain (auto)');
  }
}
