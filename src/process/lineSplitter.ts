/**
 * Splits a stream of text chunks into lines. `\n` and `\r\n` end a line; a lone `\r` (a progress
 * rewrite, as CLIs print when they redraw a line) ends one too, so every state reaches the log.
 * Chunk boundaries may fall anywhere, including between `\r` and `\n`.
 */
export class LineSplitter {
  private partial = '';
  private pendingCarriageReturn = false;

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds decoded text; emits every line completed by it. */
  push(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) {
        if (this.pendingCarriageReturn) {
          // The \r before this \n already ended the line: \r\n is one break.
          this.pendingCarriageReturn = false;
          start = i + 1;
          continue;
        }
        this.emit(text.slice(start, i));
        start = i + 1;
      } else if (ch === 13 /* \r */) {
        this.emit(text.slice(start, i), true);
        this.pendingCarriageReturn = true;
        start = i + 1;
      } else {
        this.pendingCarriageReturn = false;
      }
    }
    if (start < text.length) {
      this.partial += text.slice(start);
    }
  }

  /** Emits what is left after the last line break (a last line without a newline). */
  end(): void {
    if (this.partial.length > 0) {
      const line = this.partial;
      this.partial = '';
      this.onLine(line);
    }
    this.pendingCarriageReturn = false;
  }

  private emit(tail: string, fromCarriageReturn = false): void {
    const line = this.partial + tail;
    this.partial = '';
    // Consecutive \r (redraws of nothing) carry no information.
    if (fromCarriageReturn && line.length === 0) {
      return;
    }
    this.onLine(line);
  }
}
