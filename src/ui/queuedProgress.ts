/**
 * What a push and a pull show alike while they run: their place in the shared queue, cancellation from
 * the progress notification, each step and docker line in the log, and layer counts in the notification.
 */
import type * as vscode from 'vscode';
import type { PushError } from '../push/pushErrors';
import type { PushQueue } from '../push/PushQueue';
import type { PushLog } from './PushLog';

export type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Queues a job behind the pushes and pulls ahead of it (`whenQueued` tells the user how many), and cancels
 * it when the notification's token is cancelled. Settles with the job; rejects with its PushError.
 */
export function runQueued<T>(
  queue: PushQueue,
  log: PushLog,
  label: string,
  token: vscode.CancellationToken,
  run: (signal: AbortSignal) => Promise<T>,
  whenQueued: (ahead: number) => void,
): Promise<T> {
  const ahead = queue.size;
  const job = queue.enqueue(label, run);
  if (ahead > 0) {
    whenQueued(ahead);
  }
  const subscription = token.onCancellationRequested(() => job.cancel());
  return job.result
    .catch((error: PushError) => {
      if (!job.started) {
        // Cancelled while queued: it never ran, so the job did not log its outcome.
        log.failure(error, label);
      }
      throw error;
    })
    .finally(() => subscription.dispose());
}

/** The observer parts a push and a pull share: every step moves the notification on by an even share. */
export function stepObserver<Step extends string>(log: PushLog, progress: Progress, titles: Readonly<Record<Step, string>>) {
  const steps = Object.keys(titles).length;
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

/** Shows layer counts in the notification, skipping a text that is the same as the last one. */
export function layerReporter(progress: Progress): (text: string) => void {
  let lastLayerReport = '';
  return (text) => {
    if (text !== lastLayerReport) {
      lastLayerReport = text;
      progress.report({ message: text });
    }
  };
}
