/**
 * In-host entry for the packaged-build run: the .vsix that `npm run package` produced is installed into
 * a fresh code-server with its CLI, exactly as a user installs it, and these suites run against it.
 */
import { runSuitesIn } from '../integration/index';

export async function run(): Promise<void> {
  await runSuitesIn(__dirname);
}
