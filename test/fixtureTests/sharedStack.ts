import { ECRClient, ECRServiceException, GetAuthorizationTokenCommand, type ECRClientConfig } from '@aws-sdk/client-ecr';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ChildResult, runChild } from '../fixtures/childProcess';
import { EcrControl } from '../fixtures/ecrControl';
import { type LocalStack, startStack } from '../fixtures/stack';

let stack: LocalStack | undefined;
let counter = 0;

/** Starts the one stack the fixture suite shares (root hook in stack.test.ts). An engine is required: no skipping. */
export async function startSharedStack(): Promise<LocalStack> {
  const verbose = process.env.STACK_LOG === '1';
  stack = await startStack({ requireEngine: true, log: verbose ? (line) => console.log(`    [stack] ${line}`) : undefined });
  return stack;
}

/** Stops the shared stack (root hook). */
export async function stopSharedStack(): Promise<void> {
  await stack?.stop();
  stack = undefined;
}

/** The running shared stack. */
export function sharedStack(): LocalStack {
  if (!stack) {
    throw new Error('the shared stack is not running (root hook in stack.test.ts)');
  }
  return stack;
}

/** Control client of the shared stack's fake ECR. */
export function control(): EcrControl {
  return new EcrControl(sharedStack().ecr.controlUrl);
}

/** An SDK v3 ECR client pointed at the fake ECR with the stack's key pair (no retries unless asked). */
export function ecrClient(overrides: Partial<ECRClientConfig> = {}): ECRClient {
  const { ecr } = sharedStack();
  return new ECRClient({
    endpoint: ecr.endpoint,
    region: ecr.region,
    credentials: { accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey },
    maxAttempts: 1,
    ...overrides,
  });
}

/** A repository/image name unique within this run. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A private docker config dir, so logins never touch the user's ~/.docker. */
export function dockerConfigDir(): string {
  const dir = path.join(sharedStack().workDir, uniqueName('docker-config'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs the real docker CLI against the stack's engine (async: never blocks the event loop). */
export function docker(args: string[], options: { input?: string; configDir?: string } = {}): Promise<ChildResult> {
  const globalArgs = options.configDir ? ['--config', options.configDir] : [];
  return runChild('docker', [...globalArgs, ...args], {
    env: { ...process.env, DOCKER_HOST: sharedStack().dockerHost },
    input: options.input,
    timeoutMs: 300_000,
  });
}

/** Decodes an ECR authorization token into its password (the token is base64 `AWS:<password>`). */
export function tokenPassword(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (!decoded.startsWith('AWS:')) {
    throw new Error('token does not decode to AWS:<password>');
  }
  return decoded.slice(4);
}

/** Runs `body` with these environment variables set (undefined = unset), then restores the environment. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** GetAuthorizationToken → the real `docker login --password-stdin` into a private config dir. */
export async function loginWithToken(configDir: string): Promise<void> {
  const data = (await ecrClient().send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
  assert.ok(data?.authorizationToken && data.proxyEndpoint);
  const result = await docker(['login', '--username', 'AWS', '--password-stdin', data.proxyEndpoint.replace(/^https?:\/\//, '')], {
    input: tokenPassword(data.authorizationToken),
    configDir,
  });
  assert.equal(result.code, 0, result.stderr);
}

/** Tags a local image into the registry front and pushes it; returns docker's output and exit code. */
export async function tagAndPush(source: string, repository: string, tag: string, configDir: string) {
  const target = `${sharedStack().registry.host}/${repository}:${tag}`;
  const tagged = await docker(['tag', source, target]);
  assert.equal(tagged.code, 0, tagged.stderr);
  const pushed = await docker(['push', target], { configDir });
  return { ...pushed, digest: /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1] };
}

/** Runs an SDK call that must fail and returns the service exception. */
export async function rejection(promise: Promise<unknown>): Promise<ECRServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ECRServiceException, `expected an ECR service exception, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded but should have failed');
}
