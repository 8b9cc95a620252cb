/**
 * What can go wrong before AWS is even asked: no source yields credentials, an SSO login is needed, or
 * the user backed out of the MFA prompt. Messages name sources and profiles, never a secret. The push
 * layer's error explainer turns each into what the user sees.
 */

/** Raised when no source yields credentials. */
export class CredentialsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsUnavailableError';
  }
}

/** The SSO login behind a profile is missing or expired; `aws sso login --profile <profile>` fixes it. */
export class SsoSessionExpiredError extends CredentialsUnavailableError {
  constructor(
    readonly profile: string,
    options?: { cause?: unknown },
  ) {
    super(`SSO session expired for profile ${profile}.`, options);
    this.name = 'SsoSessionExpiredError';
  }
}

/** The user dismissed the MFA code prompt. */
export class MfaCancelledError extends Error {
  constructor() {
    super('The MFA code was not entered.');
    this.name = 'MfaCancelledError';
  }
}
