import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Quiet defaults that VS Code registers as machine-scoped: a remote window (code-server's) reads them
 * only from the machine's settings file, so they go there too (see writeUserSettings).
 */
const QUIET_MACHINE_SETTINGS: Readonly<Record<string, unknown>> = {
  // ECR Push opens its walkthrough on its first start; only the first-run host (and the packaged tier) want that.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

/**
 * Settings every run seeds so the workbench starts quiet and the same each time. Workspace trust
 * is turned off through the ordinary setting (not a CLI flag): the test folder is a throwaway one
 * we created, a person would trust it, and the trust modal would otherwise cover the page.
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  ...QUIET_MACHINE_SETTINGS,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

/**
 * Writes `<userDataDir>/User/settings.json` (the quiet defaults plus `settings`, which win) and puts
 * `settings` with the machine-scoped quiet defaults in `<userDataDir>/Machine/settings.json`. In code-server the extension host is
 * "remote", and a remote window ignores user-level values of machine-scoped settings (such as
 * ecrPush.endpoint and ecrPush.containerCommand) exactly as VS Code Remote does: they must come from
 * the machine's own settings file. A desktop window reads the User file.
 */
export function writeUserSettings(userDataDir: string, settings: Readonly<Record<string, unknown>> = {}): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  const machineFile = path.join(userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machineFile), { recursive: true });
  fs.writeFileSync(machineFile, JSON.stringify({ ...QUIET_MACHINE_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}
