/**
 * The two plain-data ways to ask for a build and push, checked into one shape:
 *
 * - `executeCommand('ecrPush.buildAndPush', { dockerfile, context?, buildArgs?, target?, platform?, platforms?,
 *   repositoryName, imageTag?, region?, accountId? })`
 * - an `ecr-push` task: `{ "type": "ecr-push", "dockerfile" | "image", "context"?, "buildArgs"?, "target"?,
 *   "platform"?, "platforms"?, "repository", "tags"?, "region"?, "accountId"? }`
 *
 * Both refuse AWS credentials (they would end up in tasks.json or keybindings), and both turn into the one
 * PushRequest the pipeline runs. Relative paths are relative to the workspace folder.
 */
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { buildArgNameProblem, buildArgValueProblem } from '../docker/buildArgs';
import { describeArgument, tagOf } from './commandArgs';
import { PushError } from './pushErrors';
import type { PushRequest } from './pushRequest';
import { validateRepositoryName } from './validation';

export interface BuildPushArgs {
  /** The Dockerfile to build, as given (relative to the workspace folder, or absolute). */
  readonly dockerfile?: string;
  /** A local image to push as it is (tasks only), instead of a build. */
  readonly image?: string;
  readonly context?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly platform?: string;
  readonly platforms?: readonly string[];
  readonly repository: string;
  readonly tags?: readonly string[];
  readonly region?: string;
  readonly accountId?: string;
}

const SECRET_LIKE = /secret|password|token|credential|accesskey|access_key|sessionkey/i;
const COMMAND_KEYS = [
  'dockerfile',
  'context',
  'buildArgs',
  'target',
  'platform',
  'platforms',
  'repositoryName',
  'imageTag',
  'region',
  'accountId',
];
/** VS Code hands a task's definition over with only the properties its schema declares, plus `type`. */
const TASK_KEYS = [
  'type',
  'dockerfile',
  'image',
  'context',
  'buildArgs',
  'target',
  'platform',
  'platforms',
  'repository',
  'tags',
  'region',
  'accountId',
];

/** Checks the arguments of `ecrPush.buildAndPush`; throws PushError('invalidInput') saying what is wrong. */
export function parseBuildCommandArgs(raw: Record<string, unknown>): BuildPushArgs {
  const reader = new ArgsReader(raw, 'ecrPush.buildAndPush');
  reader.refuseSecrets();
  reader.refuseUnknown(COMMAND_KEYS);
  const dockerfile = reader.requiredString('dockerfile', 'the Dockerfile to build, e.g. "Dockerfile" or "services/api/Dockerfile"');
  const repository = reader.requiredString('repositoryName', 'the ECR repository name, e.g. "team/my-app"');
  return { dockerfile, repository, ...reader.buildOptions(), ...reader.stringList('imageTag', 'tags'), ...reader.target() };
}

/** Checks an `ecr-push` task definition; throws PushError('invalidInput') saying what is wrong. */
export function parseTaskDefinition(raw: Record<string, unknown>): BuildPushArgs {
  const reader = new ArgsReader(raw, 'The ecr-push task');
  reader.refuseSecrets();
  reader.refuseUnknown(TASK_KEYS);
  const dockerfile = reader.optionalString('dockerfile');
  const image = reader.optionalString('image');
  if ((dockerfile === undefined) === (image === undefined)) {
    throw refuse(
      dockerfile === undefined
        ? 'The ecr-push task needs "dockerfile" (a Dockerfile to build and push) or "image" (a local image to push).'
        : 'The ecr-push task takes "dockerfile" or "image", not both.',
    );
  }
  const repository = reader.requiredString('repository', 'the ECR repository name, e.g. "team/my-app"');
  const options = reader.buildOptions();
  if (image !== undefined && Object.keys(options).length > 0) {
    throw refuse(`The ecr-push task pushes "image" as it is: ${Object.keys(options).join(', ')} only apply to a "dockerfile" build.`);
  }
  return {
    ...(dockerfile !== undefined ? { dockerfile } : { image }),
    repository,
    ...options,
    ...reader.stringList('tags', 'tags'),
    ...reader.target(),
  };
}

/**
 * The push request for checked arguments: a build of the Dockerfile (context: its folder unless given),
 * tagged locally as `<repository>:<first tag>`, or the push of a local image. Tags default to `latest`
 * (for an image, to its own tag).
 */
export function toPushRequest(args: BuildPushArgs, resolved: { readonly baseDir: string; readonly region: string }): PushRequest {
  const target = { repository: args.repository, region: resolved.region, ...(args.accountId ? { accountId: args.accountId } : {}) };
  if (args.image !== undefined) {
    return { source: args.image, tags: args.tags ?? [tagOf(args.image) ?? 'latest'], ...target };
  }
  const dockerfile = path.resolve(resolved.baseDir, args.dockerfile ?? 'Dockerfile');
  const tags = args.tags ?? ['latest'];
  return {
    source: localBuildName(args.repository, tags),
    tags,
    ...target,
    build: {
      dockerfile,
      context: args.context !== undefined ? path.resolve(resolved.baseDir, args.context) : path.dirname(dockerfile),
      ...(args.buildArgs ? { buildArgs: args.buildArgs } : {}),
      ...(args.target ? { target: args.target } : {}),
      ...(args.platform ? { platform: args.platform } : {}),
      ...(args.platforms ? { platforms: args.platforms } : {}),
    },
  };
}

/**
 * The local name a build gets: `<repository>:<first tag>`, what a person would type after `docker build -t`.
 * Local Images then shows the build under the repository's own name, and a rebuild moves that tag
 * instead of piling up new names.
 */
export function localBuildName(repository: string, tags: readonly string[]): string {
  return `${repository}:${tags[0] ?? 'latest'}`;
}

/**
 * The push request for checked arguments, with the region from the arguments, else the one in effect
 * (settings, profile, environment). Throws PushError('invalidInput') when nothing names a region.
 */
export async function resolvePushRequest(
  args: BuildPushArgs,
  baseDir: string,
  currentRegion: () => Promise<{ readonly region: string } | undefined>,
): Promise<PushRequest> {
  const region = args.region ?? (await currentRegion())?.region;
  if (!region) {
    throw new PushError(
      'invalidInput',
      l10n.t('No region given: pass region, or set ecrPush.region, a profile region or AWS_REGION.'),
      l10n.t('Nothing was built, pushed or changed.'),
      ['openSettings'],
    );
  }
  return toPushRequest(args, { baseDir, region });
}

/**
 * Build arguments typed as `NAME=value, NAME2=value`: split at commas that start a new `NAME=`, so a
 * value may itself hold commas. Returns the arguments or the first problem.
 */
export function parseBuildArgsText(text: string): { buildArgs: Record<string, string> } | { error: string } {
  const buildArgs: Record<string, string> = {};
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return { buildArgs };
  }
  for (const entry of trimmed.split(/,\s*(?=[A-Za-z_][A-Za-z0-9_]*=)/)) {
    const at = entry.indexOf('=');
    if (at <= 0) {
      return { error: l10n.t('"{0}" is not NAME=value (e.g. APP_VERSION=1.4.0).', entry.trim().slice(0, 40)) };
    }
    const name = entry.slice(0, at).trim();
    const value = entry.slice(at + 1);
    const problem = buildArgNameProblem(name) ?? buildArgValueProblem(name, value);
    if (problem) {
      return { error: problem };
    }
    buildArgs[name] = value;
  }
  return { buildArgs };
}

/** Build arguments as the input box shows them: `NAME=value, NAME2=value`. */
export function formatBuildArgs(buildArgs: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(buildArgs ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** A repository name made from a folder's name (`My App` → `my-app`), or undefined when nothing valid is left. */
export function suggestRepositoryName(folderName: string): string | undefined {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return name && !validateRepositoryName(name) ? name : undefined;
}

function refuse(message: string): PushError {
  return new PushError('invalidInput', message, l10n.t('Nothing was built, pushed or changed.'), []);
}

class ArgsReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly who: string,
  ) {}

  refuseSecrets(): void {
    const secretKeys = Object.keys(this.raw).filter((key) => SECRET_LIKE.test(key));
    if (secretKeys.length > 0) {
      throw refuse(
        `${this.who} does not accept AWS credentials (${secretKeys.join(', ')}): they would end up in tasks.json, keybindings or logs. ` +
          'Store a key with "ECR: Set AWS Credentials", or use an AWS profile, SSO or environment variables.',
      );
    }
  }

  refuseUnknown(allowed: readonly string[]): void {
    const unknown = Object.keys(this.raw).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) {
      throw refuse(
        `Unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} for ${this.who}; it takes ${allowed.join(', ')}.`,
      );
    }
  }

  requiredString(key: string, what: string): string {
    const value = this.optionalString(key);
    if (value === undefined) {
      throw refuse(`${this.who} needs ${key}: ${what}.`);
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw refuse(`${key} must be a string, not ${describeArgument(value)}.`);
    }
    return value;
  }

  /** A string or a non-empty array of strings under `key`, returned as `{ [as]: string[] }`. */
  stringList<K extends string>(key: string, as: K): { [P in K]?: string[] } {
    const value = this.raw[key];
    if (value === undefined || value === null) {
      return {};
    }
    if (typeof value === 'string' && value !== '') {
      return { [as]: [value] } as { [P in K]?: string[] };
    }
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return { [as]: value as string[] } as { [P in K]?: string[] };
    }
    throw refuse(`${key} must be a string or a non-empty array of strings, not ${describeArgument(value)}.`);
  }

  target(): { region?: string; accountId?: string } {
    const region = this.optionalString('region');
    const accountId = this.optionalString('accountId');
    return { ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
  }

  /** context, buildArgs, target, platform, platforms: shape only; the pipeline checks the values. */
  buildOptions(): Pick<BuildPushArgs, 'context' | 'buildArgs' | 'target' | 'platform' | 'platforms'> {
    const options: { -readonly [K in 'context' | 'target' | 'platform']?: string } & {
      buildArgs?: Record<string, string>;
      platforms?: string[];
    } = {};
    for (const key of ['context', 'target', 'platform'] as const) {
      const value = this.optionalString(key);
      if (value !== undefined) {
        options[key] = value;
      }
    }
    const buildArgs = this.raw.buildArgs;
    if (buildArgs !== undefined && buildArgs !== null) {
      if (typeof buildArgs !== 'object' || Array.isArray(buildArgs)) {
        throw refuse(`buildArgs must be an object of NAME: value, e.g. { "APP_VERSION": "1.4.0" }, not ${describeArgument(buildArgs)}.`);
      }
      const entries = Object.entries(buildArgs as Record<string, unknown>);
      for (const [name, value] of entries) {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
          throw refuse(`buildArgs.${name} must be a string (or a number or true/false), not ${describeArgument(value)}.`);
        }
      }
      if (entries.length > 0) {
        options.buildArgs = Object.fromEntries(entries.map(([name, value]) => [name, String(value)]));
      }
    }
    const platforms = this.stringList('platforms', 'platforms');
    if (platforms.platforms) {
      options.platforms = platforms.platforms;
    }
    return options;
  }
}
