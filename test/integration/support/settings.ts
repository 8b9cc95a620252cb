/** Settings changes that a test makes for its own body and then undoes. */
import * as vscode from 'vscode';
import { eventually } from './stack';

/**
 * Sets an ecrPush setting for `body`, then puts the previous global value back (not undefined: in the
 * remote host, machine-scoped settings such as ecrPush.endpoint live in the machine settings the
 * runner seeded, and removing them would cut the extension off the stack).
 */
export async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('ecrPush');
  const previous = config.inspect(key)?.globalValue;
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await eventually(
    `ecrPush.${key} to read back`,
    () => JSON.stringify(vscode.workspace.getConfiguration('ecrPush').get(key)) === JSON.stringify(value) || undefined,
    10_000,
  );
  try {
    return await body();
  } finally {
    await config.update(key, previous, vscode.ConfigurationTarget.Global);
    await eventually(
      `ecrPush.${key} to be restored`,
      () =>
        JSON.stringify(vscode.workspace.getConfiguration('ecrPush').inspect(key)?.globalValue) === JSON.stringify(previous) || undefined,
      10_000,
    );
  }
}
