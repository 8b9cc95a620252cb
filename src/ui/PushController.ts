/**
 * Runs pushes for the UI: queues them, shows a cancellable progress notification per push, writes
 * every step and docker line to the log, and reports the result with the action that helps.
 */
import * as vscode from 'vscode';
import type { PushProgress } from '../docker/pushProgress';
import { PUSH_STEP_TITLES, type PushPipeline, type PushResult, type PushStep } from '../push/PushPipeline';
import type { PushOptions, PushRequest } from '../push/pushRequest';
import { PushError, type PushAction } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { PushLog } from './PushLog';

const ACTION_LABELS: Readonly<Record<PushAction, string>> = {
  setCredentials: 'Set AWS Credentials',
  openAwsConfigDocs: 'Open AWS Config Docs',
  openIamDocs: 'Open ECR Permissions Docs',
  showLog: 'Show Log',
  retry: 'Retry',
  openSettings: 'Open Settings',
  installDocker: 'Get Docker',
  copyImageUri: 'Copy Image URI',
  runSsoLogin: 'Run aws sso login',
};

const LINKS = {
  awsConfig: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html',
  iam: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html',
  docker: 'https://docs.docker.com/get-started/get-docker/',
};

export class PushController {
  private readonly pushedEmitter = new vscode.EventEmitter<PushResult>();
  /** Errors whose outcome line runOne already wrote to the log. */
  private readonly outcomeLogged = new WeakSet<object>();
  /** Fires after each successful push (views refresh on it). */
  readonly onDidPush = this.pushedEmitter.event;

  constructor(
    private readonly pipeline: () => PushPipeline,
    private readonly queue: PushQueue,
    private readonly log: PushLog,
    private readonly options: () => PushOptions,
  ) {}

  /**
   * Queues a push and follows it in a notification. Resolves with the result; rejects with a PushError
   * (after showing it) so programmatic callers get the error too.
   */
  async push(request: PushRequest): Promise<PushResult> {
    const label = `${request.source} → ${request.repository}:${request.tags.join(',')}`;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ECR Push: ${request.repository}:${request.tags[0]}`, cancellable: true },
        (progress, token) => this.runQueued(request, label, progress, token),
      );
      void this.showSuccess(result);
      this.pushedEmitter.fire(result);
      return result;
    } catch (error) {
      const pushError = error instanceof PushError ? error : new PushError('unexpected', String(error), '', ['showLog']);
      if (!this.outcomeLogged.has(error as object)) {
        // A push cancelled while queued never ran, so its outcome was not logged yet.
        this.logOutcome(pushError, label);
      }
      if (pushError.code === 'cancelled') {
        void vscode.window.showInformationMessage(`ECR Push: the push of ${request.repository} was cancelled.`);
      } else {
        void this.showError(pushError, request);
      }
      throw pushError;
    }
  }

  dispose(): void {
    this.pushedEmitter.dispose();
  }

  private logOutcome(error: PushError, label: string): void {
    if (error.code === 'cancelled') {
      this.log.warn(`Cancelled: ${label}.`);
    } else {
      this.log.error(`Failed (${error.code}): ${error.userMessage}`);
    }
  }

  private runQueued(
    request: PushRequest,
    label: string,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<PushResult> {
    const ahead = this.queue.size;
    const job = this.queue.enqueue(label, (signal) => this.runOne(request, label, progress, signal));
    if (ahead > 0) {
      progress.report({ message: `Queued behind ${ahead} push${ahead > 1 ? 'es' : ''}…` });
      this.log.info(`Queued: ${label} (${ahead} ahead).`);
    }
    const subscription = token.onCancellationRequested(() => job.cancel());
    return job.result.finally(() => subscription.dispose());
  }

  private runOne(
    request: PushRequest,
    label: string,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    signal: AbortSignal,
  ): Promise<PushResult> {
    const log = this.log;
    const steps = Object.keys(PUSH_STEP_TITLES).length;
    let lastLayerReport = '';
    log.beginPush(label);
    const run = this.pipeline().run(
      request,
      this.options(),
      {
        step(step: PushStep, detail: string) {
          const title = PUSH_STEP_TITLES[step];
          log.info(`${title}: ${detail}`);
          progress.report({ message: `${title}…`, increment: 100 / steps });
        },
        info: (message) => log.info(message),
        warn: (message) => log.warn(message),
        dockerLine: (line, stream) => log.docker(line, stream),
        layers(tag: string, layerProgress: PushProgress) {
          const text = `Pushing ${tag}: ${layerProgress.done}/${layerProgress.total} layers`;
          if (text !== lastLayerReport) {
            lastLayerReport = text;
            progress.report({ message: text });
          }
        },
      },
      signal,
    );
    // The outcome is logged inside the queued job, so it closes this push's section of the log before
    // the next queued push writes its header (found by reliability case L01).
    return run.then(
      (result) => {
        log.info(`Pushed ${result.imageUris.join(', ')}${result.digest ? ` (${result.digest})` : ''}.`);
        return result;
      },
      (error: unknown) => {
        const pushError = error instanceof PushError ? error : new PushError('unexpected', String(error), '', ['showLog']);
        this.logOutcome(pushError, label);
        this.outcomeLogged.add(pushError);
        throw pushError;
      },
    );
  }

  private async showSuccess(result: PushResult): Promise<void> {
    const digest = result.digest ? ` (${result.digest})` : '';
    const extra = result.imageUris.length > 1 ? ` and ${result.imageUris.length - 1} more tag(s)` : '';
    const choice = await vscode.window.showInformationMessage(
      `Pushed ${result.imageUri}${extra}${digest}`,
      ACTION_LABELS.copyImageUri,
      ACTION_LABELS.showLog,
    );
    if (choice === ACTION_LABELS.copyImageUri) {
      await vscode.env.clipboard.writeText(result.imageUri);
    } else if (choice === ACTION_LABELS.showLog) {
      this.log.show();
    }
  }

  private async showError(error: PushError, request: PushRequest): Promise<void> {
    const actions = error.actions.includes('showLog') ? error.actions : [...error.actions, 'showLog' as const];
    const choice = await vscode.window.showErrorMessage(`ECR Push: ${error.userMessage}`, ...actions.map((a) => ACTION_LABELS[a]));
    const action = actions.find((a) => ACTION_LABELS[a] === choice);
    switch (action) {
      case 'setCredentials':
        await vscode.commands.executeCommand('ecrPush.setCredentials');
        break;
      case 'openAwsConfigDocs':
        await vscode.env.openExternal(vscode.Uri.parse(LINKS.awsConfig));
        break;
      case 'openIamDocs':
        await vscode.env.openExternal(vscode.Uri.parse(LINKS.iam));
        break;
      case 'installDocker':
        await vscode.env.openExternal(vscode.Uri.parse(LINKS.docker));
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'ecrPush');
        break;
      case 'showLog':
        this.log.show();
        break;
      case 'runSsoLogin':
        await vscode.commands.executeCommand('ecrPush.runSsoLogin', error.cause);
        // The push resumes from the start once the login in the terminal is done.
        if (
          (await vscode.window.showInformationMessage('ECR Push: finish the SSO login in the terminal, then retry the push.', 'Retry')) ===
          'Retry'
        ) {
          await this.push(request).catch(() => undefined);
        }
        break;
      case 'retry':
        await this.push(request).catch(() => undefined);
        break;
      default:
        break;
    }
  }
}
