/**
 * The `ecr-push` task type: one detected task per Dockerfile in the workspace, and any `ecr-push` task in
 * tasks.json (a Dockerfile to build and push, or a local `image` to push as it is). Each runs in a
 * CustomExecution whose terminal shows the ECR Push log's lines, through the one PushController.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RegionResolver } from '../credentials/regionResolution';
import { DOCKERFILE_GLOB } from '../docker/dockerfile';
import { untrustedBuildError } from '../push/buildRequest';
import { parseTaskDefinition, resolvePushRequest, suggestRepositoryName } from '../push/buildPushArgs';
import { expandTagPattern, readGitHead } from '../push/tagSuggestions';
import { dockerfileKey, type BuildMemory } from '../ui/BuildMemory';
import type { PushController } from '../ui/PushController';
import { PushTerminal } from './PushTerminal';

export const ECR_PUSH_TASK_TYPE = 'ecr-push';

export interface EcrPushTaskDeps {
  readonly controller: PushController;
  readonly regions: RegionResolver;
  readonly builds: BuildMemory;
}

export class EcrPushTaskProvider implements vscode.TaskProvider {
  constructor(private readonly deps: EcrPushTaskDeps) {}

  /** One "Build and push <Dockerfile>" task per Dockerfile (node_modules excluded), to the remembered repository or one named after its folder. */
  async provideTasks(token?: vscode.CancellationToken): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) {
      // Every detected task builds a Dockerfile; VS Code runs no task in Restricted Mode anyway.
      return [];
    }
    const files = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 200, token);
    const tasks: vscode.Task[] = [];
    for (const file of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const folder = vscode.workspace.getWorkspaceFolder(file);
      if (!folder) {
        continue;
      }
      const relative = path.relative(folder.uri.fsPath, file.fsPath).split(path.sep).join('/');
      const remembered = this.deps.builds.get(dockerfileKey(file));
      const repository =
        remembered?.repository ??
        suggestRepositoryName(path.basename(path.dirname(file.fsPath))) ??
        suggestRepositoryName(folder.name) ??
        'app';
      const definition = {
        type: ECR_PUSH_TASK_TYPE,
        dockerfile: relative,
        repository,
        ...(remembered ? { region: remembered.region } : {}),
      };
      tasks.push(this.task(definition, folder, vscode.l10n.t('Build and push {0}', relative)));
    }
    return tasks;
  }

  /** Gives an `ecr-push` task from tasks.json its execution. */
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (task.definition.type !== ECR_PUSH_TASK_TYPE) {
      return undefined;
    }
    const folder = typeof task.scope === 'object' ? task.scope : undefined;
    return this.task(task.definition, folder, task.name);
  }

  private task(definition: vscode.TaskDefinition, folder: vscode.WorkspaceFolder | undefined, name: string): vscode.Task {
    const execution = new vscode.CustomExecution(
      async (resolved) => new PushTerminal(name, (follow) => this.run(resolved, folder, follow)),
    );
    return new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, ECR_PUSH_TASK_TYPE, execution, []);
  }

  /** The definition (variables already resolved by VS Code) → the push request → the controller. */
  private async run(
    definition: vscode.TaskDefinition,
    folder: vscode.WorkspaceFolder | undefined,
    follow: Parameters<PushController['push']>[1],
  ) {
    const baseDir = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const args = parseTaskDefinition({ ...definition });
    if (args.dockerfile !== undefined && !vscode.workspace.isTrusted) {
      // Should VS Code ever run a task in Restricted Mode, a build still does not run.
      throw untrustedBuildError();
    }
    // "{commit}" and "{branch}" in tags are the workspace's git HEAD now.
    const placeholders = args.tags?.some((tag) => /^\{(commit|branch)\}$/.test(tag));
    const tags = placeholders && args.tags ? expandTagPattern(args.tags, await readGitHead(baseDir)) : args.tags;
    const request = await resolvePushRequest({ ...args, ...(tags ? { tags } : {}) }, baseDir, () => this.deps.regions.current());
    return this.deps.controller.push(request, follow);
  }
}
