/**
 * The access key a user typed into "ECR: Set AWS Credentials", kept only in VS Code's SecretStorage
 * (the OS keychain on desktop). Nothing of it goes to settings, state, logs or command arguments.
 */
import * as vscode from 'vscode';
import type { StoredAccessKey } from '../credentials/credentialSource';

const ACCESS_KEY = 'ecrPush.awsAccessKey';

export class SecretCredentialStore implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the stored key changes, in this window or another. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === ACCESS_KEY) {
        this.changeEmitter.fire();
      }
    });
  }

  async get(): Promise<StoredAccessKey | undefined> {
    const raw = await this.secrets.get(ACCESS_KEY);
    if (!raw) {
      return undefined;
    }
    try {
      const parsed = JSON.parse(raw) as Partial<StoredAccessKey>;
      if (typeof parsed.accessKeyId === 'string' && typeof parsed.secretAccessKey === 'string') {
        return {
          accessKeyId: parsed.accessKeyId,
          secretAccessKey: parsed.secretAccessKey,
          sessionToken: typeof parsed.sessionToken === 'string' && parsed.sessionToken ? parsed.sessionToken : undefined,
        };
      }
    } catch {
      // A damaged entry is treated as absent; the user can set the key again.
    }
    return undefined;
  }

  async set(key: StoredAccessKey): Promise<void> {
    await this.secrets.store(ACCESS_KEY, JSON.stringify(key));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(ACCESS_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
