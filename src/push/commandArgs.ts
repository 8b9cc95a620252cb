/**
 * The programmatic form of "ECR: Push Image":
 *   executeCommand('ecrPush.pushImage', { imageName, imageTag, repositoryName, region, accountId })
 * It mirrors the web service this extension grew out of, minus `awsCredentials`: keys passed as
 * arguments would end up in tasks.json or keybindings, so such a call is refused.
 */
import { PushError } from './pushErrors';

export interface PushCommandArgs {
  /** Local image reference (`my-app:latest`) or image id. */
  readonly imageName: string;
  /** Tag(s) to push as; defaults to the tag in imageName, else `latest`. */
  readonly imageTags?: readonly string[];
  readonly repositoryName: string;
  readonly region?: string;
  readonly accountId?: string;
}

const ALLOWED = ['imageName', 'imageTag', 'repositoryName', 'region', 'accountId'] as const;
const SECRET_LIKE = /secret|password|token|credential|accesskey|access_key|sessionkey/i;

function refuse(message: string): PushError {
  return new PushError('invalidInput', message, 'Nothing was pushed or changed.', []);
}

/** True when the value looks like command arguments (a plain object), not a tree item or a URI. */
export function isPushCommandArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Checks the shape of programmatic arguments; throws PushError('invalidInput') saying exactly what is wrong. */
export function parsePushCommandArgs(value: Record<string, unknown>): PushCommandArgs {
  const keys = Object.keys(value);
  const secretKeys = keys.filter((k) => SECRET_LIKE.test(k));
  if (secretKeys.length > 0) {
    throw refuse(
      `ecrPush.pushImage does not accept AWS credentials as arguments (${secretKeys.join(', ')}): they would end up in ` +
        'tasks.json, keybindings or logs. Store a key with "ECR: Set AWS Credentials", or use an AWS profile, SSO or environment variables.',
    );
  }
  const unknown = keys.filter((k) => !(ALLOWED as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw refuse(
      `Unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} for ecrPush.pushImage; it takes ${ALLOWED.join(', ')}.`,
    );
  }
  const imageName = requiredString(value, 'imageName', 'the local image reference, e.g. "my-app:latest"');
  const repositoryName = requiredString(value, 'repositoryName', 'the ECR repository name, e.g. "team/my-app"');
  const region = optionalString(value, 'region');
  const accountId = optionalString(value, 'accountId');
  const imageTag = value.imageTag;
  let imageTags: string[] | undefined;
  if (imageTag !== undefined) {
    if (typeof imageTag === 'string') {
      imageTags = [imageTag];
    } else if (Array.isArray(imageTag) && imageTag.length > 0 && imageTag.every((t) => typeof t === 'string')) {
      imageTags = imageTag as string[];
    } else {
      throw refuse(`imageTag must be a string or a non-empty array of strings, not ${describeArgument(imageTag)}.`);
    }
  }
  return { imageName, repositoryName, imageTags, region, accountId };
}

function requiredString(value: Record<string, unknown>, key: string, what: string): string {
  const v = value[key];
  if (v === undefined || v === null || v === '') {
    throw refuse(`ecrPush.pushImage needs ${key}: ${what}.`);
  }
  if (typeof v !== 'string') {
    throw refuse(`${key} must be a string, not ${describeArgument(v)}.`);
  }
  return v;
}

function optionalString(value: Record<string, unknown>, key: string): string | undefined {
  const v = value[key];
  if (v === undefined || v === null || v === '') {
    return undefined;
  }
  if (typeof v !== 'string') {
    throw refuse(`${key} must be a string, not ${describeArgument(v)}.`);
  }
  return v;
}

/** What a wrong argument is, for the message that refuses it: "an array of that shape", "null", "a number"… */
export function describeArgument(v: unknown): string {
  if (Array.isArray(v)) {
    return 'an array of that shape';
  }
  if (v === null) {
    return 'null';
  }
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The tag a reference carries (`app:1.2` → `1.2`), if any; digests and registry ports are not tags. */
export function tagOf(reference: string): string | undefined {
  if (/^sha256:[0-9a-f]+$/i.test(reference)) {
    return undefined; // An image id, not name:tag.
  }
  const withoutDigest = reference.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : undefined;
}
