/**
 * Pure argument builders for image builds: what to run, apart from running it. `<cli> build -f FILE -t TAG
 * --iidfile FILE [--build-arg NAME=value]… [--target STAGE] [--platform P] CONTEXT` is the same for docker,
 * podman and nerdctl, so one builder serves every engine. `buildx` (a multi-platform image index pushed
 * straight to the registry) is docker's alone. Values that would be read as flags are refused, and every
 * value is its own argv element: there is never a shell.
 */
import * as l10n from '@vscode/l10n';
import { operand } from './dockerArgs';

/** One image build as the engine runs it. Paths are absolute. */
export interface BuildSpec {
  readonly dockerfile: string;
  /** The build context folder. */
  readonly context: string;
  /** `--build-arg NAME=value`, in this order. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** `--target STAGE`: the multi-stage build's stage to stop at. */
  readonly target?: string;
  /** `--platform os/arch[/variant]` for a single-platform build. */
  readonly platform?: string;
}

// What docker accepts as an ARG name is looser, but a shell-variable name is what every Dockerfile uses.
const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Stage names: a letter first, then letters, digits, `_`, `-`, `.` (docker lowercases them).
const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
// os/arch[/variant], e.g. linux/amd64, linux/arm/v7, windows/amd64.
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(?:\/[a-z0-9_.]+)?$/;

/** undefined when `name` may be a build argument's name, else what is wrong. */
export function buildArgNameProblem(name: string): string | undefined {
  return BUILD_ARG_NAME.test(name)
    ? undefined
    : l10n.t(
        'Build argument name "{0}" is not valid: use letters, digits and _, not starting with a digit (e.g. APP_VERSION).',
        short(name),
      );
}

/** undefined when `value` can be passed as a build argument's value (anything an argv element can hold). */
export function buildArgValueProblem(name: string, value: string): string | undefined {
  return value.includes('\0')
    ? l10n.t('Build argument {0} contains a NUL character, which no process argument can hold.', name)
    : undefined;
}

export function stageNameProblem(stage: string): string | undefined {
  return STAGE_NAME.test(stage)
    ? undefined
    : l10n.t(
        'Target stage "{0}" is not a stage name: a letter first, then letters, digits, _ . or - (as in FROM … AS build).',
        short(stage),
      );
}

export function platformProblem(platform: string): string | undefined {
  return PLATFORM.test(platform)
    ? undefined
    : l10n.t('Platform "{0}" is not os/arch[/variant], e.g. linux/amd64 or linux/arm64.', short(platform));
}

/**
 * `build -f DOCKERFILE -t TAG --iidfile FILE [--build-arg NAME=value]… [--target STAGE] [--platform P] CONTEXT`.
 * `--iidfile` makes the engine write the built image's id, so the push that follows pushes exactly that
 * image even if another build moves TAG meanwhile.
 */
export function buildArgs(spec: BuildSpec, output: { readonly tag: string; readonly iidFile: string }): string[] {
  return [
    'build',
    '-f',
    operand(spec.dockerfile, 'Dockerfile path'),
    '-t',
    operand(output.tag, 'image tag'),
    '--iidfile',
    operand(output.iidFile, 'image id file'),
    ...commonBuildFlags(spec),
    ...(spec.platform ? ['--platform', checked(spec.platform, platformProblem)] : []),
    operand(spec.context, 'build context'),
  ];
}

/** `docker buildx version`: exits non-zero ("unknown command") when the buildx plugin is missing. */
export function buildxVersionArgs(): string[] {
  return ['buildx', 'version'];
}

/**
 * `[--config DIR] buildx build -f DOCKERFILE --platform A,B --push -t URI… --metadata-file FILE … CONTEXT`:
 * builds every platform and pushes one image index under each tag. `--config` is the private login folder,
 * so buildx pushes with the same login as `docker push`. The metadata file holds the index digest.
 */
export function buildxBuildArgs(
  spec: BuildSpec,
  output: {
    readonly platforms: readonly string[];
    readonly tags: readonly string[];
    readonly metadataFile: string;
    readonly configDir?: string;
  },
): string[] {
  const dockerfileAndPlatforms = multiPlatformFlags(spec, output.platforms);
  if (output.tags.length === 0) {
    throw new Error('A multi-platform build needs at least one tag to push.');
  }
  return [
    ...(output.configDir ? ['--config', operand(output.configDir, 'docker config folder')] : []),
    'buildx',
    'build',
    ...dockerfileAndPlatforms,
    '--push',
    ...output.tags.flatMap((tag) => ['-t', operand(tag, 'image tag')]),
    '--metadata-file',
    operand(output.metadataFile, 'metadata file'),
    ...commonBuildFlags(spec),
    operand(spec.context, 'build context'),
  ];
}

/** `-f DOCKERFILE --platform A,B`, checked: how a build of several platforms starts on every engine. */
export function multiPlatformFlags(spec: BuildSpec, platforms: readonly string[]): string[] {
  if (platforms.length === 0) {
    throw new Error('A multi-platform build needs at least one platform.');
  }
  return [
    '-f',
    operand(spec.dockerfile, 'Dockerfile path'),
    '--platform',
    platforms.map((platform) => checked(platform, platformProblem)).join(','),
  ];
}

/** `--build-arg NAME=value`… and `--target STAGE`, checked: the flags every engine's build shares. */
export function commonBuildFlags(spec: BuildSpec): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(spec.buildArgs ?? {})) {
    checked(name, buildArgNameProblem);
    const problem = buildArgValueProblem(name, value);
    if (problem) {
      throw new Error(problem);
    }
    // One element, NAME=value: a value starting with '-' cannot be read as a flag.
    args.push('--build-arg', `${name}=${value}`);
  }
  if (spec.target) {
    args.push('--target', checked(spec.target, stageNameProblem));
  }
  return args;
}

export function checked(value: string, problemOf: (value: string) => string | undefined): string {
  const problem = problemOf(value);
  if (problem) {
    throw new Error(problem);
  }
  return value;
}

function short(value: string): string {
  const oneLine = value.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
