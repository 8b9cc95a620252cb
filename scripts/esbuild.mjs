// Bundles the extension into CommonJS files for the Node extension host, `vscode` left to the host:
//   dist/extension.js       — what VS Code loads (src/entry.ts): it loads dist/main.js through V8's code
//                             cache (src/codeCache.ts), so a start after the first skips compiling it;
//   dist/main.js            — the extension: every module of src/, from src/extension.ts;
//   dist/aws-sdk.js         — the AWS SDK (client-ecr, credential providers), required only by the first
//                             AWS call, so activation never parses it (1.2 MiB). Keeping it a separate
//                             file also makes "the SDK is not loaded at activation" checkable:
//                             dist/aws-sdk.js is absent from require.cache until then;
//   dist/aws-ini.js         — the AWS shared-file reader (18 KiB), required when a profile's region or
//                             the profile list is first read (the status bar may, right after activation),
//                             so that reading ~/.aws/config never pulls in the whole SDK;
//   dist/shortCommandHelper.js — the helper process that runs docker login and tag with spawnSync, started
//                             on the first login or tag (src/process/ShortCommandProcess.ts).
// Source files keep importing the SDK packages normally (plain Node tests resolve node_modules); only the
// bundle maps them to the shared file. `--production` minifies for packaging.
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Package → the lazily required file in dist/ and the name of its namespace export there. */
const SDK_PACKAGES = {
  '@aws-sdk/client-ecr': { file: 'aws-sdk.js', name: 'clientEcr' },
  '@aws-sdk/credential-providers': { file: 'aws-sdk.js', name: 'credentialProviders' },
  '@smithy/shared-ini-file-loader': { file: 'aws-ini.js', name: 'sharedIniFileLoader' },
};
const SDK_FILTER = new RegExp(
  `^(${Object.keys(SDK_PACKAGES)
    .map((name) => name.replace(/[/.]/g, '\\$&'))
    .join('|')})$`,
);

/**
 * Each SDK package becomes a one-line module, `module.exports = require('./<file>').<name>`, with that
 * file left external. Reached through `await import()`, the shim is evaluated lazily, so its require runs
 * on the first AWS call, through the host's require.
 */
const lazySdkPlugin = {
  name: 'lazy-aws-sdk',
  setup(build) {
    build.onResolve({ filter: SDK_FILTER }, (args) => ({ path: args.path, namespace: 'aws-sdk-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'aws-sdk-shim' }, (args) => ({
      contents: `module.exports = require('./${SDK_PACKAGES[args.path].file}').${SDK_PACKAGES[args.path].name};`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/aws-[a-z]+\.js$/, namespace: 'aws-sdk-shim' }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * `import * as vscode from 'vscode'` in each of the ~40 UI modules becomes, in a CommonJS bundle,
 * `__toESM(require('vscode'))` per module: a fresh copy of every property of VS Code's API object (some 400)
 * for each importer, and the same for every `import * as fs from 'node:fs'`. At activation that copying was
 * more than half of loading the bundle (npm run bench, section 3). This plugin gives the bundle one ES module
 * per such package instead, so the importers share it:
 * - `vscode` exports by name every value @types/vscode declares, so `vscode.window` compiles to a plain
 *   variable and nothing is copied (a name missing from the list fails the build, see below);
 * - a Node built-in re-exports the module (`export *`), copied once.
 */
const NODE_BUILTINS = new Set(builtinModules);
const VSCODE_API_NAMES = [
  ...fs
    .readFileSync('node_modules/@types/vscode/index.d.ts', 'utf8')
    // The declarations inside `declare module 'vscode'`, one tab in, that exist at run time.
    .matchAll(/^\t(?:export )(?:declare )?(?:class|enum|namespace|const|let|var|function) ([A-Za-z0-9_]+)/gm),
].map((match) => match[1]);
const importedOncePlugin = {
  name: 'externals-imported-once',
  setup(build) {
    build.onResolve({ filter: /^(vscode|node:.*|[a-z_/]+)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.path !== 'vscode' && !NODE_BUILTINS.has(name)) return undefined;
      return args.namespace === 'imported-once' ? { path: args.path, external: true } : { path: name, namespace: 'imported-once' };
    });
    build.onLoad({ filter: /.*/, namespace: 'imported-once' }, (args) => ({
      contents:
        args.path === 'vscode'
          ? `export const { ${[...new Set(VSCODE_API_NAMES)].join(', ')} } = require('vscode');`
          : `export * from 'node:${args.path}';`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
};

const extensionOptions = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/main.js',
  external: ['vscode'],
  plugins: [lazySdkPlugin, importedOncePlugin],
};

const entryOptions = {
  ...common,
  entryPoints: ['src/entry.ts'],
  outfile: 'dist/extension.js',
};

const workerOptions = {
  ...common,
  entryPoints: ['src/process/shortCommandHelper.ts'],
  outfile: 'dist/shortCommandHelper.js',
};

/** One bundle per lazily required file, re-exporting its packages by name. */
const sdkOptions = [...new Set(Object.values(SDK_PACKAGES).map((entry) => entry.file))].map((file) => ({
  ...common,
  stdin: {
    contents: Object.entries(SDK_PACKAGES)
      .filter(([, entry]) => entry.file === file)
      .map(([pkg, entry]) => `export * as ${entry.name} from '${pkg}';`)
      .join('\n'),
    resolveDir: process.cwd(),
    sourcefile: `${file}-entry.js`,
    loader: 'js',
  },
  outfile: `dist/${file}`,
}));

// Files earlier layouts wrote; left in dist/ they would be packaged and could be loaded by mistake.
for (const stale of ['dist/features.js', 'dist/features.js.map', 'dist/syncSpawnWorker.js', 'dist/syncSpawnWorker.js.map']) {
  fs.rmSync(stale, { force: true });
}

if (watch) {
  // The SDK file only changes with the dependencies; build it once and watch the extension.
  await Promise.all([...sdkOptions, entryOptions, workerOptions].map((options) => esbuild.build(options)));
  const context = await esbuild.context(extensionOptions);
  await context.watch();
  console.log('esbuild: watching src/ for changes');
} else {
  const results = await Promise.all(
    [extensionOptions, entryOptions, ...sdkOptions, workerOptions].map((options) => esbuild.build(options)),
  );
  const sizes = results.map((result) =>
    Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KiB`)
      .join(', '),
  );
  console.log(`esbuild: ${sizes.join(', ')}${production ? ' (minified)' : ''}`);
  // A `vscode.X` that the name list above lacks would be undefined at run time: refuse the build instead.
  const undefinedImports = results.flatMap((result) => result.warnings).filter((warning) => warning.id === 'import-is-undefined');
  if (undefinedImports.length > 0) {
    console.error(`esbuild: ${undefinedImports.length} import(s) would be undefined at run time (see the warnings above)`);
    process.exit(1);
  }
}
