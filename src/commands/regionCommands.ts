/**
 * "ECR: Select Region": the current region first, then recently used ones, then every region; or
 * "Automatic" to follow the profile and environment again. With `{ region }` it selects without asking.
 */
import * as vscode from 'vscode';
import type { Settings } from '../config/settings';
import type { RegionResolver } from '../credentials/regionResolution';
import { PushError } from '../push/pushErrors';
import { validateRegion } from '../push/validation';
import type { ErrorNotifier } from '../ui/ErrorNotifier';
import { pickRegion } from '../ui/prompts';
import type { TargetMemory } from '../ui/TargetMemory';

export interface SelectRegionDeps {
  readonly settings: Settings;
  readonly regions: RegionResolver;
  readonly memory: TargetMemory;
  readonly errors: ErrorNotifier;
}

export function createSelectRegionCommand(deps: SelectRegionDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const given = typeof arg === 'string' ? arg : (arg as { region?: unknown } | undefined)?.region;
    if (typeof given === 'string') {
      const problem = given ? validateRegion(given) : undefined;
      if (problem) {
        deps.errors.notify(new PushError('invalidInput', problem, vscode.l10n.t('Nothing was changed.'), []), {
          what: vscode.l10n.t('select the region'),
        });
        return undefined;
      }
      await deps.settings.update('region', given);
      return given;
    }
    const region = await pickRegion({
      title: vscode.l10n.t('ECR: Select Region'),
      placeHolder: vscode.l10n.t('Region for pushes and the ECR Repositories view'),
      current: deps.settings.read().region || undefined,
      recent: deps.memory.recentRegions(),
      automatic: (await deps.regions.automatic()) ?? null,
    });
    if (region === undefined) {
      return undefined;
    }
    await deps.settings.update('region', region);
    return region;
  };
}
