/**
 * From a Dockerfile to ECR in the real extension host: `ecrPush.buildAndPush` with arguments, the
 * `ecr-push` task type (run as a person runs it, from tasks.json), and cancelling a build. The real engine
 * builds `FROM scratch` images offline; what landed is read back from the registry (the image's config
 * blob) and through a separate AWS SDK client.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { isDockerProcess, isGone, listProcesses } from './support/processes';
import { docker, ecrClient, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { dockerfileProject, registryImageConfig, SLOW_DOCKERFILE, slowProject, STAGED_DOCKERFILE, workspaceFolder } from './support/builds';
import { QUICK_INPUT, QUICK_INPUT_ROWS, requireDriver } from './support/workbench';

interface BuildResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
  localImage?: string;
}

function buildAndPush(args: Record<string, unknown>): Promise<BuildResult> {
  return Promise.resolve(vscode.commands.executeCommand<BuildResult>('ecrPush.buildAndPush', args));
}

async function describedDigest(repository: string, tag: string): Promise<string | undefined> {
  const described = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
  return described.imageDetails?.[0]?.imageDigest;
}

describe('build and push: ecrPush.buildAndPush and the ecr-push task', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  it('builds with the build arg and target stage and pushes: both are in the pushed config blob, the digest is DescribeImages’', async () => {
    const project = dockerfileProject(unique('staged'), STAGED_DOCKERFILE);
    const repository = unique('it/built');
    const greeting = unique('bonjour');
    const result = await buildAndPush({
      dockerfile: `${project.relative}/Dockerfile`,
      buildArgs: { GREETING: greeting },
      target: 'base',
      repositoryName: repository,
      imageTag: ['1.0', 'latest'],
    });

    const host = stackInfo().registry.host;
    assert.deepEqual(result.imageUris, [`${host}/${repository}:1.0`, `${host}/${repository}:latest`]);
    assert.equal(result.localImage, `${repository}:1.0`, 'the build is tagged locally as <repository>:<first tag>');
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(await describedDigest(repository, '1.0'), result.digest);
    assert.equal(await describedDigest(repository, 'latest'), result.digest);
    assert.equal(await ecrControl().manifestDigest(repository, '1.0'), result.digest);

    const config = await registryImageConfig(repository, '1.0');
    assert.equal(config.config?.Labels?.greeting, greeting, 'the build arg reached the image');
    assert.equal(config.config?.Labels?.stage, 'base', 'the target stage was built, not the last one');
    const local = JSON.parse(await docker('image', 'inspect', `${repository}:1.0`)) as { RepoTags: string[] }[];
    assert.ok(local[0].RepoTags.includes(`${host}/${repository}:1.0`), 'the pushed image is the locally built one');

    const log = readPushLog();
    assert.match(
      log,
      new RegExp(`──── Build .*Dockerfile → ${repository.replace('/', '\\/')}:1\\.0 ────`),
      'the build has its own log section',
    );
    assert.match(log, /docker: Step 4\/5 : LABEL greeting=\$GREETING/);
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

  it('cancelling during the build stops docker build and its RUN container; nothing is pushed', async () => {
    const project = slowProject(unique('slow'), SLOW_DOCKERFILE);
    const repository = unique('it/cancel-build');
    const outcome = buildAndPush({ dockerfile: `${project.relative}/Dockerfile`, repositoryName: repository }).then(
      () => 'pushed',
      (error: Error) => error,
    );
    const build = await eventually(
      'docker build to start',
      () => listProcesses().find((p) => isDockerProcess(p) && p.argv.includes('build') && p.argv.includes(`${repository}:latest`)),
      60_000,
    );
    // The build is inside its RUN step when the container's sleep is running.
    const sleeper = await eventually(
      'the RUN step’s process',
      () => listProcesses().find((p) => p.argv[0] === '/sleep' && p.argv[1] === '600'),
      120_000,
    );
    await vscode.commands.executeCommand('ecrPush.cancelAllPushes');
    const result = await outcome;
    assert.ok(result instanceof Error, `the build and push was reported as ${String(result)}`);
    assert.match(result.message, /cancelled/);
    await eventually('the docker build process to be gone', () => isGone(build.pid) || undefined, 10_000);
    await eventually('the RUN container’s process to be gone', () => isGone(sleeper.pid) || undefined, 30_000);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
    assert.equal(
      (await ecrControl().repositories()).some((r) => r.repositoryName === repository),
      false,
      'the build comes before ECR: the repository was not even created',
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
    // "More options…" is the last row; Up from the first row wraps to it, as in any quick pick.
    await driver.press('ArrowUp');
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
    const tasksFile = path.join(workspaceFolder(), '.vscode', 'tasks.json');
    let previous: string | undefined;

    before(() => {
      previous = fs.existsSync(tasksFile) ? fs.readFileSync(tasksFile, 'utf8') : undefined;
    });
    after(async () => {
      if (previous === undefined) fs.rmSync(tasksFile, { force: true });
      else fs.writeFileSync(tasksFile, previous);
      // The ended tasks' terminals keep the panel open; later suites expect the workbench as they found it.
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });

    /** Writes tasks.json and waits until VS Code offers the task `label`. */
    async function withTasks(tasks: object[], label: string): Promise<vscode.Task> {
      fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
      fs.writeFileSync(tasksFile, JSON.stringify({ version: '2.0.0', tasks }, null, 2));
      return eventually(
        `task "${label}" from tasks.json`,
        async () => (await vscode.tasks.fetchTasks({ type: 'ecr-push' })).find((task) => task.name === label),
        30_000,
      );
    }

    /** Runs a task as "Tasks: Run Task" does and resolves to its exit code. */
    async function run(task: vscode.Task): Promise<number | undefined> {
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

    it('exits 0 when it built and pushed, and non-zero for a broken Dockerfile with nothing pushed', async () => {
      const good = dockerfileProject(unique('task-good'), STAGED_DOCKERFILE);
      const broken = dockerfileProject(unique('task-broken'), 'FROM scratch\nFROOM scratch\n');
      const goodRepository = unique('it/task-good');
      const brokenRepository = unique('it/task-broken');
      const tasks = [
        {
          label: 'ecr good',
          type: 'ecr-push',
          dockerfile: `${good.relative}/Dockerfile`,
          repository: goodRepository,
          tags: ['t1'],
          buildArgs: { GREETING: 'from-task' },
        },
        { label: 'ecr broken', type: 'ecr-push', dockerfile: `${broken.relative}/Dockerfile`, repository: brokenRepository },
      ];
      const goodTask = await withTasks(tasks, 'ecr good');
      assert.equal(await run(goodTask), 0);
      assert.deepEqual(await ecrControl().registryTags(goodRepository), ['t1']);
      assert.equal(await describedDigest(goodRepository, 't1'), await ecrControl().manifestDigest(goodRepository, 't1'));
      assert.equal((await registryImageConfig(goodRepository, 't1')).config?.Labels?.greeting, 'from-task');

      const brokenTask = await withTasks(tasks, 'ecr broken');
      const code = await run(brokenTask);
      assert.ok(code !== undefined && code !== 0, `a broken Dockerfile ends the task with a non-zero code, not ${code}`);
      assert.deepEqual(await ecrControl().registryTags(brokenRepository), []);
      assert.equal(
        (await ecrControl().repositories()).some((r) => r.repositoryName === brokenRepository),
        false,
      );
      assert.match(readPushLog(), /unknown instruction: FROOM/);
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
      assert.equal(await run(task), 0);
      assert.deepEqual(await ecrControl().registryTags(repository), ['7'], 'the image’s own tag by default');
      const localId = (JSON.parse(await docker('image', 'inspect', local)) as { Id: string }[])[0].Id;
      const config = await registryImageConfig(repository, '7');
      assert.equal(config.digest, localId, 'the pushed config is the image the dependency built');
    });

    it('an invalid definition ends the task non-zero, saying what is wrong', async () => {
      const repository = unique('it/task-invalid');
      const task = await withTasks([{ label: 'ecr invalid', type: 'ecr-push', repository }], 'ecr invalid');
      const code = await run(task);
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
