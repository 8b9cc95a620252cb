/**
 * Loads a CommonJS bundle through V8's code cache. Compiling the extension's bundle is the largest part of
 * activation (npm run bench, section 3); with the cache V8 skips it and starts from the bytecode the
 * previous start produced. The same technique as VS Code's own start-up code and Node 22's
 * `module.enableCompileCache()`, which the Node 20 extension host of VS Code 1.100 does not have yet.
 *
 * The cache is keyed by the bundle's content and the V8 version, and V8 checks it again when it reads it:
 * a rebuilt bundle or an updated VS Code compiles from source and writes a new cache. Where the folder is
 * not writable, nothing is cached and the bundle loads as any other. Plain Node: no `vscode` here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** `used`: V8 took the cache; `absent`: none yet for this bundle; `rejected`: V8 refused it (then it is written again). */
export type CodeCacheStatus = 'used' | 'absent' | 'rejected';

export interface CachedModule {
  readonly exports: unknown;
  readonly status: CodeCacheStatus;
  /** Writes the cache when it was absent or rejected, after the bundle ran (so it holds the functions it compiled). */
  writeCache(): void;
}

/** Cache files this module writes, beside the bundle: `<bundle>.<key>.v8cache`. */
const CACHE_SUFFIX = '.v8cache';

export function loadWithCodeCache(bundleFile: string): CachedModule {
  const bytes = fs.readFileSync(bundleFile);
  // V8 itself compares only the source's length; the content hash keeps a rebuilt bundle of the same size from
  // running a stale cache. The bytes are hashed as read, before they are decoded.
  const key = crypto.createHash('sha256').update(process.versions.v8).update(bytes).digest('hex').slice(0, 16);
  const source = bytes.toString('utf8');
  const cacheFile = `${bundleFile}.${key}${CACHE_SUFFIX}`;
  const cachedData = readIfPresent(cacheFile);
  // The same wrapper Node's require puts around a CommonJS file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename: bundleFile, cachedData });
  const status: CodeCacheStatus = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';

  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile));

  return {
    exports: module.exports,
    status,
    writeCache: () => {
      if (status !== 'used') writeAtomically(cacheFile, script.createCachedData(), bundleFile);
    },
  };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Two windows may start at once: each writes its own temporary file and renames it into place, so a reader
 * never sees half a cache. Caches of earlier bundles or V8 versions are removed. Failures only cost the cache.
 */
function writeAtomically(cacheFile: string, data: Buffer, bundleFile: string): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, cacheFile);
    const folder = path.dirname(bundleFile);
    const prefix = `${path.basename(bundleFile)}.`;
    for (const name of fs.readdirSync(folder)) {
      if (name.startsWith(prefix) && name.endsWith(CACHE_SUFFIX) && path.join(folder, name) !== cacheFile) {
        fs.rmSync(path.join(folder, name), { force: true });
      }
    }
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
