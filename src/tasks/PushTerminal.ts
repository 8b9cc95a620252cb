/**
 * The terminal of an `ecr-push` task: it shows the same lines as the ECR Push log while the push (and its
 * build) runs, and closes with exit code 0 on success and non-zero on failure, so `dependsOn` chains and
 * `preLaunchTask` stop on a failed push. Closing the terminal (or Terminate Task) cancels the push.
 */
import * as vscode from 'vscode';
import { explainError } from '../push/explainError';
import type { PushResult } from '../push/pushPorts';
import type { PushFollow } from '../ui/PushController';
import type { LogLevel } from '../ui/PushLog';

/** Exit codes: 0 pushed; 1 failed; 2 the task definition was invalid (nothing ran); 130 cancelled (as after Ctrl-C). */
export const TASK_EXIT = { pushed: 0, failed: 1, invalid: 2, cancelled: 130 } as const;

/** Runs the push; `follow` goes to the controller. Rejects before the push starts with an 'invalidInput' error. */
export type TaskRun = (follow: PushFollow) => Promise<PushResult>;

const COLOURS: Readonly<Record<LogLevel, [string, string]>> = {
  info: ['', ''],
  warn: ['\x1b[33m', '\x1b[0m'],
  error: ['\x1b[31m', '\x1b[0m'],
};

export class PushTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  private readonly cancellation = new vscode.CancellationTokenSource();
  private started = false;
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;

  constructor(
    private readonly title: string,
    private readonly run: TaskRun,
  ) {}

  open(): void {
    void this.start();
  }

  close(): void {
    this.cancellation.cancel();
  }

  private async start(): Promise<void> {
    this.line('info', vscode.l10n.t('ECR Push task: {0}', this.title));
    try {
      const result = await this.run({
        echo: (level, text) => {
          this.started = true;
          this.line(level, text);
        },
        cancel: this.cancellation.token,
      });
      this.line(
        'info',
        result.digest
          ? vscode.l10n.t('Done: {0} ({1})', result.imageUris.join(', '), result.digest)
          : vscode.l10n.t('Done: {0}', result.imageUris.join(', ')),
      );
      this.finish(TASK_EXIT.pushed);
    } catch (error) {
      const explained = explainError(error);
      if (!this.started) {
        // Rejected before the push began (an invalid definition, no region): the log had no section to echo.
        this.line('error', `${explained.userMessage}`);
      }
      const code = explained.code === 'cancelled' ? TASK_EXIT.cancelled : this.started ? TASK_EXIT.failed : TASK_EXIT.invalid;
      this.line(
        code === TASK_EXIT.cancelled ? 'warn' : 'error',
        vscode.l10n.t('The task ended with exit code {0} ({1}).', code, explained.code),
      );
      this.finish(code);
    }
  }

  /** One log line in the terminal: CRLF line endings (a terminal needs the carriage return), warnings and errors coloured. */
  private line(level: LogLevel, text: string): void {
    const [start, end] = COLOURS[level];
    this.written.fire(`${start}${text.replace(/\r?\n/g, '\r\n')}${end}\r\n`);
  }

  private finish(code: number): void {
    this.closed.fire(code);
    this.cancellation.dispose();
  }
}
