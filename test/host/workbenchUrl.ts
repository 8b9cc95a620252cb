/** What the workbench should load, as absolute paths on the code-server machine. */
export interface WorkbenchPayload {
  /** Folder to open. */
  folder: string;
  /** Load the extension from this folder as a development extension (no vsix needed). */
  extensionDevelopmentPath?: string;
  /** Module whose exported `run()` the extension host calls, as with @vscode/test-electron. */
  extensionTestsPath?: string;
}

/**
 * The workbench URL for code-server at `serverUrl` with `payload`. Paths become vscode-remote://
 * URIs of this server, which is how the browser workbench names files on the remote side.
 */
export function workbenchUrl(serverUrl: string, payload: WorkbenchPayload): string {
  const authority = new URL(serverUrl).host;
  const remote = (file: string): string => `vscode-remote://${authority}${encodeURI(file)}`;
  const entries: Array<[string, string]> = [['skipWelcome', 'true']];
  if (payload.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  return `${serverUrl}/?folder=${encodeURIComponent(payload.folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}
