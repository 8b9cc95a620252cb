import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathWithCredentialHelpers } from '../fixtures/credentialHelpers/install';
import { startStack, writeStackInfo, type LocalStack } from '../fixtures/stack';
import { onCleanup } from './cleanup';
import { STACK_INFO_ENV } from './hostEnv';

/** The local stack as a run hands it to VS Code: environment for the host and user settings. */
export interface RunStack {
  readonly stack: LocalStack;
  /** The stack-info JSON the suites read through $ECR_PUSH_STACK_INFO. */
  readonly infoFile: string;
  /** Environment for code-server and so for its extension host. */
  readonly env: Record<string, string>;
  /** User settings that point the extension at the stack, through its ordinary settings. */
  readonly settings: Record<string, unknown>;
}

/** Options for {@link startRunStack}. */
export interface RunStackOptions {
  log: (line: string) => void;
  requireEngine: boolean;
  workDir?: string;
  /**
   * Put the stack's stand-in credential helpers and `pass` first on the host's PATH (default true), so
   * docker started by the extension finds a keychain as on a Linux desktop (it picks the pass store).
   */
  desktopCredentialStores?: boolean;
}

/**
 * Starts the local stack (test/fixtures/stack) for a run and registers its stop with the run's
 * cleanup. Without `workDir` the stack uses a temp folder it removes on stop (engine data included).
 */
export async function startRunStack(options: RunStackOptions): Promise<RunStack> {
  const started = Date.now();
  const stack = await startStack({
    workDir: options.workDir,
    log: (line) => options.log(`  [stack] ${line}`),
    requireEngine: options.requireEngine,
  });
  onCleanup(() => stack.stop());
  const infoFile = path.join(stack.workDir, 'stack-info.json');
  writeStackInfo(stack, infoFile);
  options.log(
    `local stack up in ${((Date.now() - started) / 1000).toFixed(1)}s: ECR API ${stack.ecr.endpoint}, registry ${stack.registry.host}, ` +
      `engine ${stack.dockerHost}${stack.ownsEngine ? ' (started for this run)' : ' (already running)'}`,
  );
  if (stack.engineError) options.log(`local stack: no Docker engine — ${stack.engineError}`);
  return {
    stack,
    infoFile,
    env: {
      ...stackEnvironment(stack, path.join(stack.workDir, 'aws')),
      ...(options.desktopCredentialStores === false
        ? {}
        : { PATH: pathWithCredentialHelpers(stack.credentialHelpers, process.env.PATH ?? '') }),
      [STACK_INFO_ENV]: infoFile,
    },
    settings: {
      'ecrPush.endpoint': stack.ecr.endpoint,
      'ecrPush.region': stack.ecr.region,
      // After a push to a repository that scans on push, the extension follows the scan in the background
      // (more ECR calls, a notification). Suites that count a push's own ECR calls must not see those;
      // the after-push suites turn it on where they test it, and npm start keeps the shipped default.
      'ecrPush.followScanAfterPush': false,
    },
  };
}

/**
 * The environment the extension host gets for a stack: its DOCKER_HOST and AWS_* credentials, and
 * AWS config files pointed at a private folder so a developer's own ~/.aws profile cannot leak in.
 */
function stackEnvironment(stack: LocalStack, awsDir: string): Record<string, string> {
  fs.mkdirSync(awsDir, { recursive: true });
  return {
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    // Empty, not unset (the host inherits our env): a set AWS_PROFILE makes the SDK skip env credentials.
    AWS_PROFILE: '',
    AWS_ENDPOINT_URL: '',
    ...stack.env(),
    // AWS_ENDPOINT_URL_ECR would route the SDK to the fake ECR even if the extension ignored its
    // ecrPush.endpoint setting; the extension must find the endpoint through the setting alone.
    // An empty value (which the SDK ignores) also masks one the runner itself inherited.
    AWS_ENDPOINT_URL_ECR: '',
  };
}
