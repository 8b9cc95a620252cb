/**
 * The pushes the bench compares, each as a person would run it: through the extension's command, bare
 * `docker push` of a tagged reference, and the manual awscli + docker flow. Docker configs live in the
 * bench's scratch folder, never in ~/.docker.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AWS_CLI, awsCliEnv } from '../../fixtures/awsCli';
import { runChecked } from '../../fixtures/childProcess';
import { docker, stack, workDir } from './benchHost';

/** A name no other run uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * A fresh local image of `sizeBytes` unique, incompressible bytes (one layer), made by a child process
 * (makeImageProcess.ts) so its buffers do not churn the extension host's heap before a measurement.
 */
export async function freshImage(repository: string, sizeBytes: number): Promise<string> {
  const reference = `${unique(repository)}:1`;
  await runChecked(
    process.execPath,
    [path.join(__dirname, '..', 'makeImageProcess.js'), stack().dockerHost, reference, String(sizeBytes)],
    {
      // The host's executable may be Electron's (desktop VS Code): make it behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  return reference;
}

/** Removes local images with every tag they carry (the extension's push adds a registry tag), freeing vfs space. */
export async function dropImages(...references: string[]): Promise<void> {
  const ids = new Set((await docker(['image', 'inspect', '--format', '{{.Id}}', ...references])).split('\n').filter(Boolean));
  await docker(['rmi', '--force', ...ids]);
}

/** `registryHost/repository:tag` on the stack's ECR-like registry. */
export function remote(repository: string, tag: string): string {
  return `${stack().registry.host}/${repository}:${tag}`;
}

/** Pushes through the extension's own command, exactly as the command palette's argument form does. */
export async function extensionPush(imageName: string, repositoryName: string, imageTag: string): Promise<void> {
  await vscode.commands.executeCommand('ecrPush.pushImage', { imageName, repositoryName, imageTag });
}

/** Drops the extension's cached ECR tokens and logins through its own command (what a credentials change does). */
export async function dropExtensionTokens(): Promise<void> {
  await vscode.commands.executeCommand('ecrPush.clearCredentials');
}

/** A docker config folder of the bench, logged in to the registry with its real password (the "valid login"). */
export async function loggedInConfig(name: string): Promise<string> {
  const dir = path.join(workDir(), name);
  fs.mkdirSync(dir, { recursive: true });
  const { registry } = stack();
  await runChecked('docker', ['--config', dir, 'login', '--username', 'AWS', '--password-stdin', registry.host], {
    env: { ...process.env, DOCKER_HOST: stack().dockerHost },
    input: registry.password,
  });
  return dir;
}

/** `docker --config DIR push REF`, awaited without blocking the event loop. */
export async function bareDockerPush(configDir: string, reference: string): Promise<void> {
  await docker(['--config', configDir, 'push', reference]);
}

/** The same push with spawnSync: the extension host's event loop is blocked until docker exits. */
export function syncDockerPush(configDir: string, reference: string): void {
  const result = spawnSync('docker', ['--config', configDir, 'push', reference], {
    env: { ...process.env, DOCKER_HOST: stack().dockerHost },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`docker push (sync) failed: ${result.stderr?.toString() ?? result.error}`);
}

/**
 * The manual flow a person types: `aws ecr get-login-password | docker login --password-stdin`, then
 * `docker tag` and `docker push`. The pipe is two processes joined here, no shell.
 */
export async function manualAwsCliPush(configDir: string, source: string, repository: string, tag: string): Promise<void> {
  const { ecr, registry, dockerHost } = stack();
  const dockerEnv = { ...process.env, DOCKER_HOST: dockerHost };
  const aws = spawn(AWS_CLI, ['ecr', 'get-login-password', '--endpoint-url', ecr.endpoint, '--region', ecr.region], {
    env: awsCliEnv(stack(), workDir()),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const login = spawn('docker', ['--config', configDir, 'login', '--username', 'AWS', '--password-stdin', registry.host], {
    env: dockerEnv,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  aws.stdout.pipe(login.stdin);
  const errors: string[] = [];
  aws.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  login.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const exit = (child: typeof aws | typeof login) =>
    new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
  const [awsCode, loginCode] = await Promise.all([exit(aws), exit(login)]);
  if (awsCode !== 0 || loginCode !== 0) throw new Error(`aws | docker login failed (${awsCode}, ${loginCode}): ${errors.join('').trim()}`);
  const target = remote(repository, tag);
  await docker(['--config', configDir, 'tag', source, target]);
  await docker(['--config', configDir, 'push', target]);
}
