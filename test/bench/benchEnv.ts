/**
 * What the outer bench runner tells the in-host bench suites through the environment, and the JSON they
 * write back. One module so both sides agree.
 */

/** Absolute path of the JSON file an in-host bench suite writes its measurements to. */
export const BENCH_OUT_ENV = 'ECR_PUSH_BENCH_OUT';
/** Absolute path of a scratch folder the in-host suites may use (wrapper scripts, docker configs). */
export const BENCH_WORK_ENV = 'ECR_PUSH_BENCH_WORK';
/** '1' for a quick smoke run: fewer runs and small sizes, to check the bench itself works. */
export const BENCH_QUICK_ENV = 'ECR_PUSH_BENCH_QUICK';

/** True when the bench runs in quick (smoke) mode. */
export function quickMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[BENCH_QUICK_ENV] === '1';
}
