import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Each load runs in a new Node process, as each start of VS Code does: a code cache is only worth anything
 * to a V8 that has not compiled the bundle yet.
 */
const CODE_CACHE_MODULE = path.join(__dirname, '..', '..', 'src', 'codeCache.js');

interface LoadOutcome {
  status: string;
  answer: number;
  dirname: string;
}

function loadInNewProcess(bundle: string): LoadOutcome {
  const script = `
    const { loadWithCodeCache } = require(${JSON.stringify(CODE_CACHE_MODULE)});
    const loaded = loadWithCodeCache(${JSON.stringify(bundle)});
    loaded.writeCache();
    process.stdout.write(JSON.stringify({ status: loaded.status, ...loaded.exports }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as LoadOutcome;
}

function cacheFiles(folder: string): string[] {
  return fs.readdirSync(folder).filter((name) => name.endsWith('.v8cache'));
}

describe('loading the bundle through V8’s code cache', () => {
  let folder: string;
  let bundle: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-code-cache-'));
    bundle = path.join(folder, 'main.js');
    // A CommonJS bundle as esbuild writes it: it requires a file beside it and reads __dirname.
    fs.writeFileSync(path.join(folder, 'dependency.js'), 'exports.value = 41;');
    fs.writeFileSync(bundle, `'use strict'; exports.answer = require('./dependency.js').value + 1; exports.dirname = __dirname;`);
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('compiles from source on the first start, writes the cache, and the next start reads it', () => {
    const first = loadInNewProcess(bundle);
    assert.deepEqual(first, { status: 'absent', answer: 42, dirname: folder });
    assert.equal(cacheFiles(folder).length, 1, 'one cache file beside the bundle');

    const second = loadInNewProcess(bundle);
    assert.deepEqual(second, { status: 'used', answer: 42, dirname: folder });
  });

  it('a rebuilt bundle of the same length never runs the old cache', () => {
    loadInNewProcess(bundle);
    const [oldCache] = cacheFiles(folder);
    // Same length, different code: V8's own check (the source length) would take the stale cache.
    fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('+ 1', '+ 2'));

    const rebuilt = loadInNewProcess(bundle);
    assert.deepEqual(rebuilt, { status: 'absent', answer: 43, dirname: folder });
    assert.equal(cacheFiles(folder).length, 1, 'the old cache is removed when the new one is written');
    assert.notEqual(cacheFiles(folder)[0], oldCache);
    assert.equal(loadInNewProcess(bundle).status, 'used');
  });

  it('a damaged cache is refused by V8, the bundle still loads, and the cache is written again', () => {
    loadInNewProcess(bundle);
    const cacheFile = path.join(folder, cacheFiles(folder)[0]);
    fs.writeFileSync(cacheFile, Buffer.alloc(fs.statSync(cacheFile).size, 7));

    assert.deepEqual(loadInNewProcess(bundle), { status: 'rejected', answer: 42, dirname: folder });
    assert.equal(loadInNewProcess(bundle).status, 'used');
  });

  it('when the cache cannot be written, the bundle loads from source each time and nothing is left behind', () => {
    loadInNewProcess(bundle);
    const cacheFile = path.join(folder, cacheFiles(folder)[0]);
    fs.rmSync(cacheFile);
    // A folder where the cache file would go: the write fails whatever the user's rights (these tests may run as root).
    fs.mkdirSync(cacheFile);

    assert.deepEqual(loadInNewProcess(bundle), { status: 'absent', answer: 42, dirname: folder });
    assert.deepEqual(loadInNewProcess(bundle), { status: 'absent', answer: 42, dirname: folder });
    assert.deepEqual(
      fs.readdirSync(folder).filter((name) => name.endsWith('.tmp')),
      [],
      'no temporary file is left when the rename fails',
    );
  });
});
