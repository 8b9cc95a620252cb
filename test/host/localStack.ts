import * as fs from 'node:fs';
import * as path from 'node:path';

/** The part of test/fixtures/stack.ts's LocalStack (see /tmp/team/contracts.md) the runners use. */
export interface StackHandle {
  dockerHost: string;
  ownsEngine: boolean;
  registry: { host: string };
  ecr: { endpoint: string; region: string };
  workDir: string;
  env(): Record<string, string>;
  stop(): Promise<void>;
}

interface StackModule {
  startStack(options?: { workDir?: string; log?: (line: string) => void; requireEngine?: boolean }): Promise<StackHandle>;
  writeStackInfo(stack: StackHandle, file: string): void;
}

/**
 * test/fixtures/stack, loaded at run time so the runners build and run before the fixtures
 * exist; undefined when it is not there. (Once it always is, a plain import can replace this.)
 */
export function loadStackModule(): StackModule | undefined {
  const file = path.join(__dirname, '..', 'fixtures', 'stack.js');
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as StackModule;
}

/** Settings that point the extension at the stack, through its ordinary settings. */
export function stackSettings(stack: StackHandle): Record<string, unknown> {
  return { 'ecrPush.endpoint': stack.ecr.endpoint, 'ecrPush.region': stack.ecr.region };
}

/**
 * The environment the extension host gets for a stack: its DOCKER_HOST and AWS_* credentials, and
 * AWS config files pointed at an empty folder so a developer's own ~/.aws profile cannot leak in.
 */
export function stackEnvironment(stack: StackHandle, awsDir: string): Record<string, string> {
  fs.mkdirSync(awsDir, { recursive: true });
  // AWS_ENDPOINT_URL_ECR would route the SDK to the fake ECR even if the extension ignored its
  // ecrPush.endpoint setting; the extension must find the endpoint through the setting alone.
  // Empty strings (which the SDK ignores) also mask any the runner itself inherited.
  return {
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    // Empty, not unset (the host inherits our env): a set AWS_PROFILE makes the SDK skip env credentials.
    AWS_PROFILE: '',
    AWS_ENDPOINT_URL: '',
    ...stack.env(),
    AWS_ENDPOINT_URL_ECR: '',
  };
}
