/**
 * Resolved credentials, kept per credential source and reused until five minutes before they expire.
 * Without it every push resolved its source again: an SSO user fetched new role credentials (and so a
 * new ECR token and a new docker login) per push, and a role with `mfa_serial` asked for the MFA code
 * per push. Failures are never kept: the next use resolves again, so `aws sso login` or a fixed profile
 * takes effect at once. Concurrent users of one source share one resolution (one MFA prompt). A
 * fingerprint of what the source reads from disk (sourceFiles.ts) is kept with them: when the files
 * change (a key rotated in ~/.aws/credentials, `aws sso login` run in any terminal), they resolve again.
 */
import type { AwsCredentials } from '../ecr/EcrRegistry';

/** Renew this long before `expiration`, so no request is signed with credentials about to lapse. */
export const CREDENTIALS_RENEWAL_MARGIN_MS = 5 * 60_000;

interface Entry {
  credentials?: AwsCredentials;
  /** The source files' fingerprint taken right after `credentials` resolved (the SDK may refresh a cached SSO token while resolving). */
  fingerprint?: string;
  resolving?: Promise<AwsCredentials>;
}

export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The credentials kept for `sourceKey` while they have more than the margin left and the source's files
   * have not changed; otherwise `resolve` runs (once, however many callers wait) and its result is kept.
   */
  async get(
    sourceKey: string,
    resolve: () => Promise<AwsCredentials>,
    fingerprint: () => Promise<string> = async () => '',
  ): Promise<AwsCredentials> {
    const entry = this.entries.get(sourceKey) ?? {};
    this.entries.set(sourceKey, entry);
    if (!entry.resolving && entry.credentials && this.fresh(entry.credentials) && (await fingerprint()) === entry.fingerprint) {
      return entry.credentials;
    }
    entry.resolving ??= resolve().then(
      async (credentials) => {
        entry.credentials = credentials;
        entry.fingerprint = await fingerprint();
        entry.resolving = undefined;
        return credentials;
      },
      (error: unknown) => {
        entry.resolving = undefined;
        throw error;
      },
    );
    return entry.resolving;
  }

  /** AWS refused what was kept for this source (or the user changed it): resolve it again next time. */
  forget(sourceKey: string): void {
    this.entries.delete(sourceKey);
  }

  clear(): void {
    this.entries.clear();
  }

  private fresh(credentials: AwsCredentials): boolean {
    return !credentials.expiration || credentials.expiration.getTime() - this.now() > CREDENTIALS_RENEWAL_MARGIN_MS;
  }
}
