/**
 * Remembers the last target chosen per local image repository, and recently used regions, in
 * globalState (non-secret). Offered first next time.
 */
import type * as vscode from 'vscode';
import { withNewest } from './recentlyUsed';

export interface RememberedTarget {
  readonly repository: string;
  readonly tags: readonly string[];
  readonly region: string;
  readonly accountId?: string;
}

const TARGETS_KEY = 'ecrPush.lastTargets';
const REGIONS_KEY = 'ecrPush.recentRegions';
const MAX_TARGETS = 100;
const MAX_REGIONS = 5;

export class TargetMemory {
  constructor(private readonly state: vscode.Memento) {}

  lastTarget(imageRepository: string): RememberedTarget | undefined {
    return this.state.get<Record<string, RememberedTarget>>(TARGETS_KEY, {})[imageRepository];
  }

  async remember(imageRepository: string, target: RememberedTarget): Promise<void> {
    await this.state.update(
      TARGETS_KEY,
      withNewest(this.state.get<Record<string, RememberedTarget>>(TARGETS_KEY, {}), imageRepository, target, MAX_TARGETS),
    );
    const regions = [target.region, ...this.recentRegions().filter((r) => r !== target.region)].slice(0, MAX_REGIONS);
    await this.state.update(REGIONS_KEY, regions);
  }

  recentRegions(): string[] {
    return this.state.get<string[]>(REGIONS_KEY, []);
  }
}
