/**
 * The one way in to a push, for every gesture (command palette, Local Images, Push Local Image Here,
 * programmatic calls): queues it, shows a cancellable progress notification, writes every step and
 * docker line to the log, and reports the result with the action that helps.
 */
import * as vscode from 'vscode';
import type { BuildProgress } from '../docker/buildOutput';
import type { PushProgress } from '../docker/pushProgress';
import { isMultiPlatform } from '../push/buildRequest';
import type { PushPipeline } from '../push/PushPipeline';
import { PUSH_STEP_TITLES, type PushResult, type PushStep } from '../push/pushPorts';
import type { PushOptions, PushRequest } from '../push/pushRequest';
import type { PushError } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { ErrorNotifier } from './ErrorNotifier';
import type { LogTap, PushLog } from './PushLog';

/** How a caller follows one push besides the notification and the log. */
export interface PushFollow {
  /** Every line this push writes to the log, as written (a task's terminal shows them). */
  readonly echo?: LogTap;
  /** Cancels this push as the notification's Cancel does (a task's terminal closed). */
  readonly cancel?: vscode.CancellationToken;
}

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

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
  async push(request: PushRequest, follow: PushFollow = {}): Promise<PushResult> {
    const what = request.build ? request.build.dockerfile : request.source;
    const label = `${what} → ${request.repository}:${request.tags.join(',')}`;
    const target = `${request.repository}:${request.tags[0]}`;
    const title = request.build ? vscode.l10n.t('ECR Build and Push: {0}', target) : vscode.l10n.t('ECR Push: {0}', target);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => this.runQueued(request, label, progress, token, follow),
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
        this.errors.notify(pushError, { log: false, retry: () => this.push(request, follow).catch(() => undefined) });
      }
      throw pushError;
    }
  }

  dispose(): void {
    this.pushedEmitter.dispose();
  }

  private runQueued(
    request: PushRequest,
    label: string,
    progress: Progress,
    token: vscode.CancellationToken,
    follow: PushFollow,
  ): Promise<PushResult> {
    const ahead = this.queue.size;
    // A build runs inside its push's queue slot: two build-and-push gestures never interleave their
    // builds, pushes or log sections, and Cancel All Pushes stops a build as well.
    const job = this.queue.enqueue(label, (signal) => this.runOne(request, label, progress, signal, follow));
    if (ahead > 0) {
      progress.report({ message: ahead > 1 ? vscode.l10n.t('Queued behind {0} pushes…', ahead) : vscode.l10n.t('Queued behind 1 push…') });
      this.log.info(`Queued: ${label} (${ahead} ahead).`);
    }
    const subscriptions = [token, follow.cancel].map((cancel) => cancel?.onCancellationRequested(() => job.cancel()));
    return job.result
      .catch((error: PushError) => {
        if (!job.started) {
          // Cancelled while queued: it never ran, so runOne did not log its outcome.
          this.log.failure(error, label);
        }
        throw error;
      })
      .finally(() => subscriptions.forEach((subscription) => subscription?.dispose()));
  }

  /**
   * Runs one push inside the queue. Its outcome is logged here, before the queue starts the next push,
   * so each push's lines stay together in the log.
   */
  private async runOne(
    request: PushRequest,
    label: string,
    progress: Progress,
    signal: AbortSignal,
    follow: PushFollow,
  ): Promise<PushResult> {
    const log = this.log;
    const echo = follow.echo && log.tap(follow.echo);
    const steps = stepsOf(request);
    let lastLayerReport = '';
    let lastBuildReport = '';
    // A build gets its own section of the log; the push that follows opens the usual one.
    let inBuildSection = request.build !== undefined;
    log.beginPush(request.build ? `Build ${describeBuild(request)}` : label);
    try {
      const result = await this.pipeline().run(
        request,
        this.options(),
        {
          step(step: PushStep, detail: string) {
            if (inBuildSection && step !== 'build') {
              inBuildSection = false;
              log.beginPush(label);
            }
            const title = PUSH_STEP_TITLES[step];
            log.info(`${title}: ${detail}`);
            progress.report({ message: `${title}…`, increment: 100 / steps });
          },
          info: (message) => log.info(message),
          warn: (message) => log.warn(message),
          dockerLine: (line, stream) => log.docker(line, stream),
          secrets: (values) => values.forEach((value) => log.redactor.addSecret(value)),
          layers(tag: string, layerProgress: PushProgress) {
            const text = vscode.l10n.t('Pushing {0}: {1}/{2} layers', tag, layerProgress.done, layerProgress.total);
            if (text !== lastLayerReport) {
              lastLayerReport = text;
              progress.report({ message: text });
            }
          },
          buildProgress(buildProgress: BuildProgress) {
            const text = buildStepText(buildProgress);
            if (text !== lastBuildReport) {
              lastBuildReport = text;
              progress.report({ message: text });
            }
          },
        },
        signal,
      );
      log.info(`Pushed ${result.imageUris.join(', ')}${result.digest ? ` (${result.digest})` : ''}.`);
      return result;
    } catch (error) {
      const pushError = error as PushError;
      log.failure(pushError, pushError.code === 'cancelled' ? label : undefined);
      throw pushError;
    } finally {
      echo?.dispose();
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

/** How many steps the notification's bar is split into for this request. */
function stepsOf(request: PushRequest): number {
  const all = Object.keys(PUSH_STEP_TITLES).length;
  if (!request.build) {
    return all - 1;
  }
  // buildx pushes itself: no checkImage, no tag.
  return isMultiPlatform(request.build) ? all - 2 : all;
}

function describeBuild(request: PushRequest): string {
  const build = request.build!;
  const platforms = build.platforms?.length ? ` for ${build.platforms.join(', ')}` : '';
  return `${build.dockerfile}${platforms} → ${request.source}`;
}

/** "Building: step 3/7 COPY hello.txt /hello.txt", short enough for a notification. */
function buildStepText(progress: BuildProgress): string {
  const stage = progress.stage ? `[${progress.stage}] ` : '';
  const instruction = progress.instruction.length > 60 ? `${progress.instruction.slice(0, 57)}…` : progress.instruction;
  return vscode.l10n.t('Building: step {0}/{1} {2}{3}', progress.step, progress.total, stage, instruction);
}
