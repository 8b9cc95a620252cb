// Bundles the extension into CommonJS files for the Node extension host, `vscode` left to the host:
//   dist/extension.js — everything activation needs;
//   dist/syncSpawnWorker.js — the worker thread that runs docker login and tag with spawnSync, started
//                       on the first login or tag (src/process/syncSpawnThread.ts);
//   dist/aws-sdk.js   — the AWS SDK (client-ecr, credential providers, ini loader), required only by the
//                       first AWS call. Keeping it a separate file makes "the SDK is not loaded at
//                       activation" checkable: dist/aws-sdk.js is absent from require.cache until then.
// Source files keep importing the SDK packages normally (plain Node tests resolve node_modules); only
// the bundle maps them to the shared file. `--production` minifies for packaging.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Package → name of its namespace export in dist/aws-sdk.js. */
const SDK_PACKAGES = {
  '@aws-sdk/client-ecr': 'clientEcr',
  '@aws-sdk/credential-providers': 'credentialProviders',
  '@smithy/shared-ini-file-loader': 'sharedIniFileLoader',
};
const SDK_FILTER = new RegExp(`^(${Object.keys(SDK_PACKAGES).map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);

/**
 * Resolves each SDK package to a one-line shim, `module.exports = require('./aws-sdk.js').<name>`.
 * The source only uses `await import(pkg)`, which esbuild turns into a lazily evaluated module, so the
 * require runs on the first AWS call and not before.
 */
const lazySdkPlugin = {
  name: 'lazy-aws-sdk',
  setup(build) {
    build.onResolve({ filter: SDK_FILTER }, (args) => ({ path: args.path, namespace: 'aws-sdk-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'aws-sdk-shim' }, (args) => ({
      contents: `module.exports = require('./aws-sdk.js').${SDK_PACKAGES[args.path]};`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/aws-sdk\.js$/, namespace: 'aws-sdk-shim' }, () => ({ path: './aws-sdk.js', external: true }));
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
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [lazySdkPlugin],
};

const workerOptions = {
  ...common,
  entryPoints: ['src/process/syncSpawnWorker.ts'],
  outfile: 'dist/syncSpawnWorker.js',
};

const sdkOptions = {
  ...common,
  stdin: {
    contents: Object.entries(SDK_PACKAGES).map(([pkg, name]) => `export * as ${name} from '${pkg}';`).join('\n'),
    resolveDir: process.cwd(),
    sourcefile: 'aws-sdk-entry.js',
    loader: 'js',
  },
  outfile: 'dist/aws-sdk.js',
};

if (watch) {
  // The SDK file only changes with the dependencies; build it once and watch the extension.
  await Promise.all([esbuild.build(sdkOptions), esbuild.build(workerOptions)]);
  const context = await esbuild.context(extensionOptions);
  await context.watch();
  console.log('esbuild: watching src/ for changes');
} else {
  const results = await Promise.all([esbuild.build(extensionOptions), esbuild.build(sdkOptions), esbuild.build(workerOptions)]);
  const sizes = results.map((result) => Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KiB`)
    .join(', '));
  console.log(`esbuild: ${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
