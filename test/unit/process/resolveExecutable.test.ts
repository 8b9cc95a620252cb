import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExecutableNotFoundError } from '../../../src/process/processErrors';
import { resolveExecutable } from '../../../src/process/resolveExecutable';

describe('resolveExecutable', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-'));
    for (const sub of ['a', 'b', 'c']) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(path.join(dir, 'a', 'mydocker'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
    fs.writeFileSync(path.join(dir, 'b', 'mydocker'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'c', 'dirdocker'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ PATH: [path.join(dir, 'a'), path.join(dir, 'b'), path.join(dir, 'c')].join(path.delimiter) });

  it('finds the first executable match on PATH, skipping a non-executable one', () => {
    assert.strictEqual(resolveExecutable('mydocker', [], env()), path.join(dir, 'b', 'mydocker'));
  });

  it('accepts an absolute path to an executable', () => {
    const file = path.join(dir, 'b', 'mydocker');
    assert.strictEqual(resolveExecutable(file, [], {}), file);
  });

  it('reports a name on PATH that is only a directory as a directory', () => {
    assert.throws(
      () => resolveExecutable('dirdocker', ['x'], env()),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError &&
        err.problem === 'isDirectory' &&
        err.path === path.join(dir, 'c', 'dirdocker') &&
        err.args[0] === 'x',
    );
  });

  it('reports an absolute path without execute permission as not executable', () => {
    assert.throws(
      () => resolveExecutable(path.join(dir, 'a', 'mydocker'), [], {}),
      (err: unknown) => err instanceof ExecutableNotFoundError && err.problem === 'notExecutable' && /not executable/.test(err.message),
    );
  });

  it('reports a name found nowhere as not found on PATH', () => {
    assert.throws(
      () => resolveExecutable('docker', [], { PATH: path.join(dir, 'a') }),
      (err: unknown) =>
        err instanceof ExecutableNotFoundError && err.problem === 'notFound' && /'docker'.*not found on PATH/.test(err.message),
    );
  });

  it('rejects an empty command', () => {
    assert.throws(() => resolveExecutable('  ', [], env()), ExecutableNotFoundError);
  });
});
