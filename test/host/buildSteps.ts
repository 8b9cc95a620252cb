import { spawnSync } from 'node:child_process';

/** Runs one build command in the repository with its output shown; throws when it fails. */
export function buildStep(repoRoot: string, title: string, command: string, args: readonly string[], log: (line: string) => void): void {
  log(`${title}: ${command === process.execPath ? 'node' : command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`${title} failed (exit ${run.status ?? run.signal})`);
}

/** `npm run build` (esbuild → dist/extension.js) and `tsc -p .` (src, test, scripts → out/). */
export function buildAndCompile(repoRoot: string, log: (line: string) => void): void {
  buildStep(repoRoot, 'build the extension', 'npm', ['run', 'build'], log);
  buildStep(repoRoot, 'compile the tests', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.'], log);
}
