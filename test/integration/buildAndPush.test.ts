/**
 * From a Dockerfile to ECR in the real extension host, with docker: bad arguments, the prompts and what
 * they remember (Build and Push Again, its CodeLens), the `ecr-push` task type's detection, a task of a
 * local image and an invalid definition. The cases every engine must pass (a build and push by arguments,
 * a task's exit codes, a cancel inside a RUN step) are in engineBuild.test.ts, run with docker and podman.
 * What landed is read back from the registry (the image's config blob) and through a separate SDK client.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isDockerProcess, listProcesses } from './support/processes';
import { docker, ecrControl, eventually, stackInfo, unique } from './support/stack';
import {
  buildAndPush,
  type BuildResult,
  describedDigest,
  dockerfileProject,
  registryImageConfig,
  STAGED_DOCKERFILE,
  workspaceFolder,
} from './support/builds';
import { runTask, useTasksFile } from './support/tasks';
import { QUICK_INPUT, QUICK_INPUT_ROWS, requireDriver } from './support/workbench';

describe('build and push: ecrPush.buildAndPush and the ecr-push task', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  it('refuses a build argument that is not NAME=value, before anything runs', async () => {
    const project = dockerfileProject(unique('refused'), STAGED_DOCKERFILE);
    const repository = unique('it/refused');
    await assert.rejects(
      buildAndPush({ dockerfile: `${project.relative}/Dockerfile`, buildArgs: { 'BAD-NAME': 'x' }, repositoryName: repository }),
      /Build argument name "BAD-NAME" is not valid/,
    );
    assert.equal(
      (await ecrControl().repositories()).some((r) => r.repositoryName === repository),
      false,
    );
  });

  it('remembers what was typed for the Dockerfile; "Build and Push Again" reuses it without a prompt, and its CodeLens says so', async () => {
    const driver = requireDriver();
    const project = dockerfileProject(unique('remember'), STAGED_DOCKERFILE);
    const dockerfile = vscode.Uri.file(project.file);
    const repository = unique('it/remembered');
    const greeting = unique('salut');
    const title = async () => (await driver.text(`${QUICK_INPUT} .quick-input-title`)) ?? '';
    const waitForTitle = (part: string) =>
      eventually(`the "${part}" prompt`, async () => ((await title()).includes(part) ? true : undefined));

    await vscode.commands.executeCommand('notifications.clearAll');
    await driver.press('Escape');
    const first = Promise.resolve(vscode.commands.executeCommand<BuildResult | undefined>('ecrPush.buildAndPush', dockerfile));

    await waitForTitle('(1/3): repository');
    await driver.press('Control+A');
    await driver.type(repository);
    await driver.press('Enter');

    await waitForTitle('(2/3): tags');
    await driver.press('Control+A');
    await driver.type('r1');
    // The rows follow the typed text; a key pressed before they did would act on the old list.
    await eventually('the row for the typed tag', async () =>
      (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((label) => label?.includes('r1')) ? true : undefined,
    );
    // "More options…" is the last row; Up from the first row wraps to it, as in any quick pick.
    await driver.press('ArrowUp');
    // The active row is the one the input names as its active descendant (what Enter accepts).
    await eventually('"More options…" active', async () => {
      const [active] = await driver.attributes(`${QUICK_INPUT} input`, 'aria-activedescendant');
      const ids = await driver.attributes(QUICK_INPUT_ROWS, 'id');
      const labels = await driver.attributes(QUICK_INPUT_ROWS, 'aria-label');
      return active && labels[ids.indexOf(active)]?.includes('More options') ? true : undefined;
    });
    await driver.press('Enter');
    await waitForTitle(': more options');
    await driver.type('Build arguments');
    await eventually('the Build arguments row', async () =>
      (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((label) => label?.includes('Build arguments')) ? true : undefined,
    );
    await driver.press('Enter');
    await waitForTitle(': build arguments');
    await driver.type(`GREETING=${greeting}`);
    await driver.press('Enter');
    await waitForTitle(': more options');
    await driver.press('Enter'); // "Done", the first row: back to the tags, which kept "r1".
    await waitForTitle('(2/3): tags');
    await eventually('the tags with the build argument in More options', async () =>
      (await driver.attributes(QUICK_INPUT_ROWS, 'aria-label')).some((label) => label?.includes('build args GREETING')) ? true : undefined,
    );
    await driver.screenshot('build-and-push-tags');
    await driver.press('Enter');

    const firstResult = await first;
    assert.ok(firstResult, 'the prompted build and push resolves to its result');
    assert.deepEqual(await ecrControl().registryTags(repository), ['r1']);
    assert.equal((await registryImageConfig(repository, 'r1')).config?.Labels?.greeting, greeting);

    // The CodeLens as a person sees it on the FROM line of the open Dockerfile, then clicked.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.window.showTextDocument(dockerfile);
    const againLens = `.codelens-decoration a:has-text("Build and Push Again: ${repository}:r1")`;
    await driver.waitFor(againLens, 60_000);
    assert.match((await driver.text('.codelens-decoration')) ?? '', /Build and Push to ECR…/);
    await driver.screenshot('build-and-push-again-codelens');

    // A change to the build's input, then Again: the same repository, tag and build argument, with no prompt.
    fs.writeFileSync(path.join(project.dir, 'hello.txt'), `changed ${unique('content')}\n`);
    await driver.click(againLens);
    const againDigest = await eventually(
      'the rebuilt image under r1',
      async () => {
        const digest = await ecrControl().manifestDigest(repository, 'r1');
        return digest && digest !== firstResult.digest ? digest : undefined;
      },
      120_000,
    );
    assert.match(againDigest, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(await ecrControl().registryTags(repository), ['r1']);
    assert.equal((await registryImageConfig(repository, 'r1')).config?.Labels?.greeting, greeting, 'the remembered build argument');
    assert.equal(await describedDigest(repository, 'r1'), againDigest);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  describe('the ecr-push task type', () => {
    const withTasks = useTasksFile();

    it('offers one detected task per Dockerfile, none from node_modules', async () => {
      const a = dockerfileProject(unique('detect-a'), STAGED_DOCKERFILE);
      const b = dockerfileProject(unique('detect-b'), STAGED_DOCKERFILE, 'api.Dockerfile');
      const hidden = dockerfileProject(path.join('node_modules', unique('dep')), STAGED_DOCKERFILE);
      const detected = await eventually('the detected tasks', async () => {
        const tasks = await vscode.tasks.fetchTasks({ type: 'ecr-push' });
        const files = tasks.map((task) => task.definition.dockerfile as string | undefined);
        return files.includes(`${a.relative}/Dockerfile`) && files.includes(`${b.relative}/api.Dockerfile`) ? tasks : undefined;
      });
      const mine = detected.filter((task) => [a, b, hidden].some((p) => String(task.definition.dockerfile).startsWith(p.relative)));
      assert.deepEqual(
        mine.map((task) => task.name).sort(),
        [`Build and push ${a.relative}/Dockerfile`, `Build and push ${b.relative}/api.Dockerfile`].sort(),
      );
      for (const task of mine) {
        assert.equal(task.source, 'ecr-push');
        assert.ok(task.definition.repository, 'every detected task names a repository');
      }
    });

    it('pushes a local image without building, after a docker build task it dependsOn', async () => {
      const project = dockerfileProject(unique('task-image'), STAGED_DOCKERFILE);
      const local = `${unique('local/built-by-task')}:7`;
      const repository = unique('it/task-image');
      const tasks = [
        {
          // Stands in for Container Tools' docker-build task (not installable here): a docker build by another task.
          label: 'docker build (dependency)',
          type: 'process',
          command: 'docker',
          args: ['build', '-t', local, project.relative],
          options: { cwd: '${workspaceFolder}', env: { DOCKER_HOST: stackInfo().dockerHost } },
        },
        { label: 'ecr image', type: 'ecr-push', image: local, repository, dependsOn: ['docker build (dependency)'] },
      ];
      const task = await withTasks(tasks, 'ecr image');
      // tasks.json open beside the terminal, as a person has it while running the chain.
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceFolder(), '.vscode', 'tasks.json')));
      await vscode.commands.executeCommand('notifications.clearAll');
      assert.equal(await runTask(task), 0);
      // The task's terminal when the chain has run (README's task section shows it), without the toasts.
      await vscode.commands.executeCommand('notifications.clearAll');
      await requireDriver().screenshot('ecr-push-task-terminal');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      assert.deepEqual(await ecrControl().registryTags(repository), ['7'], 'the image’s own tag by default');
      const localId = (JSON.parse(await docker('image', 'inspect', local)) as { Id: string }[])[0].Id;
      const config = await registryImageConfig(repository, '7');
      assert.equal(config.digest, localId, 'the pushed config is the image the dependency built');
    });

    it('an invalid definition ends the task non-zero, saying what is wrong', async () => {
      const repository = unique('it/task-invalid');
      const task = await withTasks([{ label: 'ecr invalid', type: 'ecr-push', repository }], 'ecr invalid');
      const code = await runTask(task);
      assert.ok(code !== undefined && code !== 0, `exit code ${code}`);
      assert.equal(
        (await ecrControl().repositories()).some((r) => r.repositoryName === repository),
        false,
      );
    });
  });

  it('lands nothing on the registry host for a build the engine cannot start (no such Dockerfile)', async () => {
    const repository = unique('it/no-dockerfile');
    await assert.rejects(buildAndPush({ dockerfile: 'no/such/Dockerfile', repositoryName: repository }), /build failed|Dockerfile/i);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
    const running = listProcesses().filter((p) => isDockerProcess(p) && p.argv.includes(`${repository}:latest`));
    assert.deepEqual(running, []);
  });
});
