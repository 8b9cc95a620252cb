// Bundles the extension into CommonJS files for the Node extension host, `vscode` left to the host:
//   dist/extension.js — only what activation needs (the Local Images tree, the status bar, and a
//                       forwarder for every command);
//   dist/features.js  — everything else (the push pipeline, commands, the ECR Repositories view),
//                       required by the first command or view that needs it (src/features.ts). It
//                       takes every module dist/extension.js already holds from that file, so no
//                       source module exists twice (one class per error type: `instanceof` holds);
//   dist/syncSpawnWorker.js — the worker thread that runs docker login and tag with spawnSync, started
//                       on the first login or tag (src/process/syncSpawnThread.ts);
//   dist/aws-sdk.js   — the AWS SDK (client-ecr, credential providers, ini loader), required only by the
//                       first AWS call. Keeping it a separate file makes "the SDK is not loaded at
//                       activation" checkable: dist/aws-sdk.js is absent from require.cache until then.
// Source files keep importing the SDK packages normally (plain Node tests resolve node_modules); only
// the bundle maps them to the shared file. `--production` minifies for packaging.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Package → name of its namespace export in dist/aws-sdk.js. */
const SDK_PACKAGES = {
  '@aws-sdk/client-ecr': 'clientEcr',
  '@aws-sdk/credential-providers': 'credentialProviders',
  '@smithy/shared-ini-file-loader': 'sharedIniFileLoader',
};
const SDK_FILTER = new RegExp(
  `^(${Object.keys(SDK_PACKAGES)
    .map((name) => name.replace(/[/.]/g, '\\$&'))
    .join('|')})$`,
);

/**
 * The one trick every split below uses: an import matching `filter` becomes a one-line shim module,
 * `module.exports = require('./<file in dist/>')…`, with that file left external. `shimFor(args)` gives
 * `{ key, contents }` for an import it takes over (`key` names the shim: one module per key), or
 * undefined to leave the import alone. A shim reached through `await import()` is evaluated lazily, so
 * its require runs on first use, through the host's require (not Node's ESM loader).
 */
function requireShimPlugin(name, filter, shimFor) {
  const namespace = `${name}-shim`;
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => {
        const shim = shimFor(args);
        return shim && { path: shim.key, namespace, pluginData: shim.contents };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: args.pluginData, loader: 'js' }));
      build.onResolve({ filter: /^\.\/[\w-]+\.js$/, namespace }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** Each SDK package → `module.exports = require('./aws-sdk.js').<name>`, required on the first AWS call. */
const lazySdkPlugin = requireShimPlugin('lazy-aws-sdk', SDK_FILTER, (args) => ({
  key: args.path,
  contents: `module.exports = require('./aws-sdk.js').${SDK_PACKAGES[args.path]};`,
}));

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

/** `import('./features.js')` in src/extension.ts → `module.exports = require('./features.js')`, on first use. */
const lazyFeaturesPlugin = requireShimPlugin('lazy-features', /^\.\/features(\.js)?$/, (args) =>
  args.importer.endsWith(path.join('src', 'extension.ts'))
    ? { key: 'features', contents: `module.exports = require('./features.js');` }
    : undefined,
);

const extensionOptions = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [lazySdkPlugin, lazyFeaturesPlugin],
};

/** Source files (relative, forward slashes) an esbuild metafile says went into a bundle. */
function sourceInputs(metafile) {
  return Object.keys(metafile.inputs).filter((file) => file.startsWith('src/'));
}

/**
 * The activation bundle again, its entry extended to export every source module it holds as
 * `__activationModules['src/…']`, for dist/features.js to share.
 */
function activationOptions(activationModules) {
  const imports = activationModules.map((file, index) => `import * as m${index} from './${file}';`).join('\n');
  const table = activationModules.map((file, index) => `  ${JSON.stringify(file)}: m${index},`).join('\n');
  return {
    ...extensionOptions,
    entryPoints: undefined,
    stdin: {
      contents: `export * from './src/extension';\n${imports}\nexport const __activationModules = {\n${table}\n};\n`,
      resolveDir: process.cwd(),
      sourcefile: 'extension-entry.ts',
      loader: 'ts',
    },
  };
}

/** Resolves a relative import the way esbuild does for our sources: file.ts, or folder/index.ts. */
function sourceFileOf(resolveDir, request) {
  const base = path.resolve(resolveDir, request);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile())
      return path.relative(process.cwd(), candidate).split(path.sep).join('/');
  }
  return undefined;
}

/** In dist/features.js, every module dist/extension.js holds is taken from it instead of bundled again. */
function shareActivationModulesPlugin(activationModules) {
  const shared = new Set(activationModules);
  return requireShimPlugin('share-activation-modules', /^\./, (args) => {
    const file = sourceFileOf(args.resolveDir, args.path);
    return file && shared.has(file)
      ? { key: file, contents: `module.exports = require('./extension.js').__activationModules[${JSON.stringify(file)}];` }
      : undefined;
  });
}

function featuresOptions(activationModules) {
  return {
    ...common,
    entryPoints: ['src/features.ts'],
    outfile: 'dist/features.js',
    external: ['vscode'],
    plugins: [lazySdkPlugin, shareActivationModulesPlugin(activationModules)],
  };
}

/**
 * Builds dist/extension.js and dist/features.js. A first, unwritten pass learns which source modules
 * activation needs; the build fails if any module still ends up in both files.
 */
async function buildExtension() {
  const probe = await esbuild.build({ ...extensionOptions, write: false });
  const activationModules = sourceInputs(probe.metafile);
  const [activation, features] = await Promise.all([
    esbuild.build(activationOptions(activationModules)),
    esbuild.build(featuresOptions(activationModules)),
  ]);
  const inBoth = sourceInputs(features.metafile).filter((file) => activationModules.includes(file));
  if (inBoth.length > 0) {
    throw new Error(`esbuild: ${inBoth.join(', ')} would be bundled into both dist/extension.js and dist/features.js`);
  }
  return [activation, features];
}

const workerOptions = {
  ...common,
  entryPoints: ['src/process/syncSpawnWorker.ts'],
  outfile: 'dist/syncSpawnWorker.js',
};

const sdkOptions = {
  ...common,
  stdin: {
    contents: Object.entries(SDK_PACKAGES)
      .map(([pkg, name]) => `export * as ${name} from '${pkg}';`)
      .join('\n'),
    resolveDir: process.cwd(),
    sourcefile: 'aws-sdk-entry.js',
    loader: 'js',
  },
  outfile: 'dist/aws-sdk.js',
};

if (watch) {
  // The SDK file only changes with the dependencies; build it once and watch the extension.
  await Promise.all([esbuild.build(sdkOptions), esbuild.build(workerOptions), buildExtension()]);
  // The split needs the first pass's module list, so a change rebuilds both files from scratch.
  let rebuilding = Promise.resolve();
  fs.watch('src', { recursive: true }, () => {
    rebuilding = rebuilding.then(() =>
      buildExtension().then(
        () => console.log('esbuild: rebuilt'),
        (error) => console.error(error.message),
      ),
    );
  });
  console.log('esbuild: watching src/ for changes');
} else {
  const results = await Promise.all([buildExtension(), esbuild.build(sdkOptions), esbuild.build(workerOptions)]).then((all) => all.flat());
  const sizes = results.map((result) =>
    Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, output]) => `${file} ${(output.bytes / 1024).toFixed(0)} KiB`)
      .join(', '),
  );
  console.log(`esbuild: ${sizes.join(', ')}${production ? ' (minified)' : ''}`);
}
