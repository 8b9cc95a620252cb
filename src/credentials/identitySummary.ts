/**
 * What the status bar says about the identity: its account — from the credentials when the provider
 * returned one (SSO, credential_process with AccountId), else from the registry host of the current
 * ECR token, else "unknown" (STS is not called) — and until when the current login is reused.
 * No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import type { AuthorizationCache } from '../ecr/AuthorizationCache';
import { parseEcrRegistryHost } from '../ecr/registryHost';
import type { EcrCatalogSession } from '../ecr/EcrSession';

/** The account and login of the last session in `region`, from what is already known (no AWS call). */
export function describeIdentity(
  session: EcrCatalogSession | undefined,
  region: string | undefined,
  tokens: AuthorizationCache,
): { account: string; loginUntil?: Date; expiresAt?: Date; registryHost?: string } {
  if (!session || !region || session.region !== region) {
    return { account: l10n.t('unknown (nothing fetched yet)') };
  }
  const key = { identity: session.credentialSource, region, endpoint: session.endpoint, fips: session.useFipsEndpoint };
  const token = tokens.get(key);
  const fromHost = token ? parseEcrRegistryHost(token.registryHost)?.accountId : undefined;
  return {
    account: session.accountId ?? fromHost ?? l10n.t('unknown'),
    loginUntil: tokens.reusableUntil(key),
    expiresAt: token?.expiresAt,
    registryHost: token?.registryHost,
  };
}
