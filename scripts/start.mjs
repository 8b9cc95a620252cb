// `npm start`: set up what is missing (scripts/setup.mjs: Debian packages, npm ci), build the
// extension, compile the helpers, then run the playground
// (test/host/playground.ts): local stack + sample images + code-server with the extension loaded.
// `npm start -- --check` opens it in headless Chromium, saves test-results/screenshots/playground.png
// and stops — a quick proof that the playground works on this machine.
// `npm start -- --desktop` (npm run start:desktop) instead opens the extension in the desktop VS Code
// on PATH (`code`), against real AWS with the user's own settings and credentials: no stack, so it
// needs the npm dependencies and none of the Debian packages.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { npmCommand, prepare } from './setup.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const desktop = process.argv.includes('--desktop');
if (!prepare({ repoRoot, who: desktop ? 'npm run start:desktop' : 'npm start', npmOnly: desktop })) process.exit(1);
const require = createRequire(import.meta.url);

const [npm, ...npmArgs] = npmCommand();
const build = spawnSync(npm, [...npmArgs, 'run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`building the extension failed (exit ${build.status ?? build.signal})`);
  process.exit(1);
}
if (desktop) {
  const code = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`], { stdio: 'inherit' });
  if (code.error) {
    console.error(`could not run \`code\` (${code.error.message}): install VS Code and its \`code\` command on PATH, or use \`npm start\``);
    process.exit(1);
  }
  process.exit(code.status ?? 1);
}

// tsc still writes the JavaScript when it reports type errors (say, in a test being written):
// the playground only needs the helpers, so it warns and goes on. `npm test` is the strict one.
const compile = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.'], { cwd: repoRoot, stdio: 'inherit' });
if (compile.status !== 0) console.warn('tsc reported the errors above; starting the playground with the JavaScript it emitted');

const { runPlayground } = await import(pathToFileURL(path.join(repoRoot, 'out', 'test', 'host', 'playground.js')).href);
try {
  await runPlayground({ repoRoot, check: process.argv.includes('--check') });
  process.exit(0);
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  const { runCleanup } = await import(pathToFileURL(path.join(repoRoot, 'out', 'test', 'host', 'cleanup.js')).href);
  await runCleanup();
  process.exit(1);
}
