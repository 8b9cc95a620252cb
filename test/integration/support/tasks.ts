/**
 * Running `ecr-push` tasks as a person does: the definition written to the workspace's tasks.json, the
 * task taken from what VS Code offers (the provider's resolveTask fills its execution), run, and its exit
 * code read from onDidEndTaskProcess.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceFolder } from './builds';
import { eventually } from './stack';

/**
 * For a suite that writes tasks.json: registers hooks that put back the file the suite found, and close
 * the panel the ended tasks' terminals keep open (later suites expect the workbench as they found it).
 * Returns the writer of the suite's tasks.
 */
export function useTasksFile(): (tasks: object[], label: string) => Promise<vscode.Task> {
  const tasksFile = path.join(workspaceFolder(), '.vscode', 'tasks.json');
  let previous: string | undefined;
  before(() => {
    previous = fs.existsSync(tasksFile) ? fs.readFileSync(tasksFile, 'utf8') : undefined;
  });
  after(async () => {
    if (previous === undefined) fs.rmSync(tasksFile, { force: true });
    else fs.writeFileSync(tasksFile, previous);
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });
  /** Writes tasks.json and waits until VS Code offers the task `label`. */
  return (tasks, label) => {
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    fs.writeFileSync(tasksFile, JSON.stringify({ version: '2.0.0', tasks }, null, 2));
    return eventually(
      `task "${label}" from tasks.json`,
      async () => (await vscode.tasks.fetchTasks({ type: 'ecr-push' })).find((task) => task.name === label),
      30_000,
    );
  };
}

/** Runs a task as "Tasks: Run Task" does and resolves to its exit code. */
export async function runTask(task: vscode.Task): Promise<number | undefined> {
  const ended = new Promise<number | undefined>((resolve) => {
    const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution.task.name === task.name && event.execution.task.definition.type === 'ecr-push') {
        subscription.dispose();
        resolve(event.exitCode);
      }
    });
  });
  assert.ok(await vscode.tasks.executeTask(task));
  return ended;
}
