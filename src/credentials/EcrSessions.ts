/**
 * Opens an ECR session for a push: picks the credential source (stored key first, else the AWS chain
 * with the chosen profile), resolves it once, and binds an SDK client to it. No `vscode` import.
 */
import { SdkEcrRegistry } from '../ecr/SdkEcrRegistry';
import type { EcrSession, EcrSessionFactory } from '../push/PushPipeline';
import { createCredentialProvider, resolveCredentials, type CredentialSource, type StoredAccessKey } from './credentialSource';

export interface EcrSessionSettings {
  readonly profile: string;
  readonly endpoint: string;
  readonly useFipsEndpoint: boolean;
}

export class EcrSessions implements EcrSessionFactory {
  constructor(
    private readonly storedKey: () => Promise<StoredAccessKey | undefined>,
    private readonly settings: () => EcrSessionSettings,
  ) {}

  async open(region: string, signal?: AbortSignal): Promise<EcrSession> {
    const settings = this.settings();
    const key = await this.storedKey();
    const source: CredentialSource = key ? { kind: 'storedKey', key } : { kind: 'chain', profile: settings.profile || undefined };
    const provider = await createCredentialProvider(source);
    signal?.throwIfAborted();
    const credentials = await resolveCredentials(provider, source);
    const registry = await SdkEcrRegistry.create({
      region,
      endpoint: settings.endpoint || undefined,
      useFipsEndpoint: settings.useFipsEndpoint,
      credentials: provider,
    });
    return { registry, identity: credentials.accessKeyId, sourceDescription: describeSource(source) };
  }
}

export function describeSource(source: CredentialSource): string {
  if (source.kind === 'storedKey') {
    return 'the access key stored in VS Code';
  }
  return source.profile ? `AWS profile "${source.profile}"` : 'the default AWS credential chain';
}
