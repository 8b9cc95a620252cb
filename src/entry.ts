/**
 * What VS Code loads (dist/extension.js): the extension itself is dist/main.js, built from extension.ts,
 * and this file loads it through V8's code cache (codeCache.ts), then hands activate and deactivate on.
 * The cache is written once, just after the first activation that compiled the bundle from source.
 */
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';

interface ExtensionModule {
  activate(context: unknown): unknown;
  deactivate(): unknown;
}

const main = loadWithCodeCache(path.join(__dirname, 'main.js'));
const extension = main.exports as ExtensionModule;

/** How the bundle was compiled this time; the activation bench reports it. */
export const codeCacheStatus = main.status;

export function activate(context: unknown): unknown {
  try {
    return extension.activate(context);
  } finally {
    // A no-op when the cache was used; otherwise written once the activation's functions are compiled.
    setTimeout(() => main.writeCache(), 0);
  }
}

export function deactivate(): unknown {
  return extension.deactivate();
}
