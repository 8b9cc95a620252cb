/**
 * The last build and push chosen per Dockerfile, in workspaceState (this workspace only, no secrets),
 * keyed by the Dockerfile's workspace-relative path. "Build and Push Again" and the CodeLens read it.
 */
import * as vscode from 'vscode';
import { withNewest } from './recentlyUsed';

export interface RememberedBuild {
  readonly repository: string;
  /** The tags, with the git commit and branch as `{commit}` / `{branch}` (see push/tagSuggestions.ts). */
  readonly tagPattern: readonly string[];
  readonly region: string;
  readonly accountId?: string;
  /** The context folder relative to the workspace folder (absolute when outside it); undefined: the Dockerfile's folder. */
  readonly context?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly platform?: string;
  readonly platforms?: readonly string[];
}

const KEY = 'ecrPush.lastBuilds';
const MAX_DOCKERFILES = 100;
/** Build arguments with such names are never written to workspace state; docker's own secrets (`--secret`) are the way for those. */
const SECRET_LIKE_NAME = /secret|passw|token|credential|private|api_?key|access_?key|auth/i;

/** The workspace-relative path (with the folder's name in a multi-root workspace): the key of a Dockerfile's memory. */
export function dockerfileKey(dockerfile: vscode.Uri): string {
  return vscode.workspace.asRelativePath(dockerfile, true);
}

export class BuildMemory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a Dockerfile's choices were remembered (the CodeLens updates). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  get(dockerfileKey: string): RememberedBuild | undefined {
    return this.state.get<Record<string, RememberedBuild>>(KEY, {})[dockerfileKey];
  }

  /** Remembers `build` for the Dockerfile; returns the names of build arguments it left out as secret-like. */
  async remember(dockerfileKey: string, build: RememberedBuild): Promise<string[]> {
    const left: string[] = [];
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(build.buildArgs ?? {})) {
      if (SECRET_LIKE_NAME.test(name)) {
        left.push(name);
      } else {
        kept[name] = value;
      }
    }
    const entry: RememberedBuild = { ...build, buildArgs: Object.keys(kept).length > 0 ? kept : undefined };
    await this.state.update(
      KEY,
      withNewest(this.state.get<Record<string, RememberedBuild>>(KEY, {}), dockerfileKey, entry, MAX_DOCKERFILES),
    );
    this.changed.fire();
    return left;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
