/**
 * Build projects in the test workspace (Dockerfiles the real engine builds offline) and a reader of what a
 * push put in the registry: the image's config blob, fetched over the registry's v2 API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { ecrClient, stackInfo } from './stack';

/** What `ecrPush.buildAndPush` resolves to. */
export interface BuildResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
  localImage?: string;
}

/** Runs `ecrPush.buildAndPush` with complete arguments, as an extension or a keybinding would. */
export function buildAndPush(args: Record<string, unknown>): Promise<BuildResult> {
  return Promise.resolve(vscode.commands.executeCommand<BuildResult>('ecrPush.buildAndPush', args));
}

/** The digest DescribeImages gives repository:tag, through a client of the test's own. */
export async function describedDigest(repository: string, tag: string): Promise<string | undefined> {
  const described = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
  return described.imageDetails?.[0]?.imageDigest;
}

/**
 * Two stages, a build argument and labels that say which stage was built: `greeting` holds the
 * GREETING build argument, `stage` the stage (the last one is `final`).
 */
export const STAGED_DOCKERFILE = [
  'FROM scratch AS base',
  'ARG GREETING=hi',
  'LABEL stage=base',
  'LABEL greeting=$GREETING',
  'COPY hello.txt /hello.txt',
  '',
  'FROM base AS final',
  'LABEL stage=final',
  'COPY hello.txt /again.txt',
  '',
].join('\n');

/**
 * A build that takes as long as the test wants: a `RUN` of the host's own `sleep` (with the loader and libc
 * it needs), so cancelling can be tried while the engine is inside a step.
 */
export const SLOW_DOCKERFILE = [
  'FROM scratch',
  'COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2',
  'COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6',
  'COPY sleep /sleep',
  'RUN ["/sleep", "600"]',
  '',
].join('\n');

/** The folder VS Code opened for the suites. */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) {
    throw new Error('The suites need an opened workspace folder (the runner opens one).');
  }
  return folder;
}

/** A folder of the workspace with a Dockerfile and the hello.txt it copies. */
export function dockerfileProject(
  relative: string,
  dockerfile: string,
  fileName = 'Dockerfile',
): { relative: string; dir: string; file: string } {
  const dir = path.join(workspaceFolder(), relative);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'hello.txt'), `hello from ${relative}\n`);
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, dockerfile);
  return { relative: relative.split(path.sep).join('/'), dir, file };
}

/** A project whose build runs the host's `sleep` in a `RUN` step (Linux x86-64, as on this machine). */
export function slowProject(relative: string, dockerfile: string): { relative: string; dir: string; file: string } {
  const project = dockerfileProject(relative, dockerfile);
  for (const [from, name] of [
    ['/usr/bin/sleep', 'sleep'],
    ['/lib/x86_64-linux-gnu/libc.so.6', 'libc.so.6'],
    ['/lib64/ld-linux-x86-64.so.2', 'ld-linux-x86-64.so.2'],
  ]) {
    fs.copyFileSync(fs.realpathSync(from), path.join(project.dir, name));
  }
  return project;
}

export interface ImageConfig {
  /** The config blob's digest: the image id docker shows. */
  readonly digest: string;
  readonly config?: { readonly Labels?: Record<string, string> | null };
  readonly architecture?: string;
}

/** The pushed image's config blob for repository:tag, read from the registry with its own per-run password. */
export async function registryImageConfig(repository: string, tag: string): Promise<ImageConfig> {
  const { host, password } = stackInfo().registry;
  const headers = {
    authorization: `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`,
    accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
  };
  const manifestResponse = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { headers });
  if (!manifestResponse.ok) {
    throw new Error(`GET manifest ${repository}:${tag}: ${manifestResponse.status} ${await manifestResponse.text()}`);
  }
  const manifest = (await manifestResponse.json()) as { config: { digest: string } };
  const blobResponse = await fetch(`http://${host}/v2/${repository}/blobs/${manifest.config.digest}`, { headers });
  if (!blobResponse.ok) {
    throw new Error(`GET config blob of ${repository}:${tag}: ${blobResponse.status}`);
  }
  return { digest: manifest.config.digest, ...((await blobResponse.json()) as Omit<ImageConfig, 'digest'>) };
}
