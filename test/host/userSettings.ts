import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Settings every run seeds so the workbench starts quiet and the same each time. Workspace trust
 * is turned off through the ordinary setting (not a CLI flag): the test folder is a throwaway one
 * we created, a person would trust it, and the trust modal would otherwise cover the page.
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
};

/** Writes `<userDataDir>/User/settings.json`: the quiet defaults plus `settings` (which win). */
export function writeUserSettings(userDataDir: string, settings: Readonly<Record<string, unknown>> = {}): string {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}
