import { spawn } from 'node:child_process';

/** Options for {@link runStep}. */
export interface StepOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Print every output line (default: only the tail, and only on failure). */
  verbose?: boolean;
}

/**
 * Runs one install/build step as a child process (argument array, no shell), timing it.
 * Output is kept quiet unless the step fails, then its last lines are printed, so a failed
 * native rebuild is readable without scrolling through npm's noise.
 */
export async function runStep(title: string, command: string, args: readonly string[], options: StepOptions): Promise<void> {
  const started = Date.now();
  options.log(`  ${title}: ${command} ${args.join(' ')}`);
  const tail: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line) continue;
        if (options.verbose) options.log(`    ${line}`);
        tail.push(line);
        if (tail.length > 60) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (exitCode !== 0) {
    for (const line of tail) options.log(`    | ${line}`);
    throw new Error(`${title} failed (exit ${exitCode}) after ${seconds}s: ${command} ${args.join(' ')}`);
  }
  options.log(`  ${title}: done in ${seconds}s`);
}
