/**
 * Format checks for an access key typed by hand. They catch paste mistakes early; AWS remains the judge.
 */
import * as l10n from '@vscode/l10n';

const ACCESS_KEY_ID = /^(AKIA|ASIA|AROA|AIDA)[A-Z2-7]{16}$/;
const SECRET = /^[A-Za-z0-9/+]{40}$/;

export function validateAccessKeyId(value: string): string | undefined {
  const id = value.trim();
  if (!id) {
    return l10n.t('Enter the access key id (20 characters, starting with AKIA or ASIA).');
  }
  if (!ACCESS_KEY_ID.test(id)) {
    return l10n.t(
      'An access key id is 20 characters of A–Z and 2–7 starting with AKIA (long-term) or ASIA (temporary); this one has {0} characters.',
      id.length,
    );
  }
  return undefined;
}

export function validateSecretAccessKey(value: string): string | undefined {
  const secret = value.trim();
  if (!secret) {
    return l10n.t('Enter the secret access key (40 characters).');
  }
  if (!SECRET.test(secret)) {
    // Never echo the secret itself.
    return l10n.t('A secret access key is 40 characters of letters, digits, "/" and "+"; this one has {0} characters.', secret.length);
  }
  return undefined;
}

/** A session token is required exactly when the key is temporary (ASIA…). */
export function validateSessionToken(value: string, accessKeyId: string): string | undefined {
  const token = value.trim();
  if (accessKeyId.trim().startsWith('ASIA') && !token) {
    return l10n.t('Keys starting with ASIA are temporary and need their session token.');
  }
  if (token && !/^[A-Za-z0-9/+=]{16,}$/.test(token)) {
    return l10n.t('A session token is a long run of letters, digits, "/", "+" and "=" with no spaces.');
  }
  return undefined;
}

/**
 * An access key id as messages and the log show it: `AKIA…MPLE`. A key id is not a secret, but a
 * shortened one is enough to tell keys apart; a short key of another endpoint (LocalStack's `test`) is
 * shown whole.
 */
export function shortAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : accessKeyId;
}

/** True when trimming changed the value (said to the user, since they pasted it that way). */
export function hadSurroundingWhitespace(value: string): boolean {
  return value !== value.trim();
}

/**
 * How strictly typed keys are checked. Against AWS itself (no `ecrPush.endpoint`, or one on an AWS
 * domain such as a VPC endpoint) a key must be shaped like AWS's. Another endpoint (LocalStack, MinIO,
 * a test registry) issues keys of its own shape, e.g. LocalStack's documented `test`/`test`: there a
 * key that is not AWS-shaped is accepted with a warning, and the endpoint decides.
 */
export type KeyCheckPolicy = { readonly kind: 'aws' } | { readonly kind: 'otherEndpoint'; readonly endpoint: string };

/** What a check found: `blocking` problems keep the input box from accepting the value; the others only warn. */
export interface KeyCheckProblem {
  readonly message: string;
  readonly blocking: boolean;
}

// The AWS partitions' own domains: an endpoint there is AWS, and AWS only accepts AWS-shaped keys.
const AWS_DOMAIN = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;

/** The policy for an `ecrPush.endpoint` value ('' when unset). */
export function keyCheckPolicyFor(endpoint: string): KeyCheckPolicy {
  const text = endpoint.trim();
  if (!text) {
    return { kind: 'aws' };
  }
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    // An endpoint that is not a URL will fail on its own; the keys are still checked as AWS's.
    return { kind: 'aws' };
  }
  return AWS_DOMAIN.test(host) ? { kind: 'aws' } : { kind: 'otherEndpoint', endpoint: text };
}

/** Whitespace or control characters inside a value break request signing on every endpoint. */
const INNER_SPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/** {@link validateAccessKeyId} under a policy: with another endpoint, only an empty or spaced value blocks. */
export function checkAccessKeyId(value: string, policy: KeyCheckPolicy): KeyCheckProblem | undefined {
  const strict = validateAccessKeyId(value);
  if (strict === undefined) {
    return undefined;
  }
  const id = value.trim();
  if (policy.kind === 'aws' || !id) {
    return { message: strict, blocking: true };
  }
  if (INNER_SPACE_OR_CONTROL.test(id)) {
    return { message: 'An access key id has no spaces or line breaks inside it.', blocking: true };
  }
  return {
    message: `This is not shaped like an AWS access key id (AKIA… or ASIA…, 20 characters). It is accepted because ecrPush.endpoint points at ${policy.endpoint}, which checks its own keys.`,
    blocking: false,
  };
}

/** {@link validateSecretAccessKey} under a policy; never echoes the secret. */
export function checkSecretAccessKey(value: string, policy: KeyCheckPolicy): KeyCheckProblem | undefined {
  const strict = validateSecretAccessKey(value);
  if (strict === undefined) {
    return undefined;
  }
  const secret = value.trim();
  if (policy.kind === 'aws' || !secret) {
    return { message: strict, blocking: true };
  }
  if (INNER_SPACE_OR_CONTROL.test(secret)) {
    return { message: 'A secret access key has no spaces or line breaks inside it.', blocking: true };
  }
  return {
    message: `This is not shaped like an AWS secret access key (40 characters). It is accepted because ecrPush.endpoint points at ${policy.endpoint}, which checks its own keys.`,
    blocking: false,
  };
}

/** {@link validateSessionToken} under a policy: another endpoint may issue short tokens, or none for its ASIA keys. */
export function checkSessionToken(value: string, accessKeyId: string, policy: KeyCheckPolicy): KeyCheckProblem | undefined {
  const strict = validateSessionToken(value, accessKeyId);
  if (strict === undefined) {
    return undefined;
  }
  const token = value.trim();
  if (policy.kind === 'aws') {
    return { message: strict, blocking: true };
  }
  if (INNER_SPACE_OR_CONTROL.test(token)) {
    return { message: 'A session token has no spaces or line breaks inside it.', blocking: true };
  }
  return {
    message: token
      ? `This is not shaped like an AWS session token. It is accepted because ecrPush.endpoint points at ${policy.endpoint}, which checks its own tokens.`
      : `AWS keys starting with ASIA need their session token. The key is accepted without one because ecrPush.endpoint points at ${policy.endpoint}, which checks its own keys.`,
    blocking: false,
  };
}
