/**
 * What the integration suites need from the local stack, inside the extension host: its info (from the
 * file the runner wrote), the fake ECR's control API, docker with the stack's DOCKER_HOST, test images.
 * Under CI=true a missing stack is a failure, never a skip.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EcrControl } from '../../fixtures/ecrControl';
import { readStackInfo, type StackInfo } from '../../fixtures/stack';
import { makeImage } from '../../fixtures/testImages';
import { STACK_INFO_ENV } from '../../host/hostEnv';

const execFileAsync = promisify(execFile);

let cached: StackInfo | undefined;

/** The running stack; throws (so the test fails) when the runner started none. */
export function stackInfo(): StackInfo {
  if (cached) {
    return cached;
  }
  const file = process.env[STACK_INFO_ENV];
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `No local stack: ${STACK_INFO_ENV} is ${file ? `${file} (missing)` : 'unset'}. Run the suites through test/runIntegration (npm test).`,
    );
  }
  cached = readStackInfo(file);
  return cached;
}

export function ecrControl(): EcrControl {
  return new EcrControl(stackInfo().ecr.controlUrl);
}

/** An SDK client for the stack's ECR API, to check what the extension did (an independent client). */
export function ecrClient(): ECRClient {
  const { ecr } = stackInfo();
  return new ECRClient({
    region: ecr.region,
    endpoint: ecr.endpoint,
    credentials: { accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey },
  });
}

/** Runs the docker CLI against the stack's engine. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, {
    env: { ...process.env, DOCKER_HOST: stackInfo().dockerHost },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** A name no other test uses: `prefix-<random>`. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * The engine this host run drives: `docker`, or `podman` in the podman run of test/runIntegration
 * (ECR_PUSH_ENGINE, with ecrPush.containerCommand set to podman and podman's stack files in the env).
 */
export function testEngine(): 'docker' | 'podman' {
  return process.env.ECR_PUSH_ENGINE === 'podman' ? 'podman' : 'docker';
}

/** A fresh local image of unique bytes, made with this run's engine. */
export async function createImage(reference: string, sizeBytes = 256 * 1024, layers = 1): Promise<{ id: string; reference: string }> {
  return makeImage(stackInfo().dockerHost, reference, { sizeBytes, layers, docker: testEngine() });
}

/** Runs this run's engine CLI (docker against the stack's engine, or podman with the run's storage). */
export async function engineCli(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(testEngine(), args, {
    env: { ...process.env, DOCKER_HOST: stackInfo().dockerHost },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Reads the ECR Push log file the LogOutputChannel writes (the same text the Output panel shows). */
export function readPushLog(): string {
  const file = findPushLog();
  return file ? fs.readFileSync(file, 'utf8') : '';
}

function findPushLog(): string | undefined {
  const roots = [process.env.ECR_PUSH_USER_DATA_DIR, process.env.VSCODE_LOGS].filter((d): d is string => !!d);
  for (const root of roots) {
    const found = findFile(root, 'ECR Push.log', 8);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function findFile(dir: string, name: string, depth: number): string | undefined {
  if (depth < 0 || !fs.existsSync(dir)) {
    return undefined;
  }
  let newest: { file: string; mtime: number } | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) {
      const mtime = fs.statSync(full).mtimeMs;
      if (!newest || mtime > newest.mtime) {
        newest = { file: full, mtime };
      }
    } else if (entry.isDirectory()) {
      const inner = findFile(full, name, depth - 1);
      if (inner) {
        const mtime = fs.statSync(inner).mtimeMs;
        if (!newest || mtime > newest.mtime) {
          newest = { file: inner, mtime };
        }
      }
    }
  }
  return newest?.file;
}

/** Polls until `condition` holds (no fixed sleeps in tests); fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
