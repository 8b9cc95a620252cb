/**
 * What the image commands (scan, findings, add tag, pull) act on: an image node of the ECR Repositories
 * view, or plain arguments `{ repositoryName, imageTag | imageDigest, region?, accountId? }`. A node names
 * its image by digest (one image for good); arguments by what they give.
 */
import type { EcrImageId, ScanReport } from '../../ecr/imageScan';
import { sortFindings } from '../../ecr/imageScan';
import { explainError, type ErrorContext } from '../../push/explainError';
import { parseTagList } from '../../push/validation';
import type { ScanSubject } from '../../ui/ScanFollower';
import { ImageNode } from '../../views/repositories/RepositoryNodes';
import { argumentError, resolveRepositoryTarget, type RepositoryCommandDeps, type RepositoryTarget } from './repositoryTarget';

export interface ImageTarget extends RepositoryTarget {
  readonly image: EcrImageId;
  /** `team/app:1.0` (the node's first tag, or the tag given), else `team/app@sha256:0123456789ab`. */
  readonly label: string;
}

/** One tag, as docker and ECR allow it; a message saying what is wrong otherwise. */
export function singleTagProblem(tag: string, name = 'imageTag'): string | undefined {
  const parsed = parseTagList(tag);
  if ('error' in parsed) {
    return parsed.error;
  }
  return parsed.tags.length === 1 && parsed.tags[0] === tag ? undefined : `${name} must be one tag, not "${tag}".`;
}

/** Resolves a node or plain arguments to one image; undefined when `arg` is neither. */
export async function resolveImageTarget(deps: RepositoryCommandDeps, arg: unknown): Promise<ImageTarget | undefined> {
  if (!(arg instanceof ImageNode) && isPlain(arg)) {
    // Checked before anything runs: no session, no ECR call for arguments that cannot name an image.
    const raw = arg as { imageTag?: unknown; imageDigest?: unknown };
    if (raw.imageTag === undefined && raw.imageDigest === undefined) {
      throw argumentError('Pass imageTag or imageDigest (or use the command on an image in the ECR Repositories view).');
    }
    if (typeof raw.imageTag === 'string') {
      const problem = singleTagProblem(raw.imageTag.trim());
      if (problem) {
        throw argumentError(problem);
      }
    }
  }
  const target = await resolveRepositoryTarget(deps, arg);
  if (!target) {
    return undefined;
  }
  const name = target.repository.name;
  if (arg instanceof ImageNode) {
    const tag = target.imageTags[0];
    return { ...target, image: { digest: target.imageDigest }, label: tag ? `${name}:${tag}` : `${name}@${short(target.imageDigest)}` };
  }
  const tag = target.imageTags[0];
  return {
    ...target,
    image: { ...(tag ? { tag } : {}), ...(target.imageDigest ? { digest: target.imageDigest } : {}) },
    label: tag ? `${name}:${tag}` : `${name}@${short(target.imageDigest)}`,
  };
}

export function scanSubject(target: ImageTarget, localSource?: string): ScanSubject {
  return {
    region: target.region,
    registryId: target.registryId,
    repository: target.repository.name,
    image: target.image,
    label: target.label,
    ...(localSource ? { localSource } : {}),
  };
}

/** Runs one ECR call of a command; its failure is explained with the command's context and the operation. */
export async function ecrStep<T>(operation: string, context: ErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw explainError(error, { ...context, operation });
  }
}

export function imageContext(target: ImageTarget): ErrorContext {
  return { repository: target.repository.name, region: target.region, accountId: target.registryId, image: target.label };
}

/** What the scan commands resolve to: the status, counts for every severity, and every finding worst first. */
export interface ScanCommandResult {
  readonly status: string;
  readonly description?: string;
  readonly counts: ScanReport['counts'];
  readonly findings: ReadonlyArray<{
    severity: string;
    name: string;
    description?: string;
    package?: string;
    version?: string;
    fixedIn?: string;
    uri?: string;
  }>;
  readonly imageDigest?: string;
  readonly completedAt?: string;
  readonly enhanced: boolean;
}

export function scanResult(report: ScanReport): ScanCommandResult {
  return {
    status: report.status,
    ...(report.description ? { description: report.description } : {}),
    counts: { ...report.counts },
    findings: sortFindings(report.findings).map((finding) => ({ ...finding })),
    ...(report.imageDigest ? { imageDigest: report.imageDigest } : {}),
    ...(report.completedAt ? { completedAt: report.completedAt.toISOString() } : {}),
    enhanced: report.enhanced,
  };
}

function isPlain(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && typeof (arg as { repositoryName?: unknown }).repositoryName === 'string';
}

function short(digest: string | undefined): string {
  return digest ? digest.slice(0, 19) : '';
}
