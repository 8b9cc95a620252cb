/**
 * The "Get started with ECR Push" walkthrough (package.json `contributes.walkthroughs`): opening it, once
 * by itself on the first start after install and on demand (ECR: Get Started), and the context keys its
 * steps complete on. The Docker step completes on the Local Images view's own `ecrPush.dockerState`; the
 * others on the keys set here when credentials resolve, a push succeeds and the pushed image is shown.
 */
import * as vscode from 'vscode';

/** The walkthrough's id in package.json; VS Code names it `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'ecrPush.getStarted';

export const GettingStartedContextKeys = {
  /** True once ECR Push has resolved AWS credentials in this window (a push, the repositories view, a check). */
  credentialsResolved: 'ecrPush.credentialsResolved',
  /** True once a push has succeeded (kept across restarts). */
  hasPushed: 'ecrPush.hasPushed',
  /** True once the pushed image was shown in the ECR Repositories view. */
  pushedImageShown: 'ecrPush.pushedImageShown',
} as const;

const OPENED_ON_FIRST_RUN_KEY = 'ecrPush.walkthroughOpenedOnFirstRun';
const HAS_PUSHED_KEY = 'ecrPush.hasPushed';

export class GettingStarted {
  private credentialsResolved = false;

  constructor(
    /** `context.extension.id`, e.g. `ecr-push.ecr-push`. */
    private readonly extensionId: string,
    private readonly state: vscode.Memento,
  ) {}

  /** Opens the walkthrough in the editor area. */
  async open(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${this.extensionId}#${WALKTHROUGH_ID}`, false);
  }

  /**
   * On the first start after install, opens the walkthrough, unless VS Code's own
   * `workbench.welcomePage.walkthroughs.openOnInstall` is off. Remembered either way in globalState, so
   * it happens once per user, never again on a later start.
   */
  async openOnFirstRun(): Promise<boolean> {
    if (this.state.get<boolean>(OPENED_ON_FIRST_RUN_KEY)) {
      return false;
    }
    await this.state.update(OPENED_ON_FIRST_RUN_KEY, true);
    if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) {
      return false;
    }
    await this.open();
    return true;
  }

  /** Sets the keys that outlive a window (a push made before) at activation. */
  async restore(): Promise<void> {
    if (this.state.get<boolean>(HAS_PUSHED_KEY)) {
      await setContext(GettingStartedContextKeys.hasPushed, true);
    }
  }

  /** Credentials resolved (an ECR session opened). */
  async onCredentialsResolved(): Promise<void> {
    if (!this.credentialsResolved) {
      this.credentialsResolved = true;
      await setContext(GettingStartedContextKeys.credentialsResolved, true);
    }
  }

  /** A push succeeded. */
  async onPushed(): Promise<void> {
    await this.state.update(HAS_PUSHED_KEY, true);
    await setContext(GettingStartedContextKeys.hasPushed, true);
  }

  /** The pushed image was revealed in the ECR Repositories view. */
  async onPushedImageShown(): Promise<void> {
    await setContext(GettingStartedContextKeys.pushedImageShown, true);
  }
}

function setContext(key: string, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
