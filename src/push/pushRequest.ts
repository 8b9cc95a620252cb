import type { ImageTagMutability } from '../ecr/EcrRegistry';
import { buildRequestProblems, type BuildRequest } from './buildRequest';
import { parseTagList, registryTargetProblems, validateRepositoryName } from './validation';
import { PushError } from './pushErrors';
import type { LoginOptions } from './registryLogin';

/** One push as the user asked for it: which local image, where to, under which tags. */
export interface PushRequest {
  /**
   * Local image reference (`my-app:latest`) or image id (`sha256:…` or a short id). With `build`, the
   * local name the built image gets (`-t`); what is pushed is then exactly the image that build made.
   */
  readonly source: string;
  /** Build the image first (from a Dockerfile), then push it. */
  readonly build?: BuildRequest;
  /** ECR repository name, without registry host. */
  readonly repository: string;
  /** One or more tags; every one is pushed and verified. */
  readonly tags: readonly string[];
  readonly region: string;
  /** Another account's registry; undefined for the caller's own. */
  readonly accountId?: string;
}

/** How a push behaves, from settings: how it logs in (registryLogin.ts), and what a repository it creates gets. */
export interface PushOptions extends LoginOptions {
  readonly createRepository: { readonly imageTagMutability: ImageTagMutability; readonly scanOnPush: boolean };
  /** After a verified push, remove the local `<registry>/<repository>:<tag>` tags the push created (push/aliasCleanup.ts). */
  readonly removeLocalAliasAfterPush?: boolean;
}

/** Checks a request before anything runs; throws PushError('invalidInput') naming the first bad field. */
export function validatePushRequest(request: PushRequest): void {
  const problems: string[] = [];
  if (!request.source || !request.source.trim()) {
    problems.push('Name the local image to push (e.g. my-app:latest or an image id).');
  } else if (/\s/.test(request.source) || request.source.startsWith('-')) {
    problems.push(`"${request.source.trim().slice(0, 80)}" is not a docker image reference.`);
  } else if (request.source === '<none>:<none>' || request.source.startsWith('<none>')) {
    problems.push('An untagged <none> image has no name: push it by its image id instead.');
  }
  if (request.build) {
    problems.push(...buildRequestProblems(request.build));
  }
  const repositoryProblem = validateRepositoryName(request.repository);
  if (repositoryProblem) {
    problems.push(repositoryProblem);
  }
  const tags = parseTagList(request.tags.join(','));
  if ('error' in tags) {
    problems.push(tags.error);
  }
  problems.push(...registryTargetProblems(request));
  if (problems.length > 0) {
    throw new PushError('invalidInput', problems.join(' '), 'Correct it and push again. Nothing was changed.', []);
  }
}
