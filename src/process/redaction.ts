/**
 * The one redactor: everything a child process prints, every error message and every log line passes
 * through it. Known secret values are masked exactly; anything shaped like an AWS secret key, a session
 * token, a basic-auth or bearer value, or a `--password x` is masked by pattern. Secrets should never
 * reach text in the first place (they go to children on stdin); this catches what slips through, such
 * as a registry or AWS error that echoes its input.
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
  // docker login --password x (never how this extension calls docker, but a user's own command line may show up).
  [/(--password(?:=|\s+))[^\s"',}]+/g, `$1${MASK}`],
  // A session token: a long run of base64 (STS tokens are hundreds of characters).
  [/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{100,}={0,2}(?![A-Za-z0-9+/=])/g, MASK],
  // A secret access key: exactly 40 base64-ish characters with at least one of + or / or mixed case and a digit.
  [/(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=]))(?=[^\s]*[a-z])(?=[^\s]*[A-Z])(?=[^\s]*[0-9])[A-Za-z0-9+/]{40}/g, MASK],
];

/** Masks the given values (4 characters or more: shorter ones would blank ordinary words), then every pattern. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4 && out.includes(secret)) {
      out = out.split(secret).join(MASK);
    }
  }
  for (const [pattern, replacement] of PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** A redactor that also remembers values to mask, for text written long after the secret was seen (the log). */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers an exact value to mask wherever it appears. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) {
      this.secrets.add(value);
    }
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }
}
