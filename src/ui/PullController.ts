/**
 * The one way in to a pull (the tree's "Pull Image", programmatic calls): queued with the pushes, since it
 * logs in to the same docker config folder; a cancellable progress notification with layer counts; every
 * step and docker line in the log; Local Images refreshed when it lands.
 */
import * as vscode from 'vscode';
import { PULL_STEP_TITLES, type PullObserver, type PullRequest, type PullResult, type PullStep } from '../push/PullPipeline';
import type { LoginOptions } from '../push/registryLogin';
import { layerReporter, QueuedJobController, type Progress } from './QueuedJobController';

export class PullController extends QueuedJobController<PullRequest, LoginOptions, PullObserver, PullResult> {
  /** Fires after each successful pull (Local Images catches up on it). */
  readonly onDidPull = this.succeeded.event;

  /** Queues a pull and follows it in a notification; rejects with the PushError after showing it. */
  async pull(request: PullRequest): Promise<PullResult> {
    const name = `${request.repository}${request.digest ? `@${request.digest.slice(0, 19)}…` : `:${request.tag}`}`;
    const label = `pull ${name}`;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ECR Pull: {0}', name), cancellable: true },
        (progress, token) =>
          this.runQueued(
            label,
            [token],
            (signal) => this.runOne(request, label, progress, signal),
            (ahead) =>
              progress.report({
                message:
                  ahead > 1 ? vscode.l10n.t('Queued behind {0} pushes or pulls…', ahead) : vscode.l10n.t('Queued behind 1 push or pull…'),
              }),
          ),
      );
      this.succeeded.fire(result);
      const digest = result.digest ? ` (${result.digest})` : '';
      const copy = vscode.l10n.t('Copy Image Reference');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window
        .showInformationMessage(
          (result.upToDate
            ? vscode.l10n.t('Already up to date: {0}', result.localImage)
            : vscode.l10n.t('Pulled: {0}', result.localImage)) + digest,
          copy,
          showLog,
        )
        .then((choice) => {
          if (choice === copy) void vscode.env.clipboard.writeText(result.localImage);
          else if (choice === showLog) this.log.show();
        });
      return result;
    } catch (error) {
      return this.failed(error, vscode.l10n.t('ECR: the pull of {0} was cancelled.', name), {
        log: false,
        what: `pull ${name}`,
        retry: () => this.pull(request).catch(() => undefined),
      });
    }
  }

  /** One pull inside the queue; a failed or cancelled one is named in the log by its label. */
  private runOne(request: PullRequest, label: string, progress: Progress, signal: AbortSignal): Promise<PullResult> {
    const reportLayers = layerReporter(progress);
    const observer: PullObserver = {
      ...this.stepObserver<PullStep>(progress, PULL_STEP_TITLES),
      layers: (layerProgress) => reportLayers(`Pulling: ${layerProgress.done}/${layerProgress.total} layers`),
    };
    return this.runLogged(
      request,
      label,
      observer,
      signal,
      (result) => `Pulled ${result.localImage}${result.digest ? ` (${result.digest})` : ''}.`,
      () => label,
    );
  }
}
