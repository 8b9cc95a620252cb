import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** A running tail of a growing text file. */
export interface FileTail {
  /** Reads what is left, prints the last partial line, and stops. */
  stop(): void;
}

/**
 * Follows `file` (which may not exist yet), calling `onLine` for each complete line as it is
 * appended — `tail -F` for one writer that only appends. Polls, since the writer is another
 * process on the same machine and fs.watch is unreliable across file systems.
 */
export function tailFile(file: string, onLine: (line: string) => void, intervalMs = 100): FileTail {
  let offset = 0;
  let partial = '';
  // A read may end inside a multi-byte character; the decoder holds it for the next read.
  const decoder = new StringDecoder('utf8');
  const read = (): void => {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const bytes = fs.readSync(fd, buffer, 0, buffer.length, offset);
        if (bytes <= 0) break;
        offset += bytes;
        const lines = (partial + decoder.write(buffer.subarray(0, bytes))).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(read, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      if (partial) onLine(partial);
      partial = '';
    },
  };
}
