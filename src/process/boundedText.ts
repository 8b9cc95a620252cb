/** Accumulates text but keeps only the last `limit` characters, so a chatty child cannot exhaust memory. */
export class BoundedText {
  private chunks: string[] = [];
  private length = 0;
  private truncated = false;

  constructor(private readonly limit: number) {}

  append(text: string): void {
    if (text.length === 0) {
      return;
    }
    this.chunks.push(text);
    this.length += text.length;
    // Compact lazily: only when twice over the limit, so appends stay amortised O(1).
    if (this.length > this.limit * 2) {
      this.compact();
    }
  }

  /** True when older text was dropped. */
  get wasTruncated(): boolean {
    return this.truncated || this.length > this.limit;
  }

  toString(): string {
    this.compact();
    return this.chunks.join('');
  }

  private compact(): void {
    let text = this.chunks.join('');
    if (text.length > this.limit) {
      text = text.slice(text.length - this.limit);
      this.truncated = true;
    }
    this.chunks = [text];
    this.length = text.length;
  }
}
