/**
 * Opens an ECR session for a push or the repositories view: picks the credential source by the rule
 * in credentialSelection.ts (a selected profile wins, else the stored key, else the AWS chain), takes
 * its credentials from the CredentialCache (resolving them only when none are kept or they near their
 * expiry), and binds an SDK client to them. No `vscode` import: the UI hands in the MFA prompt.
 */
import type { EcrCatalogSession, EcrSessionFactory } from '../ecr/EcrSession';
import { SdkEcrRegistry } from '../ecr/SdkEcrRegistry';
import { CredentialCache } from './CredentialCache';
import { sourceFilesFingerprint } from './sourceFiles';
import { parseCredentialSelection, sourceFor } from './credentialSelection';
import {
  createCredentialProvider,
  credentialSourceKey,
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
    private readonly cache = new CredentialCache(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Drops every kept credential (a stored key was set or cleared): each source resolves again on next use. */
  clear(): void {
    this.cache.clear();
  }

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
    const sourceKey = credentialSourceKey(source, this.env);
    signal?.throwIfAborted();
    // The push's signal reaches an MFA prompt this resolution opens; later renewals (mid-push) have none.
    const files = () => sourceFilesFingerprint(source, this.env);
    const credentials = await this.cache.get(sourceKey, () => this.resolve(source, signal), files);
    const current = () => this.cache.get(sourceKey, () => this.resolve(source), files);
    const endpoint = settings.endpoint || undefined;
    const registry = await SdkEcrRegistry.create({ region, endpoint, useFipsEndpoint: settings.useFipsEndpoint, credentials: current });
    const session: EcrCatalogSession = {
      registry,
      identity: credentials.accessKeyId,
      credentialSource: credentials.accountId ? `${sourceKey} in account ${credentials.accountId}` : sourceKey,
      sourceDescription: describeSource(source),
      accountId: credentials.accountId,
      region,
      endpoint,
      useFipsEndpoint: settings.useFipsEndpoint,
      credentials: current,
      forgetCredentials: () => this.cache.forget(sourceKey),
    };
    this.last = session;
    for (const listener of [...this.openedListeners]) {
      listener(session);
    }
    return session;
  }

  private async resolve(source: CredentialSource, signal?: AbortSignal) {
    const ask = this.mfaCodeProvider;
    const provider = await createCredentialProvider(source, { mfaCodeProvider: ask && ((serial) => ask(serial, signal)) });
    return resolveCredentials(provider, source);
  }
}

function describeSource(source: CredentialSource): string {
  if (source.kind === 'storedKey') {
    return 'the access key stored in VS Code';
  }
  return source.profile ? `AWS profile "${source.profile}"` : 'the default AWS credential chain';
}
