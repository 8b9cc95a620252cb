/**
 * The one way in to a push, for every gesture (command palette, Local Images, Push Local Image Here,
 * programmatic calls): queues it, shows a cancellable progress notification, writes every step and
 * docker line to the log, and reports the result with the action that helps.
 */
import * as vscode from 'vscode';
import type { PushProgress } from '../docker/pushProgress';
import type { PushPipeline } from '../push/PushPipeline';
import { PUSH_STEP_TITLES, type PushResult, type PushStep } from '../push/pushPorts';
import type { PushOptions, PushRequest } from '../push/pushRequest';
import type { PushError } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { ErrorNotifier } from './ErrorNotifier';
import type { PushLog } from './PushLog';
import { layerReporter, runQueued, stepObserver, type Progress } from './queuedProgress';

export class PushController implements vscode.Disposable {
  private readonly pushedEmitter = new vscode.EventEmitter<PushResult>();
  /** Fires after each successful push (views and the status bar catch up on it). */
  readonly onDidPush = this.pushedEmitter.event;

  constructor(
    private readonly pipeline: () => PushPipeline,
    private readonly queue: PushQueue,
    private readonly log: PushLog,
    private readonly errors: ErrorNotifier,
    private readonly options: () => PushOptions,
  ) {}

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
        (progress, token) => this.runQueued(request, label, progress, token),
      );
      void this.showSuccess(result);
      this.pushedEmitter.fire(result);
      return result;
    } catch (error) {
      // The pipeline and the queue reject only with PushErrors, and the outcome is already in the log.
      const pushError = error as PushError;
      if (pushError.code === 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('ECR Push: the push of {0} was cancelled.', request.repository));
      } else {
        this.errors.notify(pushError, { log: false, retry: () => this.push(request).catch(() => undefined) });
      }
      throw pushError;
    }
  }

  dispose(): void {
    this.pushedEmitter.dispose();
  }

  private runQueued(request: PushRequest, label: string, progress: Progress, token: vscode.CancellationToken): Promise<PushResult> {
    return runQueued(
      this.queue,
      this.log,
      label,
      token,
      (signal) => this.runOne(request, label, progress, signal),
      (ahead) => {
        progress.report({
          message: ahead > 1 ? vscode.l10n.t('Queued behind {0} pushes…', ahead) : vscode.l10n.t('Queued behind 1 push…'),
        });
        this.log.info(`Queued: ${label} (${ahead} ahead).`);
      },
    );
  }

  /**
   * Runs one push inside the queue. Its outcome is logged here, before the queue starts the next push,
   * so each push's lines stay together in the log.
   */
  private async runOne(request: PushRequest, label: string, progress: Progress, signal: AbortSignal): Promise<PushResult> {
    const log = this.log;
    const reportLayers = layerReporter(progress);
    log.beginPush(label);
    try {
      const result = await this.pipeline().run(
        request,
        this.options(),
        {
          ...stepObserver<PushStep>(log, progress, PUSH_STEP_TITLES),
          layers: (tag: string, layerProgress: PushProgress) =>
            reportLayers(vscode.l10n.t('Pushing {0}: {1}/{2} layers', tag, layerProgress.done, layerProgress.total)),
        },
        signal,
      );
      log.info(`Pushed ${result.imageUris.join(', ')}${result.digest ? ` (${result.digest})` : ''}.`);
      return result;
    } catch (error) {
      const pushError = error as PushError;
      log.failure(pushError, pushError.code === 'cancelled' ? label : undefined);
      throw pushError;
    }
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
