/**
 * A build that comes before a push: the engine's `build` of one platform (then the usual tag and push), or
 * docker buildx for several platforms (one image index, pushed by buildx itself after the usual login).
 */
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { buildArgNameProblem, buildArgValueProblem, platformProblem, stageNameProblem, type BuildSpec } from '../docker/buildArgs';
import { PushError } from './pushErrors';

export interface BuildRequest extends BuildSpec {
  /** Build every one of these platforms with docker buildx and push one image index for them all. */
  readonly platforms?: readonly string[];
}

/** True when the build publishes a multi-platform index through buildx rather than a local image. */
export function isMultiPlatform(build: BuildRequest): boolean {
  return (build.platforms?.length ?? 0) > 0;
}

/** Every problem with a build, in words a person can act on; empty when it can run. */
export function buildRequestProblems(build: BuildRequest): string[] {
  const problems: string[] = [];
  if (!build.dockerfile || !path.isAbsolute(build.dockerfile)) {
    problems.push(l10n.t('The Dockerfile path must be absolute, not "{0}".', build.dockerfile ?? ''));
  }
  if (!build.context || !path.isAbsolute(build.context)) {
    problems.push(l10n.t('The build context must be an absolute folder path, not "{0}".', build.context ?? ''));
  }
  for (const [name, value] of Object.entries(build.buildArgs ?? {})) {
    const problem = buildArgNameProblem(name) ?? buildArgValueProblem(name, value);
    if (problem) {
      problems.push(problem);
    }
  }
  if (build.target !== undefined) {
    const problem = stageNameProblem(build.target);
    if (problem) {
      problems.push(problem);
    }
  }
  if (build.platform !== undefined && build.platforms !== undefined) {
    problems.push(l10n.t('Give either platform (one platform, a local image) or platforms (an image index built with buildx), not both.'));
  }
  for (const platform of [...(build.platform !== undefined ? [build.platform] : []), ...(build.platforms ?? [])]) {
    const problem = platformProblem(platform);
    if (problem) {
      problems.push(problem);
    }
  }
  if (build.platforms !== undefined && build.platforms.length === 0) {
    problems.push('platforms must name at least one platform, e.g. ["linux/amd64", "linux/arm64"].');
  }
  return problems;
}

/**
 * Why a build is refused in an untrusted workspace: it runs the workspace's Dockerfile, whose RUN steps
 * execute code, as a task would (and VS Code runs no task in Restricted Mode either).
 */
export function untrustedBuildError(): PushError {
  return new PushError(
    'workspaceUntrusted',
    l10n.t(
      "Build and Push runs this workspace's Dockerfile, and its RUN steps run code: it is off while the workspace is in Restricted Mode.",
    ),
    l10n.t(
      'Trust the workspace to build here, or build the image yourself and push it with "ECR: Push Image". Nothing was built or pushed.',
    ),
    ['manageWorkspaceTrust'],
    { headline: l10n.t('Restricted Mode: no builds') },
  );
}
