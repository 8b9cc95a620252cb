/**
 * An ECR client bound to credentials that were already resolved, in one region. The credential layer
 * opens sessions; the push pipeline and the Repositories view use them. The interfaces live here, with
 * the ECR client they carry, so both sides depend downward on `ecr/` and never on each other.
 */
import type { EcrCatalog } from './EcrCatalog';
import type { EcrRegistry } from './EcrRegistry';

/** What a push needs of a session. */
export interface EcrSession {
  readonly registry: EcrRegistry;
  /** Stable, non-secret identity of the credentials (the access key id). */
  readonly identity: string;
  /** Where the credentials came from, for the log ("AWS profile \"dev\"", "the access key stored in VS Code", …). */
  readonly sourceDescription: string;
}

/** A session whose client also lists, creates and deletes (the Repositories view, the status bar). */
export interface EcrCatalogSession extends EcrSession {
  readonly registry: EcrCatalog;
  /** The account of the credentials when the provider knows it (SSO, credential_process with AccountId). */
  readonly accountId?: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** Opens sessions; the pipeline asks for the narrow `EcrSession`, the views for the catalog kind. */
export interface EcrSessionFactory<Session extends EcrSession = EcrCatalogSession> {
  /**
   * Resolves credentials and binds a client to them. Rejects with the credential layer's errors
   * (no credentials, SSO login needed, MFA prompt dismissed) or the SDK's.
   */
  open(region: string, signal?: AbortSignal): Promise<Session>;
}
