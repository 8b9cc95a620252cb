/**
 * An ECR client bound to credentials that were already resolved, in one region. The credential layer
 * opens sessions; the push pipeline and the Repositories view use them. The interfaces live here, with
 * the ECR client they carry, so both sides depend downward on `ecr/` and never on each other.
 */
import type { EcrCatalog } from './EcrCatalog';
import type { AwsCredentials, EcrRegistry } from './EcrRegistry';

/** What a push needs of a session. */
export interface EcrSession {
  readonly registry: EcrRegistry;
  /** The access key id the credentials have now (not a secret), for the log and the status bar. */
  readonly identity: string;
  /**
   * Where the credentials come from, stable across renewals ("profile dev", "stored key AKIA…", plus the
   * account when known). ECR tokens and docker logins are kept per source, not per temporary access key.
   */
  readonly credentialSource: string;
  /** Where the credentials came from, for the log ("AWS profile \"dev\"", "the access key stored in VS Code", …). */
  readonly sourceDescription: string;
  /** The credentials in effect (renewed near their expiry), for a docker process that must act as this identity. */
  credentials(): Promise<AwsCredentials>;
  /** AWS refused these credentials: the next session resolves them again instead of reusing them. */
  forgetCredentials(): void;
}

/** A session whose client also lists, creates and deletes (the Repositories view, the status bar). */
export interface EcrCatalogSession extends EcrSession {
  readonly registry: EcrCatalog;
  /** The account of the credentials when the provider knows it (SSO, credential_process with AccountId). */
  readonly accountId?: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly useFipsEndpoint?: boolean;
}

/** Opens sessions; the pipeline asks for the narrow `EcrSession`, the views for the catalog kind. */
export interface EcrSessionFactory<Session extends EcrSession = EcrCatalogSession> {
  /**
   * Resolves credentials and binds a client to them. Rejects with the credential layer's errors
   * (no credentials, SSO login needed, MFA prompt dismissed) or the SDK's.
   */
  open(region: string, signal?: AbortSignal): Promise<Session>;
}
