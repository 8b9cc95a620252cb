/**
 * Environment variables the outer runner sets for the extension host (code-server passes its own
 * environment to the extension host it forks). One module so the runner and the suites agree.
 */

/** Absolute path where the in-host mocha entry writes its result JSON. */
export const RESULT_FILE_ENV = 'ECR_PUSH_TEST_RESULT';
/** Absolute path of the local stack's info JSON (see test/fixtures/stack.ts `writeStackInfo`). */
export const STACK_INFO_ENV = 'ECR_PUSH_STACK_INFO';
/** Base URL of the outer runner's page driver (screenshots, keys) — see driverServer.ts. */
export const DRIVER_URL_ENV = 'ECR_PUSH_DRIVER_URL';
/**
 * Absolute path of a log file the in-host entry appends every console line to while tests run.
 * The outer runner tails it, so mocha's per-test lines reach the terminal whole and in order (the
 * workbench's console forwarding drops format arguments and mixes in its own lines).
 */
export const LOG_FILE_ENV = 'ECR_PUSH_TEST_LOG';
/** The VS Code user-data folder of the run (its logs include the extension's LogOutputChannel files). */
export const USER_DATA_DIR_ENV = 'ECR_PUSH_USER_DATA_DIR';
