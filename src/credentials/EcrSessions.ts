/**
 * Opens an ECR session for a push or the repositories view: picks the credential source by the rule
 * in credentialSelection.ts (a selected profile wins, else the stored key, else the AWS chain), resolves
 * it once, and binds an SDK client to it. No `vscode` import: the UI hands in the MFA prompt.
 */
import type { EcrCatalogSession, EcrSessionFactory } from '../ecr/EcrSession';
import { SdkEcrRegistry } from '../ecr/SdkEcrRegistry';
import { parseCredentialSelection, sourceFor } from './credentialSelection';
import {
  createCredentialProvider,
  resolveCredentials,
  type CredentialSource,
  type MfaCodeProvider,
  type StoredAccessKey,
} from './credentialSource';

export interface EcrSessionSettings {
  readonly profile: string;
  readonly endpoint: string;
  readonly useFipsEndpoint: boolean;
}

export class EcrSessions implements EcrSessionFactory {
  private last?: EcrCatalogSession;
  private readonly openedListeners = new Set<(session: EcrCatalogSession) => void>();

  constructor(
    private readonly storedKey: () => Promise<StoredAccessKey | undefined>,
    private readonly settings: () => EcrSessionSettings,
    private readonly mfaCodeProvider?: MfaCodeProvider,
  ) {}

  /** The most recently opened session (for the status bar: identity, account). */
  get lastSession(): EcrCatalogSession | undefined {
    return this.last;
  }

  /** Called after each session opens (the status bar shows its identity); returns the unsubscribe. */
  onDidOpen(listener: (session: EcrCatalogSession) => void): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  async open(region: string, signal?: AbortSignal): Promise<EcrCatalogSession> {
    const settings = this.settings();
    const source = sourceFor(parseCredentialSelection(settings.profile), await this.storedKey());
    const provider = await createCredentialProvider(source, { mfaCodeProvider: this.mfaCodeProvider });
    signal?.throwIfAborted();
    const credentials = await resolveCredentials(provider, source);
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
    for (const listener of [...this.openedListeners]) {
      listener(session);
    }
    return session;
  }
}

function describeSource(source: CredentialSource): string {
  if (source.kind === 'storedKey') {
    return 'the access key stored in VS Code';
  }
  return source.profile ? `AWS profile "${source.profile}"` : 'the default AWS credential chain';
}
