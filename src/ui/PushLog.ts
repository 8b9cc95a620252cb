/**
 * The "ECR Push" log: a LogOutputChannel that every line passes to through the redactor.
 */
import * as vscode from 'vscode';
import { Redactor } from '../process/redaction';
import type { PushError } from '../push/pushErrors';

/** Lines kept per push for docker's own output before it is summarised, so a huge push cannot flood the log. */
const MAX_DOCKER_LINES_PER_PUSH = 5_000;

export type LogLevel = 'info' | 'warn' | 'error';
/** Receives every line the log writes, as written (redacted): a task's terminal shows the same lines. */
export type LogTap = (level: LogLevel, text: string) => void;

export class PushLog implements vscode.Disposable {
  readonly redactor = new Redactor();
  private dockerLines = 0;
  private created: vscode.LogOutputChannel | undefined;
  private readonly taps = new Set<LogTap>();

  constructor(private readonly name = 'ECR Push') {}

  /** Made on the first line or Show Log rather than at activation: VS Code opens a log file for each channel. */
  private get channel(): vscode.LogOutputChannel {
    return (this.created ??= vscode.window.createOutputChannel(this.name, { log: true }));
  }

  info(message: string): void {
    this.write('info', this.redactor.redact(message));
  }

  warn(message: string): void {
    this.write('warn', this.redactor.redact(message));
  }

  error(message: string): void {
    this.write('error', this.redactor.redact(message));
  }

  /** Also hands every line written from now on to `tap`, until the returned disposable is disposed. */
  tap(tap: LogTap): vscode.Disposable {
    this.taps.add(tap);
    return new vscode.Disposable(() => this.taps.delete(tap));
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
      this.write('warn', '(docker output beyond this point is not logged for this push)');
    }
    if (this.dockerLines >= MAX_DOCKER_LINES_PER_PUSH) {
      return;
    }
    this.write(stream === 'stderr' ? 'warn' : 'info', `docker: ${this.redactor.redact(line)}`);
  }

  /** Starts a new push's (or build's) section in the log. */
  beginPush(title: string): void {
    this.dockerLines = 0;
    this.write('info', `──── ${this.redactor.redact(title)} ────`);
  }

  private write(level: LogLevel, text: string): void {
    this.channel[level](text);
    for (const tap of this.taps) {
      try {
        tap(level, text);
      } catch {
        // A closed terminal must not break the log.
      }
    }
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.created?.dispose();
  }
}
