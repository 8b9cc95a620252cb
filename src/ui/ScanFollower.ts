/**
 * Follows image scans in the background: after a push to a repository with scan on push, after "Scan
 * Image", and when "Show Scan Findings" finds a scan still running. The wait (ecr/waitForScan.ts) runs
 * outside the push queue, shows a spinner in the status bar, and when the scan ends: the ECR
 * Repositories view reloads the repository (the image row shows the counts), a notification gives the
 * counts with "Show Findings", an open findings panel updates, and the image's Dockerfile gets the
 * summary on its FROM line. Every follow stops when the extension does.
 */
import * as vscode from 'vscode';
import { hasScanResults, countsText, scanOutcomeText, worstSeverity, type EcrImageId, type ScanReport } from '../ecr/imageScan';
import type { EcrCatalogSession } from '../ecr/EcrSession';
import { waitForScan, type ScanWaitOptions, type ScanWaitResult } from '../ecr/waitForScan';
import { explainError } from '../push/explainError';
import type { ErrorNotifier } from './ErrorNotifier';
import type { ScanDiagnostics } from './ScanDiagnostics';
import type { ScanFindingsPanel } from './ScanFindingsPanel';

/** The image a scan is about. */
export interface ScanSubject {
  readonly region: string;
  readonly registryId?: string;
  readonly repository: string;
  /** The digest when known (it names one image for good); a tag otherwise. */
  readonly image: EcrImageId;
  /** `team/app:1.0`, for messages. */
  readonly label: string;
  /** The local image a push came from, for the Dockerfile diagnostic. */
  readonly localSource?: string;
}

export interface ScanFollowerDeps {
  readonly session: (region: string) => Promise<EcrCatalogSession>;
  readonly errors: ErrorNotifier;
  readonly log: { info(message: string): void; warn(message: string): void };
  readonly diagnostics: ScanDiagnostics;
  readonly panel: ScanFindingsPanel;
  readonly refreshRepository: (repository: string) => void;
  /** Bounds of the wait; the defaults of waitForScan otherwise. */
  readonly waitOptions?: () => Omit<ScanWaitOptions, 'signal' | 'notFoundGrace' | 'onPending'>;
}

export class ScanFollower implements vscode.Disposable {
  private readonly stop = new AbortController();
  private readonly following = new Map<string, Promise<ScanWaitResult | undefined>>();

  constructor(private readonly deps: ScanFollowerDeps) {}

  /** One DescribeImageScanFindings read (every page), its errors explained for this image. */
  async read(subject: ScanSubject, signal?: AbortSignal): Promise<ScanReport> {
    const session = await this.deps.session(subject.region);
    try {
      return await session.registry.describeImageScan(subject.repository, subject.image, subject.registryId, signal);
    } catch (error) {
      if ((error as Error)?.name === 'ScanNotFoundException') {
        // waitForScan may still count it as "not started yet"; it is explained where it ends a wait.
        throw error;
      }
      throw explainError(error, { ...context(subject), operation: 'DescribeImageScanFindings' });
    }
  }

  /**
   * Waits for the scan in the background and announces its end. Resolves to the wait's result, or to
   * undefined when it failed (the failure was shown) or the extension stopped. Following an image that is
   * already followed joins that wait. `notFoundGrace`: reads that may find no scan yet (right after a push).
   */
  follow(subject: ScanSubject, options: { notFoundGrace?: number } = {}): Promise<ScanWaitResult | undefined> {
    const key = followKey(subject);
    const running = this.following.get(key);
    if (running) {
      return running;
    }
    this.deps.log.info(`Following the scan of ${subject.label} in ${subject.region}.`);
    const waiting = waitForScan((signal) => this.read(subject, signal), {
      ...this.deps.waitOptions?.(),
      signal: this.stop.signal,
      notFoundGrace: options.notFoundGrace ?? 0,
    });
    const done = Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('$(sync~spin) Scanning {0}', subject.label) },
        () => waiting,
      ),
    )
      .then(async (result) => {
        await this.announce(subject, result);
        return result;
      })
      .catch((error: unknown) => {
        if (!this.stop.signal.aborted) {
          this.deps.errors.notify(explainError(error, { ...context(subject), operation: 'DescribeImageScanFindings' }), {
            what: `follow the scan of ${subject.label}`,
          });
        }
        return undefined;
      })
      .finally(() => this.following.delete(key));
    this.following.set(key, done);
    return done;
  }

  /** What a finished (or given-up) wait means for the user: the view, a notification, the panel, the Dockerfile. */
  private async announce(subject: ScanSubject, result: ScanWaitResult): Promise<void> {
    const { report } = result;
    this.deps.refreshRepository(subject.repository);
    this.deps.panel.update(panelKey(subject, report), report);
    if (!result.finished) {
      const minutes = Math.max(1, Math.round(result.waitedMs / 60_000));
      const message = `ECR: the scan of ${subject.label} is still in progress after ${minutes} min; "Show Scan Findings" on the image shows it once it is done.`;
      this.deps.log.info(message);
      void vscode.window.showInformationMessage(message);
      return;
    }
    if (!hasScanResults(report.status)) {
      const message = `ECR: the scan of ${subject.label} ended without results: ${scanOutcomeText(report)}${report.description ? ` (${report.description})` : ''}.`;
      this.deps.log.warn(message);
      void vscode.window.showWarningMessage(message);
      return;
    }
    await this.applyResults(subject, report);
    const message = `ECR: scan of ${subject.label} finished: ${countsText(report.counts)}.`;
    this.deps.log.info(message);
    const worst = worstSeverity(report.counts);
    const show = worst === 'CRITICAL' || worst === 'HIGH' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, 'Show Findings').then((choice) => {
      if (choice === 'Show Findings') {
        this.showFindings(subject, report);
      }
    });
  }

  /** Findings that are the scan's result go on the image's Dockerfile, when the workspace has it. */
  async applyResults(subject: ScanSubject, report: ScanReport): Promise<void> {
    if (hasScanResults(report.status)) {
      await this.deps.diagnostics.update(
        { label: subject.label, repository: subject.repository, localSource: subject.localSource },
        report,
      );
    }
  }

  /** Opens (or brings up) the findings panel of the image. */
  showFindings(subject: ScanSubject, report: ScanReport): void {
    const digest = report.imageDigest ?? subject.image.digest;
    this.deps.panel.show(
      {
        key: panelKey(subject, report),
        title: subject.label,
        subtitle: [
          `${subject.region}${subject.registryId ? `, account ${subject.registryId}` : ''}`,
          digest,
          report.enhanced ? 'enhanced scanning' : 'basic scanning',
        ]
          .filter(Boolean)
          .join(' · '),
      },
      report,
    );
  }

  dispose(): void {
    this.stop.abort();
  }
}

function context(subject: ScanSubject) {
  return { repository: subject.repository, region: subject.region, accountId: subject.registryId, image: subject.label };
}

function followKey(subject: ScanSubject): string {
  return JSON.stringify([subject.region, subject.registryId ?? '', subject.repository, subject.image.digest ?? subject.image.tag]);
}

/** One panel per image: by digest once a report names it. */
export function panelKey(subject: ScanSubject, report?: ScanReport): string {
  return JSON.stringify([
    subject.region,
    subject.registryId ?? '',
    subject.repository,
    report?.imageDigest ?? subject.image.digest ?? subject.image.tag,
  ]);
}
