/**
 * The one way in to a pull (the tree's "Pull Image", programmatic calls): queued with the pushes, since it
 * logs in to the same docker config folder; a cancellable progress notification with layer counts; every
 * step and docker line in the log; Local Images refreshed when it lands.
 */
import * as vscode from 'vscode';
import type { PullProgress } from '../docker/pullProgress';
import { PULL_STEP_TITLES, type PullPipeline, type PullRequest, type PullResult, type PullStep } from '../push/PullPipeline';
import type { PushError } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { LoginOptions } from '../push/registryLogin';
import type { ErrorNotifier } from './ErrorNotifier';
import type { PushLog } from './PushLog';

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

export class PullController implements vscode.Disposable {
  private readonly pulledEmitter = new vscode.EventEmitter<PullResult>();
  /** Fires after each successful pull (Local Images catches up on it). */
  readonly onDidPull = this.pulledEmitter.event;

  constructor(
    private readonly pipeline: () => PullPipeline,
    private readonly queue: PushQueue,
    private readonly log: PushLog,
    private readonly errors: ErrorNotifier,
    private readonly options: () => LoginOptions,
  ) {}

  /** Queues a pull and follows it in a notification; rejects with the PushError after showing it. */
  async pull(request: PullRequest): Promise<PullResult> {
    const name = `${request.repository}${request.digest ? `@${request.digest.slice(0, 19)}…` : `:${request.tag}`}`;
    const label = `pull ${name}`;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ECR Pull: {0}', name), cancellable: true },
        (progress, token) => {
          const ahead = this.queue.size;
          const job = this.queue.enqueue(label, (signal) => this.runOne(request, label, progress, signal));
          if (ahead > 0) {
            progress.report({
              message:
                ahead > 1 ? vscode.l10n.t('Queued behind {0} pushes or pulls…', ahead) : vscode.l10n.t('Queued behind 1 push or pull…'),
            });
          }
          const subscription = token.onCancellationRequested(() => job.cancel());
          return job.result
            .catch((error: PushError) => {
              if (!job.started) {
                this.log.failure(error, label);
              }
              throw error;
            })
            .finally(() => subscription.dispose());
        },
      );
      this.pulledEmitter.fire(result);
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
      const pullError = error as PushError;
      if (pullError.code === 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('ECR: the pull of {0} was cancelled.', name));
      } else {
        this.errors.notify(pullError, { log: false, what: `pull ${name}`, retry: () => this.pull(request).catch(() => undefined) });
      }
      throw pullError;
    }
  }

  dispose(): void {
    this.pulledEmitter.dispose();
  }

  private async runOne(request: PullRequest, label: string, progress: Progress, signal: AbortSignal): Promise<PullResult> {
    const log = this.log;
    const steps = Object.keys(PULL_STEP_TITLES).length;
    let lastLayerReport = '';
    log.beginPush(label);
    try {
      const result = await this.pipeline().run(
        request,
        this.options(),
        {
          step(step: PullStep, detail: string) {
            const title = PULL_STEP_TITLES[step];
            log.info(`${title}: ${detail}`);
            progress.report({ message: `${title}…`, increment: 100 / steps });
          },
          info: (message) => log.info(message),
          warn: (message) => log.warn(message),
          dockerLine: (line, stream) => log.docker(line, stream),
          secrets: (values) => values.forEach((value) => log.redactor.addSecret(value)),
          layers(layerProgress: PullProgress) {
            const text = `Pulling: ${layerProgress.done}/${layerProgress.total} layers`;
            if (text !== lastLayerReport) {
              lastLayerReport = text;
              progress.report({ message: text });
            }
          },
        },
        signal,
      );
      log.info(`Pulled ${result.localImage}${result.digest ? ` (${result.digest})` : ''}.`);
      return result;
    } catch (error) {
      const pullError = error as PushError;
      log.failure(pullError, label);
      throw pullError;
    }
  }
}
