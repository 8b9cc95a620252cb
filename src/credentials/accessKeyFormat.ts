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

/** True when trimming changed the value (said to the user, since they pasted it that way). */
export function hadSurroundingWhitespace(value: string): boolean {
  return value !== value.trim();
}
