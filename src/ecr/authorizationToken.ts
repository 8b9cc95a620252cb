/**
 * ECR's GetAuthorizationToken answer, turned into what `docker login` needs.
 *
 * The registry host is always taken from `proxyEndpoint`, never assembled from account and region:
 * that keeps China, GovCloud, FIPS, dual-stack, VPC and local endpoints working unchanged.
 */

/** What one GetAuthorizationToken entry authorizes, decoded. */
export interface RegistryAuthorization {
  readonly username: string;
  /** The registry password. A secret: never log it, never put it in argv. */
  readonly password: string;
  /** `host[:port]` as docker names the registry, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registryHost: string;
  readonly proxyEndpoint: string;
  readonly expiresAt?: Date;
}

/** Raised when ECR answers with a token the extension cannot use. */
export class AuthorizationTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthorizationTokenError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes ECR's `authorizationToken` (base64 of `user:password`). Throws AuthorizationTokenError, never echoing the token. */
function decodeAuthorizationToken(token: string | undefined): { username: string; password: string } {
  const trimmed = (token ?? '').trim();
  if (!trimmed) {
    throw new AuthorizationTokenError('ECR returned an empty authorization token.');
  }
  if (trimmed.length % 4 !== 0 || !BASE64.test(trimmed)) {
    throw new AuthorizationTokenError('ECR returned an authorization token that is not valid base64.');
  }
  const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    throw new AuthorizationTokenError('ECR returned an authorization token that is not of the form user:password.');
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The docker registry host for a `proxyEndpoint` such as `https://123456789012.dkr.ecr.us-east-1.amazonaws.com`
 * or `http://127.0.0.1:5000`. Default ports are dropped, as docker does; paths are not allowed.
 */
function registryHostFromProxyEndpoint(proxyEndpoint: string | undefined): string {
  const text = (proxyEndpoint ?? '').trim();
  if (!text) {
    throw new AuthorizationTokenError('ECR returned no proxyEndpoint for the registry.');
  }
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`);
  } catch {
    throw new AuthorizationTokenError(`ECR returned a proxyEndpoint that is not a URL: ${text}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthorizationTokenError(`ECR returned a proxyEndpoint with an unsupported scheme: ${url.protocol}`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new AuthorizationTokenError(`ECR returned a proxyEndpoint with a path: ${text}`);
  }
  // URL drops default ports already (https:443, http:80).
  return url.host;
}

/** Decodes one authorizationData entry into a RegistryAuthorization. */
export function toRegistryAuthorization(entry: {
  authorizationToken?: string;
  proxyEndpoint?: string;
  expiresAt?: Date;
}): RegistryAuthorization {
  const { username, password } = decodeAuthorizationToken(entry.authorizationToken);
  const registryHost = registryHostFromProxyEndpoint(entry.proxyEndpoint);
  return {
    username,
    password,
    registryHost,
    proxyEndpoint: entry.proxyEndpoint as string,
    expiresAt: entry.expiresAt,
  };
}
