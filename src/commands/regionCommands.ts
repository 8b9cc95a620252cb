/**
 * "ECR: Select Region": the current region first, then recently used ones, then every region; or
 * "Automatic" to follow the profile and environment again. With `{ region }` it selects without asking.
 */
import * as vscode from 'vscode';
import { orderRegionsForPick } from '../credentials/regionResolution';
import { validateRegion } from '../push/validation';

export interface SelectRegionDeps {
  readonly recentRegions: () => readonly string[];
  /** What the region is when the setting is empty, and why (profile, AWS_REGION), for the "Automatic" item. */
  readonly automaticRegion: () => Promise<{ region: string; from: string } | undefined>;
}

export function createSelectRegionCommand(deps: SelectRegionDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const given = typeof arg === 'string' ? arg : (arg as { region?: unknown } | undefined)?.region;
    if (typeof given === 'string') {
      const problem = given ? validateRegion(given) : undefined;
      if (problem) {
        void vscode.window.showErrorMessage(`ECR: ${problem}`);
        return undefined;
      }
      return save(given);
    }
    const current = vscode.workspace.getConfiguration('ecrPush').get<string>('region') || undefined;
    const automatic = await deps.automaticRegion();
    const ordered = orderRegionsForPick({ current, recent: deps.recentRegions() });
    const items: Array<vscode.QuickPickItem & { region?: string }> = [
      {
        label: `$(sync) Automatic${current ? '' : ' $(check)'}`,
        description: automatic ? `now ${automatic.region}, from ${automatic.from}` : 'no profile region or AWS_REGION: pushes will ask',
        region: '',
      },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      ...ordered.map((entry) => ({
        label: `${entry.region}${entry.current ? ' $(check)' : ''}`,
        description: entry.current ? 'current' : entry.recent ? 'recently used' : undefined,
        region: entry.region,
      })),
    ];
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'ECR: Select Region',
      placeHolder: 'Region for pushes and the ECR Repositories view',
    });
    if (!chosen || chosen.region === undefined) {
      return undefined;
    }
    return save(chosen.region);
  };
}

async function save(region: string): Promise<string> {
  const config = vscode.workspace.getConfiguration('ecrPush');
  const target =
    config.inspect<string>('region')?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update('region', region || undefined, target);
  return region;
}
