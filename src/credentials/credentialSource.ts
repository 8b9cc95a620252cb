/**
 * Where a push's AWS credentials come from: an access key the user stored in VS Code's SecretStorage,
 * or the standard AWS chain (environment, profiles, SSO, credential_process, instance roles).
 * No `vscode` import: the UI reads the secret store and hands the result here.
 */
import type { AwsCredentialProvider, AwsCredentials } from '../ecr/EcrRegistry';

export interface StoredAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export type CredentialSource =
  | { readonly kind: 'storedKey'; readonly key: StoredAccessKey }
  | { readonly kind: 'chain'; readonly profile?: string };

/** Raised when no source yields credentials. The message never holds a secret. */
export class CredentialsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsUnavailableError';
  }
}

/**
 * A provider for one push. The chain is created anew each time, so a fresh SSO login or a rotated key
 * is picked up without reloading the window; within the push the SDK memoizes what it resolved.
 */
export async function createCredentialProvider(source: CredentialSource): Promise<AwsCredentialProvider> {
  if (source.kind === 'storedKey') {
    const credentials: AwsCredentials = { ...source.key };
    return async () => credentials;
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain({ profile: source.profile || undefined, ignoreCache: true });
}

/** Resolves the provider once, turning the SDK's "could not load" family into CredentialsUnavailableError. */
export async function resolveCredentials(provider: AwsCredentialProvider, source: CredentialSource): Promise<AwsCredentials> {
  try {
    return await provider();
  } catch (error) {
    const where =
      source.kind === 'storedKey'
        ? 'the access key stored in VS Code'
        : source.profile
          ? `AWS profile "${source.profile}"`
          : 'the AWS default credential chain (environment, ~/.aws/credentials and config, SSO, instance role)';
    const reason = error instanceof Error && error.message ? ` (${firstLine(error.message)})` : '';
    throw new CredentialsUnavailableError(`Could not load AWS credentials from ${where}${reason}.`, { cause: error });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}
