import type { RegistryAuthorization } from './authorizationToken';

/** Who asked, where, and for which registry: a token is only reused for exactly the same. */
export interface AuthorizationKey {
  /** Where the credentials come from, stable across their renewals (never a secret): see EcrSession.credentialSource. */
  readonly identity: string;
  readonly region: string;
  readonly registryId?: string;
  readonly endpoint?: string;
  readonly fips?: boolean;
}

interface Entry {
  readonly authorization: RegistryAuthorization;
  readonly fetchedAt: number;
}

/** Margin before `expiresAt` inside which a token is no longer handed out, so a push never starts on a dying token. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** Tokens that come without an expiry (non-AWS endpoints) are kept this long. */
const DEFAULT_LIFETIME_MS = 60 * 60_000;

/**
 * In-memory ECR authorization tokens. A token is reused until half its lifetime has passed and never
 * within five minutes of `expiresAt`; any auth failure drops it. Nothing is written to disk.
 */
export class AuthorizationCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: AuthorizationKey): RegistryAuthorization | undefined {
    const id = keyOf(key);
    const entry = this.entries.get(id);
    if (!entry) {
      return undefined;
    }
    if (!this.isFresh(entry)) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.authorization;
  }

  set(key: AuthorizationKey, authorization: RegistryAuthorization): void {
    this.entries.set(keyOf(key), { authorization, fetchedAt: this.now() });
  }

  invalidate(key: AuthorizationKey): void {
    this.entries.delete(keyOf(key));
  }

  clear(): void {
    this.entries.clear();
  }

  /** When the token cached for `key` stops being handed out (for the status bar); undefined when none. */
  reusableUntil(key: AuthorizationKey): Date | undefined {
    const entry = this.entries.get(keyOf(key));
    return entry && this.isFresh(entry) ? new Date(this.freshUntil(entry)) : undefined;
  }

  private isFresh(entry: Entry): boolean {
    return this.now() < this.freshUntil(entry);
  }

  private freshUntil(entry: Entry): number {
    const expiresAt = entry.authorization.expiresAt?.getTime() ?? entry.fetchedAt + DEFAULT_LIFETIME_MS;
    const halfLife = entry.fetchedAt + (expiresAt - entry.fetchedAt) / 2;
    return Math.min(halfLife, expiresAt - EXPIRY_MARGIN_MS);
  }
}

function keyOf(key: AuthorizationKey): string {
  return JSON.stringify([key.identity, key.region, key.registryId ?? '', key.endpoint ?? '', key.fips === true]);
}

/**
 * Which token each docker config folder is logged in to a host with, so a push can skip `docker login`
 * while that exact token is still the one the cache hands out.
 */
export class LoginTracker {
  private readonly logins = new Map<string, RegistryAuthorization>();

  isLoggedIn(host: string, configDir: string | undefined, authorization: RegistryAuthorization): boolean {
    return this.logins.get(loginKey(host, configDir)) === authorization;
  }

  recordLogin(host: string, configDir: string | undefined, authorization: RegistryAuthorization): void {
    this.logins.set(loginKey(host, configDir), authorization);
  }

  forget(host: string, configDir: string | undefined): void {
    this.logins.delete(loginKey(host, configDir));
  }

  clear(): void {
    this.logins.clear();
  }
}

function loginKey(host: string, configDir: string | undefined): string {
  return `${configDir ?? '<user>'}\u0000${host}`;
}
