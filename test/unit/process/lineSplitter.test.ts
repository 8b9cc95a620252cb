import * as assert from 'assert';
import { LineSplitter } from '../../../src/process/lineSplitter';

function split(chunks: string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l));
  for (const chunk of chunks) {
    splitter.push(chunk);
  }
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins a line split across chunks', () => {
    assert.deepStrictEqual(split(['ab', 'c\nde', 'f\n']), ['abc', 'def']);
  });

  it('treats \\r\\n as one break even when the chunk boundary falls between them', () => {
    assert.deepStrictEqual(split(['one\r', '\ntwo\r\n']), ['one', 'two']);
  });

  it('emits each \\r progress rewrite as a line and drops empty redraws', () => {
    assert.deepStrictEqual(split(['10%\r20%\r\r', '30%\ndone\n']), ['10%', '20%', '30%', 'done']);
  });

  it('keeps empty lines made by \\n\\n', () => {
    assert.deepStrictEqual(split(['\nWARNING!\n\nend\n']), ['', 'WARNING!', '', 'end']);
  });

  it('delivers a last line that has no newline on end()', () => {
    assert.deepStrictEqual(split(['a\nb']), ['a', 'b']);
  });

  it('emits nothing for no input', () => {
    assert.deepStrictEqual(split([]), []);
  });
});
