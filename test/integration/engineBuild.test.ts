/**
 * The engine push suite's builds: the same cases against each real engine (docker in the main host run,
 * podman in its own, as test/integration/enginePush.test.ts). A build and push by arguments, a task's exit
 * codes, and a cancel inside a RUN step, each checked from outside the extension: the registry's config
 * blob, DescribeImages through a separate SDK client, the engine's processes.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isGone, listProcesses, type SeenProcess } from './support/processes';
import { ecrControl, engineCli, eventually, readPushLog, stackInfo, testEngine, unique } from './support/stack';
import {
  buildAndPush,
  describedDigest,
  dockerfileProject,
  registryImageConfig,
  SLOW_DOCKERFILE,
  slowProject,
  STAGED_DOCKERFILE,
} from './support/builds';
import { runTask, useTasksFile } from './support/tasks';

const engine = testEngine();

/** The name the engine gives an image built as `name`: podman files short names under `localhost/`. */
function localName(name: string): string {
  return engine === 'podman' ? `localhost/${name}` : name;
}

function isEngineProcess(process: SeenProcess): boolean {
  return path.basename(process.argv[0] ?? '') === engine;
}

describe(`engine push suite (${engine})`, () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });

  describe('build and push', () => {
    const withTasks = useTasksFile();

    it('builds with the build arg and target stage and pushes: both are in the pushed config blob, the digest is DescribeImages’', async () => {
      const project = dockerfileProject(unique('staged'), STAGED_DOCKERFILE);
      const repository = unique(`it/built-${engine}`);
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
      assert.equal(
        result.localImage,
        localName(`${repository}:1.0`),
        'the build is named locally <repository>:<first tag>, as the engine files it',
      );
      assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal(await describedDigest(repository, '1.0'), result.digest);
      assert.equal(await describedDigest(repository, 'latest'), result.digest);
      assert.equal(await ecrControl().manifestDigest(repository, '1.0'), result.digest);

      const config = await registryImageConfig(repository, '1.0');
      assert.equal(config.config?.Labels?.greeting, greeting, 'the build arg reached the image');
      assert.equal(config.config?.Labels?.stage, 'base', 'the target stage was built, not the last one');
      const local = JSON.parse(await engineCli('image', 'inspect', localName(`${repository}:1.0`))) as { RepoTags: string[] }[];
      assert.ok(local[0].RepoTags.includes(`${host}/${repository}:1.0`), 'the pushed image is the locally built one');

      const log = readPushLog();
      assert.match(
        log,
        new RegExp(`──── Build .*Dockerfile → ${repository.replace('/', '\\/')}:1\\.0 ────`),
        'the build has its own log section',
      );
      // docker: "Step 4/5 : LABEL …"; podman: "STEP 4/4: LABEL …" (it counts the target's steps only).
      assert.match(log, /docker: (Step|STEP) 4\/\d ?: LABEL greeting=\$GREETING/);
    });

    it('a task exits 0 when it built and pushed, and non-zero for a broken Dockerfile with nothing pushed', async () => {
      const good = dockerfileProject(unique('task-good'), STAGED_DOCKERFILE);
      const broken = dockerfileProject(unique('task-broken'), 'FROM scratch\nFROOM scratch\n');
      const goodRepository = unique(`it/task-good-${engine}`);
      const brokenRepository = unique(`it/task-broken-${engine}`);
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
      assert.equal(await runTask(goodTask), 0);
      assert.deepEqual(await ecrControl().registryTags(goodRepository), ['t1']);
      assert.equal(await describedDigest(goodRepository, 't1'), await ecrControl().manifestDigest(goodRepository, 't1'));
      assert.equal((await registryImageConfig(goodRepository, 't1')).config?.Labels?.greeting, 'from-task');

      const brokenTask = await withTasks(tasks, 'ecr broken');
      const code = await runTask(brokenTask);
      assert.ok(code !== undefined && code !== 0, `a broken Dockerfile ends the task with a non-zero code, not ${code}`);
      assert.deepEqual(await ecrControl().registryTags(brokenRepository), []);
      assert.equal(
        (await ecrControl().repositories()).some((r) => r.repositoryName === brokenRepository),
        false,
      );
      assert.match(readPushLog(), /unknown instruction: "?FROOM/i);
    });

    it(`cancelling during the build stops ${engine} build and its RUN container; nothing is pushed`, async () => {
      const project = slowProject(unique('slow'), SLOW_DOCKERFILE);
      const repository = unique(`it/cancel-build-${engine}`);
      const outcome = buildAndPush({ dockerfile: `${project.relative}/Dockerfile`, repositoryName: repository }).then(
        () => 'pushed',
        (error: Error) => error,
      );
      const build = await eventually(
        `${engine} build to start`,
        () => listProcesses().find((p) => isEngineProcess(p) && p.argv.includes('build') && p.argv.includes(`${repository}:latest`)),
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
      await eventually(`the ${engine} build process to be gone`, () => isGone(build.pid) || undefined, 10_000);
      await eventually('the RUN container’s process to be gone', () => isGone(sleeper.pid) || undefined, 30_000);
      assert.deepEqual(await ecrControl().registryTags(repository), []);
      assert.equal(
        (await ecrControl().repositories()).some((r) => r.repositoryName === repository),
        false,
        'the build comes before ECR: the repository was not even created',
      );
    });
  });
});
