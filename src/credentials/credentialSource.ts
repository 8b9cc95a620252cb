/**
 * Where a push's AWS credentials come from: an access key the user stored in VS Code's SecretStorage,
 * or the standard AWS chain (environment, profiles, SSO, credential_process, instance roles).
 * No `vscode` import: the UI reads the secret store and hands the result here.
 */
import * as l10n from '@vscode/l10n';
import type { AwsCredentialProvider, AwsCredentials } from '../ecr/EcrRegistry';
import { CredentialsUnavailableError, MfaCancelledError, SsoSessionExpiredError } from './credentialErrors';

export interface StoredAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type CredentialSource =
  | { readonly kind: 'storedKey'; readonly key: StoredAccessKey }
  | { readonly kind: 'chain'; readonly profile?: string }
  /** Exactly one profile of the shared files (static, assume role, SSO, credential_process), no fallback. */
  | { readonly kind: 'profile'; readonly profile: string };

/**
 * Asks the user for the current code of an MFA device (the UI passes an input box); rejects with
 * MfaCancelledError when they back out or `signal` aborts (the push was cancelled).
 */
export type MfaCodeProvider = (mfaSerial: string, signal?: AbortSignal) => Promise<string>;

export interface CredentialProviderOptions {
  /** Called with the MFA device's serial; bind any cancellation signal before handing it in. */
  readonly mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

/**
 * A stable, non-secret name for a source: credentials resolved from it are kept under this name
 * (CredentialCache), and so are ECR tokens and logins. Temporary access keys change with every
 * renewal; the source they come from does not.
 */
export function credentialSourceKey(source: CredentialSource, env: NodeJS.ProcessEnv): string {
  switch (source.kind) {
    case 'storedKey':
      return `stored key ${source.key.accessKeyId}`;
    case 'profile':
      return `profile ${source.profile}`;
    case 'chain':
      return `default chain ${source.profile || env.AWS_PROFILE || 'default'}`;
  }
}

/**
 * A provider that resolves the source once, from scratch (the SDK's file caches are bypassed, so a fresh
 * SSO login or a rotated key in the files is seen). CredentialCache decides when to call it again.
 */
export async function createCredentialProvider(
  source: CredentialSource,
  options: CredentialProviderOptions = {},
): Promise<AwsCredentialProvider> {
  if (source.kind === 'storedKey') {
    const credentials: AwsCredentials = { ...source.key };
    return async () => credentials;
  }
  const providers = await import('@aws-sdk/credential-providers');
  if (source.kind === 'profile') {
    // Only this profile: no silent fall-through to environment keys or instance roles.
    return providers.fromIni({ profile: source.profile, ignoreCache: true, mfaCodeProvider: options.mfaCodeProvider });
  }
  return providers.fromNodeProviderChain({
    profile: source.profile || undefined,
    ignoreCache: true,
    mfaCodeProvider: options.mfaCodeProvider,
  });
}

/** Resolves the provider once, turning the SDK's "could not load" family into CredentialsUnavailableError. */
export async function resolveCredentials(provider: AwsCredentialProvider, source: CredentialSource): Promise<AwsCredentials> {
  try {
    return await provider();
  } catch (error) {
    if (error instanceof MfaCancelledError) {
      throw error;
    }
    const profile = source.kind === 'storedKey' ? undefined : source.profile || process.env.AWS_PROFILE || 'default';
    if (profile && isSsoLoginNeeded(error)) {
      throw new SsoSessionExpiredError(profile, { cause: error });
    }
    const where =
      source.kind === 'storedKey'
        ? l10n.t('the access key stored in VS Code')
        : source.profile
          ? l10n.t('AWS profile "{0}"', source.profile)
          : l10n.t('the AWS default credential chain (environment, ~/.aws/credentials and config, SSO, instance role)');
    const message =
      error instanceof Error && error.message
        ? l10n.t('Could not load AWS credentials from {0} ({1}).', where, firstLine(error.message))
        : l10n.t('Could not load AWS credentials from {0}.', where);
    throw new CredentialsUnavailableError(message, { cause: error });
  }
}

/** The SDK's SSO providers all end their "log in again" errors with a pointer to `aws sso login`. */
function isSsoLoginNeeded(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /aws sso login|SSO session .*(expired|invalid|not found)|SSO Token is expired/i.test(message);
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
