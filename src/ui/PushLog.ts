/**
 * The "ECR Push" log: a LogOutputChannel that every line passes to through the redactor.
 */
import * as vscode from 'vscode';
import { Redactor } from '../process/redaction';
import type { PushError } from '../push/pushErrors';

/** Lines kept per push for docker's own output before it is summarised, so a huge push cannot flood the log. */
const MAX_DOCKER_LINES_PER_PUSH = 5_000;

export class PushLog implements vscode.Disposable {
  readonly redactor = new Redactor();
  private dockerLines = 0;
  private created: vscode.LogOutputChannel | undefined;

  constructor(private readonly name = 'ECR Push') {}

  /** Made on the first line or Show Log rather than at activation: VS Code opens a log file for each channel. */
  private get channel(): vscode.LogOutputChannel {
    return (this.created ??= vscode.window.createOutputChannel(this.name, { log: true }));
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }

  /** The outcome of something that failed, as the explainer put it (`subject` says what); cancellations are warnings. */
  failure(error: PushError, subject?: string): void {
    if (error.code === 'cancelled') {
      this.warn(`Cancelled${subject ? `: ${subject}` : ''}.`);
    } else {
      this.error(`${subject ? `${subject}: ` : ''}failed (${error.code}): ${error.userMessage}`);
    }
  }

  /** A line docker printed; stderr lines are warnings unless they are docker's usual progress chatter. */
  docker(line: string, stream: 'stdout' | 'stderr'): void {
    this.dockerLines++;
    if (this.dockerLines === MAX_DOCKER_LINES_PER_PUSH) {
      this.channel.warn('(docker output beyond this point is not logged for this push)');
    }
    if (this.dockerLines >= MAX_DOCKER_LINES_PER_PUSH) {
      return;
    }
    const text = `docker: ${this.redactor.redact(line)}`;
    if (stream === 'stderr') {
      this.channel.warn(text);
    } else {
      this.channel.info(text);
    }
  }

  /** Starts a new push's section in the log. */
  beginPush(title: string): void {
    this.dockerLines = 0;
    this.channel.info(`──── ${this.redactor.redact(title)} ────`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.created?.dispose();
  }
}
