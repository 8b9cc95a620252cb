/**
 * Opens an ECR session for a push or the repositories view: picks the credential source by the rule
 * in credentialSelection.ts (a selected profile wins, else the stored key, else the AWS chain), resolves
 * it once, and binds an SDK client to it. No `vscode` import: the UI hands in the MFA prompt.
 */
import type { EcrCatalog } from '../ecr/EcrCatalog';
import { SdkEcrRegistry } from '../ecr/SdkEcrRegistry';
import type { EcrSession, EcrSessionFactory } from '../push/PushPipeline';
import { cancelledError, PushError } from '../push/pushErrors';
import { parseCredentialSelection, sourceFor } from './credentialSelection';
import {
  createCredentialProvider,
  MfaCancelledError,
  resolveCredentials,
  SsoSessionExpiredError,
  type CredentialSource,
  type MfaCodeProvider,
  type StoredAccessKey,
} from './credentialSource';

export interface EcrSessionSettings {
  readonly profile: string;
  readonly endpoint: string;
  readonly useFipsEndpoint: boolean;
}

/** A session whose client also lists, creates and deletes (for the repositories view). */
export interface EcrCatalogSession extends EcrSession {
  readonly registry: EcrCatalog;
  /** The account of the credentials when the provider knows it (SSO, credential_process with AccountId). */
  readonly accountId?: string;
  readonly region: string;
  readonly endpoint?: string;
}

export class EcrSessions implements EcrSessionFactory {
  private last?: EcrCatalogSession;

  constructor(
    private readonly storedKey: () => Promise<StoredAccessKey | undefined>,
    private readonly settings: () => EcrSessionSettings,
    private readonly mfaCodeProvider?: MfaCodeProvider,
  ) {}

  /** The most recently opened session (for the status bar: identity, account). */
  get lastSession(): EcrCatalogSession | undefined {
    return this.last;
  }

  open(region: string, signal?: AbortSignal): Promise<EcrCatalogSession> {
    return this.openCatalog(region, signal);
  }

  async openCatalog(region: string, signal?: AbortSignal): Promise<EcrCatalogSession> {
    const settings = this.settings();
    const source = sourceFor(parseCredentialSelection(settings.profile), await this.storedKey());
    const provider = await createCredentialProvider(source, { mfaCodeProvider: this.mfaCodeProvider });
    signal?.throwIfAborted();
    let credentials;
    try {
      credentials = await resolveCredentials(provider, source);
    } catch (error) {
      throw toSessionError(error);
    }
    // Hand the client what was resolved, so an MFA prompt or SSO lookup happens once per session, not
    // again on the client's first request; temporary credentials are fetched anew near their expiry.
    let resolved = credentials;
    const current = async () => {
      if (resolved.expiration && resolved.expiration.getTime() - Date.now() < 60_000) {
        resolved = await provider();
      }
      return resolved;
    };
    const endpoint = settings.endpoint || undefined;
    const registry = await SdkEcrRegistry.create({
      region,
      endpoint,
      useFipsEndpoint: settings.useFipsEndpoint,
      credentials: current,
    });
    const session: EcrCatalogSession = {
      registry,
      identity: credentials.accessKeyId,
      sourceDescription: describeSource(source),
      accountId: credentials.accountId,
      region,
      endpoint,
    };
    this.last = session;
    return session;
  }
}

/** SSO and MFA outcomes become PushErrors with the action that helps; others pass on unchanged. */
function toSessionError(error: unknown): unknown {
  if (error instanceof MfaCancelledError) {
    return cancelledError();
  }
  if (error instanceof SsoSessionExpiredError) {
    return new PushError(
      'credentialsMissing',
      `SSO session expired for profile ${error.profile}: the AWS SSO login it uses is missing or has run out.`,
      `Run "aws sso login --profile ${error.profile}", then retry.`,
      ['runSsoLogin', 'retry'],
      { cause: error },
    );
  }
  return error;
}

export function describeSource(source: CredentialSource): string {
  if (source.kind === 'storedKey') {
    return 'the access key stored in VS Code';
  }
  return source.profile ? `AWS profile "${source.profile}"` : 'the default AWS credential chain';
}
