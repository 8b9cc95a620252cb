/**
 * A last line of defence for everything written to the log: known secret values are masked exactly,
 * and anything shaped like an AWS secret key, a session token, a basic-auth value or a bearer token is
 * masked by pattern. Secrets should never reach the log in the first place; this catches mistakes.
 */

const MASK = '***';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // "auth": "QVdTOnBhc3N3b3Jk" in a docker config, or auth=... in a URL/query.
  [/("auth"\s*:\s*")[^"]+(")/gi, `$1${MASK}$2`],
  // Authorization: Basic xxx / Bearer xxx
  // A credential has a digit or base64 padding/symbols, mixed case after its first letter, or length;
  // prose such as "Basic authentication" or "Bearer realm" has none of these.
  [
    /\b(Basic|Bearer)\s+(?:(?=[A-Za-z0-9+/=._~-]*[0-9+/=])|(?=[A-Za-z0-9+/=._~-]?[A-Za-z0-9+/=._~-]*[a-z][A-Za-z0-9+/=._~-]*[A-Z])|(?=[A-Za-z0-9+/=._~-]{16}))[A-Za-z0-9+/=._~-]{8,}/g,
    `$1 ${MASK}`,
  ],
  // aws_secret_access_key = xxx, secretAccessKey: "xxx", AWS_SESSION_TOKEN=xxx, password=xxx
  [
    /\b(aws_secret_access_key|secretAccessKey|secret_access_key|aws_session_token|sessionToken|session_token|authorizationToken|password)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    `$1$2${MASK}`,
  ],
  // A session token: a long run of base64 (STS tokens are hundreds of characters).
  [/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,2}(?![A-Za-z0-9+/=])/g, MASK],
  // A secret access key: exactly 40 base64-ish characters with at least one of + or / or mixed case and a digit.
  [/(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=]))(?=[^\s]*[a-z])(?=[^\s]*[A-Z])(?=[^\s]*[0-9])[A-Za-z0-9+/]{40}/g, MASK],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers an exact value to mask wherever it appears (and its base64 form, as docker configs hold it). */
  addSecret(value: string | undefined): void {
    if (!value || value.length < 4) {
      return;
    }
    this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) {
        out = out.split(secret).join(MASK);
      }
    }
    for (const [pattern, replacement] of PATTERNS) {
      out = out.replace(pattern, replacement);
    }
    return out;
  }
}
