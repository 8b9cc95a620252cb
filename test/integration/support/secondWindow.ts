/**
 * The test entry of a second VS Code window (its own extension host, the same user data as the first):
 * the two-window test opens it through the page driver. It pushes when the first window says so and
 * reports each push, so the two windows take turns and also push at the same moment. What to push comes
 * from a plan file in the window's folder; turns are files in the plan's folder:
 * `go-<n>` (written by the first window) and `done-<n>` (written here, with the outcome).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The plan the first window writes into the second window's folder. */
export interface SecondWindowPlan {
  readonly image: string;
  readonly repository: string;
  /** One push per tag, turn by turn. */
  readonly tags: readonly string[];
  /** Where the turn files go. */
  readonly turnsDir: string;
}

/** What the second window reports for one turn. */
export interface SecondWindowTurn {
  readonly tag: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly digest?: string;
  readonly error?: string;
}

export const PLAN_FILE = 'second-window-plan.json';

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`second window: ${path.basename(file)} never came`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Called by the second window's extension host (extensionTestsPath); its outcome is the window's exit code. */
export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('second window: no folder open');
  const plan = JSON.parse(fs.readFileSync(path.join(folder, PLAN_FILE), 'utf8')) as SecondWindowPlan;
  await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  for (const [turn, tag] of plan.tags.entries()) {
    await waitForFile(path.join(plan.turnsDir, `go-${turn}`), 180_000);
    const startedAt = new Date().toISOString();
    let outcome: Pick<SecondWindowTurn, 'digest' | 'error'>;
    try {
      const result = await vscode.commands.executeCommand<{ digest?: string }>('ecrPush.pushImage', {
        imageName: plan.image,
        imageTag: tag,
        repositoryName: plan.repository,
      });
      outcome = { digest: result.digest };
    } catch (error) {
      outcome = { error: error instanceof Error ? error.message : String(error) };
    }
    const report: SecondWindowTurn = { tag, startedAt, endedAt: new Date().toISOString(), ...outcome };
    fs.writeFileSync(path.join(plan.turnsDir, `done-${turn}`), JSON.stringify(report));
  }
}
