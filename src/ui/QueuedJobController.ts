/**
 * What the push and the pull controllers share: both run their pipeline in the one queue (they log in to
 * the same docker config folder), cancellable from a progress notification, with every step and docker
 * line in the log and layer counts in the notification.
 */
import * as vscode from 'vscode';
import type { PushError } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { ErrorNotifier, NotifyOptions } from './ErrorNotifier';
import type { PushLog } from './PushLog';

export type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/** A pipeline as the controllers run it: one request, with options from settings, told to an observer. */
export interface JobPipeline<Request, Options, Observer, Result> {
  run(request: Request, options: Options, observer: Observer, signal?: AbortSignal): Promise<Result>;
}

export abstract class QueuedJobController<Request, Options, Observer, Result> implements vscode.Disposable {
  /** Fires with each successful job's result. */
  protected readonly succeeded = new vscode.EventEmitter<Result>();

  constructor(
    protected readonly pipeline: () => JobPipeline<Request, Options, Observer, Result>,
    protected readonly queue: PushQueue,
    protected readonly log: PushLog,
    protected readonly errors: ErrorNotifier,
    protected readonly options: () => Options,
  ) {}

  dispose(): void {
    this.succeeded.dispose();
  }

  /**
   * Shows how a job that already logged its outcome ended: a cancel as a plain notice, any other error
   * through the error explainer. Throws the error again, so programmatic callers get it too.
   */
  protected failed(error: unknown, cancelledMessage: string, notify: NotifyOptions): never {
    // The pipeline and the queue reject only with PushErrors, and the outcome is already in the log.
    const jobError = error as PushError;
    if (jobError.code === 'cancelled') {
      void vscode.window.showInformationMessage(cancelledMessage);
    } else {
      this.errors.notify(jobError, notify);
    }
    throw jobError;
  }

  /**
   * Queues a job behind the pushes and pulls ahead of it (`whenQueued` tells the user how many), and
   * cancels it when any of the tokens is cancelled (the notification's, a task terminal's). Settles with
   * the job; rejects with its PushError.
   */
  protected runQueued<T>(
    label: string,
    tokens: readonly (vscode.CancellationToken | undefined)[],
    run: (signal: AbortSignal) => Promise<T>,
    whenQueued: (ahead: number) => void,
  ): Promise<T> {
    const ahead = this.queue.size;
    const job = this.queue.enqueue(label, run);
    if (ahead > 0) {
      whenQueued(ahead);
    }
    const subscriptions = tokens.map((token) => token?.onCancellationRequested(() => job.cancel()));
    return job.result
      .catch((error: PushError) => {
        if (!job.started) {
          // Cancelled while queued: it never ran, so runLogged did not log its outcome.
          this.log.failure(error, label);
        }
        throw error;
      })
      .finally(() => subscriptions.forEach((subscription) => subscription?.dispose()));
  }

  /**
   * Runs one job inside the queue. Its outcome is logged here, before the queue starts the next job,
   * so each job's lines stay together in the log.
   */
  protected async runLogged(
    request: Request,
    label: string,
    observer: Observer,
    signal: AbortSignal,
    succeeded: (result: Result) => string,
    failureSubject: (error: PushError) => string | undefined,
  ): Promise<Result> {
    this.log.beginPush(label);
    try {
      const result = await this.pipeline().run(request, this.options(), observer, signal);
      this.log.info(succeeded(result));
      return result;
    } catch (error) {
      const jobError = error as PushError;
      this.log.failure(jobError, failureSubject(jobError));
      throw jobError;
    }
  }

  /**
   * The observer parts a push and a pull share: every step moves the notification on by an even share
   * of `steps` (all the titled steps unless the job runs fewer of them).
   */
  protected stepObserver<Step extends string>(
    progress: Progress,
    titles: Readonly<Record<Step, string>>,
    steps = Object.keys(titles).length,
  ) {
    const log = this.log;
    return {
      step(step: Step, detail: string) {
        const title = titles[step];
        log.info(`${title}: ${detail}`);
        progress.report({ message: `${title}…`, increment: 100 / steps });
      },
      info: (message: string) => log.info(message),
      warn: (message: string) => log.warn(message),
      dockerLine: (line: string, stream: 'stdout' | 'stderr') => log.docker(line, stream),
      secrets: (values: readonly (string | undefined)[]) => values.forEach((value) => log.redactor.addSecret(value)),
    };
  }
}

/** Shows layer counts (or build steps) in the notification, skipping a text that is the same as the last one. */
export function layerReporter(progress: Progress): (text: string) => void {
  let lastLayerReport = '';
  return (text) => {
    if (text !== lastLayerReport) {
      lastLayerReport = text;
      progress.report({ message: text });
    }
  };
}
