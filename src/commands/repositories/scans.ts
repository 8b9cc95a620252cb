/**
 * "Scan Image" (StartImageScan, then the scan is followed in the background) and "Show Scan Findings"
 * (DescribeImageScanFindings, every finding in a sortable panel). On an image node or with
 * `{ repositoryName, imageTag | imageDigest, region?, accountId?, wait? }`: complete arguments never
 * prompt. Both resolve to `{ status, counts, findings, … }`; with `wait: true` only once the scan ended
 * (or the wait's bounds ran out, status still IN_PROGRESS). Failures are shown and resolve to undefined.
 */
import { emptyCounts, isScanPending } from '../../ecr/imageScan';
import type { ScanFollower } from '../../ui/ScanFollower';
import { argumentError, type RepositoryCommandDeps } from './repositoryTarget';
import { ecrStep, imageContext, resolveImageTarget, scanResult, scanSubject, type ScanCommandResult } from './imageTarget';

export interface ScanCommandDeps extends RepositoryCommandDeps {
  readonly scans: ScanFollower;
  readonly log: (message: string) => void;
}

export function createScanImageCommand(deps: ScanCommandDeps) {
  return async (arg?: unknown): Promise<ScanCommandResult | undefined> => {
    try {
      const wait = waitArgument(arg);
      const target = await resolveImageTarget(deps, arg);
      if (!target) {
        return undefined;
      }
      const started = await ecrStep('StartImageScan', imageContext(target), () =>
        target.session.registry.startImageScan(target.repository.name, target.image, target.registryId),
      );
      deps.log(`Started a scan of ${target.label} in ${target.region} (${started.status}).`);
      const subject = scanSubject({ ...target, image: started.imageDigest ? { digest: started.imageDigest } : target.image });
      const following = deps.scans.follow(subject);
      if (!wait) {
        return {
          status: started.status,
          ...(started.description ? { description: started.description } : {}),
          counts: emptyCounts(),
          findings: [],
          ...(started.imageDigest ? { imageDigest: started.imageDigest } : {}),
          enhanced: false,
        };
      }
      const result = await following;
      return result && scanResult(result.report);
    } catch (error) {
      deps.errors.notify(error, { what: 'scan the image' });
      return undefined;
    }
  };
}

export function createScanFindingsCommand(deps: ScanCommandDeps) {
  return async (arg?: unknown): Promise<ScanCommandResult | undefined> => {
    try {
      const wait = waitArgument(arg);
      const show = (arg as { show?: unknown } | undefined)?.show !== false;
      const target = await resolveImageTarget(deps, arg);
      if (!target) {
        return undefined;
      }
      const subject = scanSubject(target);
      let report = await ecrStep('DescribeImageScanFindings', imageContext(target), () => deps.scans.read(subject));
      if (isScanPending(report.status)) {
        // Still running: the panel says so now, and updates (with the view and a notification) when it ends.
        const following = deps.scans.follow(subject);
        if (wait) {
          report = (await following)?.report ?? report;
        }
      }
      if (show) {
        deps.scans.showFindings(subject, report);
      }
      await deps.scans.applyResults(subject, report);
      return scanResult(report);
    } catch (error) {
      deps.errors.notify(error, { what: 'show the scan findings' });
      return undefined;
    }
  };
}

function waitArgument(arg: unknown): boolean {
  const wait = (arg as { wait?: unknown } | undefined)?.wait;
  if (arg && typeof arg === 'object' && wait !== undefined && typeof wait !== 'boolean') {
    throw argumentError(`wait must be true or false, not ${JSON.stringify(wait)}.`);
  }
  return wait === true;
}
