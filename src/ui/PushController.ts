/**
 * The one way in to a push, for every gesture (command palette, Local Images, Push Local Image Here,
 * programmatic calls): queues it, shows a cancellable progress notification, writes every step and
 * docker line to the log, and reports the result with the action that helps.
 */
import * as vscode from 'vscode';
import { PUSH_STEP_TITLES, type PushObserver, type PushResult, type PushStep } from '../push/pushPorts';
import type { PushOptions, PushRequest } from '../push/pushRequest';
import { layerReporter, QueuedJobController, type Progress } from './QueuedJobController';

export class PushController extends QueuedJobController<PushRequest, PushOptions, PushObserver, PushResult> {
  /** Fires after each successful push (views and the status bar catch up on it). */
  readonly onDidPush = this.succeeded.event;

  /**
   * Queues a push and follows it in a notification. Resolves with the result; rejects with the
   * PushError (after showing it) so programmatic callers get the error too.
   */
  async push(request: PushRequest): Promise<PushResult> {
    const label = `${request.source} → ${request.repository}:${request.tags.join(',')}`;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('ECR Push: {0}', `${request.repository}:${request.tags[0]}`),
          cancellable: true,
        },
        (progress, token) =>
          this.runQueued(
            label,
            token,
            (signal) => this.runOne(request, label, progress, signal),
            (ahead) => {
              progress.report({
                message: ahead > 1 ? vscode.l10n.t('Queued behind {0} pushes…', ahead) : vscode.l10n.t('Queued behind 1 push…'),
              });
              this.log.info(`Queued: ${label} (${ahead} ahead).`);
            },
          ),
      );
      void this.showSuccess(result);
      this.succeeded.fire(result);
      return result;
    } catch (error) {
      return this.failed(error, vscode.l10n.t('ECR Push: the push of {0} was cancelled.', request.repository), {
        log: false,
        retry: () => this.push(request).catch(() => undefined),
      });
    }
  }

  /** One push inside the queue. A cancelled push names itself in the log; a failed one is named by its error. */
  private runOne(request: PushRequest, label: string, progress: Progress, signal: AbortSignal): Promise<PushResult> {
    const reportLayers = layerReporter(progress);
    const observer: PushObserver = {
      ...this.stepObserver<PushStep>(progress, PUSH_STEP_TITLES),
      layers: (tag, layerProgress) =>
        reportLayers(vscode.l10n.t('Pushing {0}: {1}/{2} layers', tag, layerProgress.done, layerProgress.total)),
    };
    return this.runLogged(
      request,
      label,
      observer,
      signal,
      (result) => `Pushed ${result.imageUris.join(', ')}${result.digest ? ` (${result.digest})` : ''}.`,
      (error) => (error.code === 'cancelled' ? label : undefined),
    );
  }

  private async showSuccess(result: PushResult): Promise<void> {
    const more = result.imageUris.length - 1;
    const pushed = result.digest
      ? more > 0
        ? vscode.l10n.t('Pushed {0} and {1} more tag(s) ({2})', result.imageUri, more, result.digest)
        : vscode.l10n.t('Pushed {0} ({1})', result.imageUri, result.digest)
      : more > 0
        ? vscode.l10n.t('Pushed {0} and {1} more tag(s)', result.imageUri, more)
        : vscode.l10n.t('Pushed {0}', result.imageUri);
    // A scan takes seconds to minutes: its counts come in their own notification when it ends (ScanFollower).
    const scan = result.scanOnPush ? `. ${vscode.l10n.t('ECR scans it on push; the findings follow when the scan ends.')}` : '';
    const copy = vscode.l10n.t('Copy Image URI');
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showInformationMessage(pushed + scan, copy, showLog);
    if (choice === copy) {
      await vscode.env.clipboard.writeText(result.imageUri);
    } else if (choice === showLog) {
      this.log.show();
    }
  }
}
