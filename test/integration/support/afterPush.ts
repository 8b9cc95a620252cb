/**
 * What the after-push suites (scans, tags added in ECR, pulls) share: repositories made through the
 * extension's own Create Repository command, pushes through its push command, the log read until a line
 * shows up, and every secret the stack handed out.
 */
import * as vscode from 'vscode';
import { createImage, ecrControl, eventually, readPushLog, stackInfo, unique } from './stack';

/** A repository made with "Create Repository…" and complete arguments (no prompt). */
export async function createRepository(options: { scanOnPush: boolean; immutable?: boolean; prefix?: string }): Promise<string> {
  const name = unique(options.prefix ?? '0after');
  await vscode.commands.executeCommand('ecrPush.repositories.create', {
    repositoryName: name,
    scanOnPush: options.scanOnPush,
    imageTagMutability: options.immutable ? 'IMMUTABLE' : 'MUTABLE',
  });
  return name;
}

/** Makes a local image of unique bytes and pushes it with "ECR: Push Image"; returns the local reference and digest. */
export async function pushNew(repository: string, tag: string, sizeBytes = 96 * 1024): Promise<{ local: string; digest: string }> {
  const local = `${unique('local/after')}:${tag}`;
  await createImage(local, sizeBytes);
  const result = await vscode.commands.executeCommand<{ digest?: string }>('ecrPush.pushImage', {
    imageName: local,
    repositoryName: repository,
    imageTag: tag,
  });
  if (!result?.digest) {
    throw new Error(`the push of ${local} to ${repository} returned no digest`);
  }
  return { local, digest: result.digest };
}

/** Waits until the ECR Push log, from `since` on, has a line containing `text`; returns that line. */
export function logLine(text: string, since = 0, timeoutMs = 30_000): Promise<string> {
  return eventually(
    `"${text}" in the ECR Push log`,
    () =>
      readPushLog()
        .slice(since)
        .split('\n')
        .find((line) => line.includes(text)),
    timeoutMs,
  );
}

/** Waits until the background follow of `label`'s scan has ended (with results or without). */
export function scanEnded(label: string, since = 0, timeoutMs = 90_000): Promise<string> {
  return eventually(
    `the end of the scan of ${label}`,
    () =>
      readPushLog()
        .slice(since)
        .split('\n')
        .find((line) => line.includes(`scan of ${label} finished`) || line.includes(`scan of ${label} ended without results`)),
    timeoutMs,
  );
}

/** The ECR operations called since the last reset. */
export async function operations(): Promise<string[]> {
  return (await ecrControl().calls()).map((call) => call.operation);
}

/**
 * Every secret the stack handed out: the key pair's secret, the registry password, each ECR token and its
 * base64 form; then `extra` secrets of the caller's own. Only those long enough to search for.
 */
export async function knownSecrets(extra: readonly string[] = []): Promise<string[]> {
  const { ecr, registry } = stackInfo();
  const passwords = await ecrControl().issuedPasswords();
  return [
    ecr.secretAccessKey,
    registry.password,
    ...passwords,
    ...passwords.map((password) => Buffer.from(`AWS:${password}`).toString('base64')),
    ...extra,
  ].filter((secret) => secret.length >= 8);
}
