/**
 * The one way in to a push, for every gesture (command palette, Local Images, Push Local Image Here,
 * programmatic calls): queues it, shows a cancellable progress notification, writes every step and
 * docker line to the log, and reports the result with the action that helps.
 */
import * as vscode from 'vscode';
import type { BuildProgress } from '../docker/buildOutput';
import { isMultiPlatform } from '../push/buildRequest';
import { PUSH_STEP_TITLES, type PushObserver, type PushResult, type PushStep } from '../push/pushPorts';
import type { PushOptions, PushRequest } from '../push/pushRequest';
import type { LogTap } from './PushLog';
import { layerReporter, QueuedJobController, type Progress } from './QueuedJobController';

/** How a caller follows one push besides the notification and the log. */
export interface PushFollow {
  /** Every line this push writes to the log, as written (a task's terminal shows them). */
  readonly echo?: LogTap;
  /** Cancels this push as the notification's Cancel does (a task's terminal closed). */
  readonly cancel?: vscode.CancellationToken;
}

export class PushController extends QueuedJobController<PushRequest, PushOptions, PushObserver, PushResult> {
  /** Fires after each successful push (views and the status bar catch up on it). */
  readonly onDidPush = this.succeeded.event;

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
        (progress, token) =>
          // A build runs inside its push's queue slot: two build-and-push gestures never interleave their
          // builds, pushes or log sections, and Cancel All Pushes stops a build as well.
          this.runQueued(
            label,
            [token, follow.cancel],
            (signal) => this.runOne(request, label, progress, signal, follow),
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
        retry: () => this.push(request, follow).catch(() => undefined),
      });
    }
  }

  /**
   * One push inside the queue. A cancelled push names itself in the log; a failed one is named by its
   * error. A build gets its own section of the log; the push that follows opens the usual one.
   */
  private async runOne(
    request: PushRequest,
    label: string,
    progress: Progress,
    signal: AbortSignal,
    follow: PushFollow,
  ): Promise<PushResult> {
    const echo = follow.echo && this.log.tap(follow.echo);
    const reportLayers = layerReporter(progress);
    const reportBuild = layerReporter(progress);
    const steps = this.stepObserver<PushStep>(progress, PUSH_STEP_TITLES, stepsOf(request));
    let inBuildSection = request.build !== undefined;
    const observer: PushObserver = {
      ...steps,
      step: (step, detail) => {
        if (inBuildSection && step !== 'build') {
          inBuildSection = false;
          this.log.beginPush(label);
        }
        steps.step(step, detail);
      },
      layers: (tag, layerProgress) =>
        reportLayers(vscode.l10n.t('Pushing {0}: {1}/{2} layers', tag, layerProgress.done, layerProgress.total)),
      buildProgress: (buildProgress) => reportBuild(buildStepText(buildProgress)),
    };
    try {
      return await this.runLogged(
        request,
        request.build ? `Build ${describeBuild(request)}` : label,
        observer,
        signal,
        (result) => `Pushed ${result.imageUris.join(', ')}${result.digest ? ` (${result.digest})` : ''}.`,
        (error) => (error.code === 'cancelled' ? label : undefined),
      );
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
