/**
 * The extension's settings, typed and checked in one place. A value of the wrong type is reported
 * (once per change) and replaced by the default, never passed on. `containerCommand`, `endpoint`,
 * `profile` and `loginTarget` are taken from a workspace only when it is trusted: a cloned repository
 * could otherwise point the extension at an attacker's binary or endpoint and hand it credentials,
 * switch the AWS identity a push runs as, or make it write a login into the user's own docker config.
 */
import * as vscode from 'vscode';
import type { ImageTagMutability } from '../ecr/EcrRegistry';

const SECTION = 'ecrPush';

export interface EcrPushSettings {
  readonly region: string;
  readonly profile: string;
  readonly endpoint: string;
  readonly useFipsEndpoint: boolean;
  readonly containerCommand: string;
  readonly showDanglingImages: boolean;
  /** Local Images lists registry aliases as repositories of their own instead of under their images. */
  readonly showRegistryAliases: boolean;
  /** After a verified push, remove the local `<registry>/<repository>:<tag>` tag the push created. */
  readonly removeLocalAliasAfterPush: boolean;
  readonly imageTagMutability: ImageTagMutability;
  readonly scanOnPush: boolean;
  readonly loginTarget: 'private' | 'user';
  /** Repositories or images per page in the ECR Repositories view (1–1000). */
  readonly repositoriesPageSize: number;
  /** After a push to a repository that scans on push, follow the scan in the background and show its counts. */
  readonly followScanAfterPush: boolean;
}

const DEFAULTS: EcrPushSettings = {
  region: '',
  profile: '',
  endpoint: '',
  useFipsEndpoint: false,
  containerCommand: 'docker',
  showDanglingImages: false,
  showRegistryAliases: false,
  removeLocalAliasAfterPush: false,
  imageTagMutability: 'MUTABLE',
  scanOnPush: true,
  loginTarget: 'private',
  repositoriesPageSize: 100,
  followScanAfterPush: true,
};

/** Settings the commands write: the user's choice of identity and region. */
export type WritableSetting = 'profile' | 'region';
/** On/off settings the commands write: the Local Images view toggle. */
export type WritableFlag = 'localImages.showRegistryAliases';

/**
 * Settings a cloned repository must not choose: the executable and endpoint (they would receive
 * credentials), the AWS identity, and where logins are written. Ignored from untrusted workspaces.
 */
const TRUST_RESTRICTED = new Set(['containerCommand', 'endpoint', 'profile', 'loginTarget']);

export class Settings implements vscode.Disposable {
  private readonly problems: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires after any ecrPush.* setting (or workspace trust) changes. */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) {
          this.changeEmitter.fire();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changeEmitter.fire()),
    );
  }

  /** Reads every setting now; `problems` lists the values that were ignored and why. */
  read(): EcrPushSettings & { readonly problems: readonly string[] } {
    this.problems.length = 0;
    const config = vscode.workspace.getConfiguration(SECTION);
    const mutability = this.string(config, 'createRepository.imageTagMutability', DEFAULTS.imageTagMutability);
    const loginTarget = this.string(config, 'loginTarget', DEFAULTS.loginTarget);
    return {
      region: this.string(config, 'region', DEFAULTS.region).trim(),
      profile: this.string(config, 'profile', DEFAULTS.profile).trim(),
      endpoint: this.string(config, 'endpoint', DEFAULTS.endpoint).trim(),
      useFipsEndpoint: this.boolean(config, 'useFipsEndpoint', DEFAULTS.useFipsEndpoint),
      containerCommand: this.string(config, 'containerCommand', DEFAULTS.containerCommand).trim() || DEFAULTS.containerCommand,
      showDanglingImages: this.boolean(config, 'showDanglingImages', DEFAULTS.showDanglingImages),
      showRegistryAliases: this.boolean(config, 'localImages.showRegistryAliases', DEFAULTS.showRegistryAliases),
      removeLocalAliasAfterPush: this.boolean(config, 'removeLocalAliasAfterPush', DEFAULTS.removeLocalAliasAfterPush),
      imageTagMutability: this.oneOf(
        mutability,
        ['MUTABLE', 'IMMUTABLE'],
        'createRepository.imageTagMutability',
        DEFAULTS.imageTagMutability,
      ),
      scanOnPush: this.boolean(config, 'createRepository.scanOnPush', DEFAULTS.scanOnPush),
      loginTarget: this.oneOf(loginTarget, ['private', 'user'], 'loginTarget', DEFAULTS.loginTarget),
      repositoriesPageSize: this.integer(config, 'repositories.pageSize', 1, 1000, DEFAULTS.repositoriesPageSize),
      followScanAfterPush: this.boolean(config, 'followScanAfterPush', DEFAULTS.followScanAfterPush),
      problems: [...this.problems],
    };
  }

  /**
   * Writes a choice where the value in effect comes from: the workspace when it overrides the setting,
   * else the user settings. An empty value removes the setting (back to automatic).
   */
  async update(key: WritableSetting, value: string): Promise<void> {
    await this.write(key, value || undefined, value || undefined);
  }

  /**
   * Writes an on/off setting the same way. In the user settings false (the default) removes it; a
   * workspace value is written as it is, since removing it would let the user's value show through.
   */
  async updateFlag(key: WritableFlag, value: boolean): Promise<void> {
    await this.write(key, value, value || undefined);
  }

  private async write(key: WritableSetting | WritableFlag, workspaceValue: unknown, userValue: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    if (config.inspect(key)?.workspaceValue !== undefined) {
      await config.update(key, workspaceValue, vscode.ConfigurationTarget.Workspace);
    } else {
      await config.update(key, userValue, vscode.ConfigurationTarget.Global);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private value(config: vscode.WorkspaceConfiguration, key: string): unknown {
    const value = config.get<unknown>(key);
    if (TRUST_RESTRICTED.has(key) && !vscode.workspace.isTrusted) {
      // VS Code already drops workspace values of restrictedConfigurations in restricted mode; this
      // makes sure of it. User and machine (remote) values still apply.
      const inspected = config.inspect(key);
      const fromWorkspace = [inspected?.workspaceFolderValue, inspected?.workspaceValue].filter((v) => v !== undefined);
      if (fromWorkspace.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
        return inspected?.globalValue ?? inspected?.defaultValue;
      }
    }
    return value;
  }

  private string(config: vscode.WorkspaceConfiguration, key: string, fallback: string): string {
    const value = this.value(config, key);
    if (value === undefined || value === null) {
      return fallback;
    }
    if (typeof value !== 'string') {
      this.problems.push(`Setting ${SECTION}.${key} must be a string, not ${JSON.stringify(value)}; using "${fallback}".`);
      return fallback;
    }
    return value;
  }

  private boolean(config: vscode.WorkspaceConfiguration, key: string, fallback: boolean): boolean {
    const value = this.value(config, key);
    if (value === undefined || value === null) {
      return fallback;
    }
    if (typeof value !== 'boolean') {
      this.problems.push(`Setting ${SECTION}.${key} must be true or false, not ${JSON.stringify(value)}; using ${fallback}.`);
      return fallback;
    }
    return value;
  }

  private integer(config: vscode.WorkspaceConfiguration, key: string, min: number, max: number, fallback: number): number {
    const value = this.value(config, key);
    if (value === undefined || value === null) {
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(
        `Setting ${SECTION}.${key} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}; using ${fallback}.`,
      );
      return fallback;
    }
    return value;
  }

  private oneOf<T extends string>(value: string, allowed: readonly T[], key: string, fallback: T): T {
    if ((allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    this.problems.push(`Setting ${SECTION}.${key} must be one of ${allowed.join(', ')}, not "${value}"; using ${fallback}.`);
    return fallback;
  }
}
