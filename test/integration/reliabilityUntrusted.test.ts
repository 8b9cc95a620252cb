/**
 * Untrusted workspaces (cases U01–U05). Runs only in the second host run of test/runIntegration
 * (ECR_PUSH_UNTRUSTED_RUN=1): workspace trust is ON, the folder is untrusted, and its
 * .vscode/settings.json points ecrPush.containerCommand at a trap script, ecrPush.endpoint at a closed
 * port, ecrPush.profile at a profile with other keys, and ecrPush.loginTarget at the user's own docker
 * config. A push must still use the machine's docker, endpoint and identity, log in to the extension's
 * private folder — and land in the registry. A build, which runs the workspace's Dockerfile, is refused.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { caseTitle, expectedMessage } from '../unit/reliability/cases';
import { dockerfileProject, STAGED_DOCKERFILE } from './support/builds';
import { isDockerProcess, listProcesses } from './support/processes';
import { createImage, docker, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';

const trap = process.env.ECR_PUSH_TRAP_COMMAND ?? '';
/** The profile the workspace asks for: it exists, with keys the fake ECR does not accept. */
const workspaceProfile = process.env.ECR_PUSH_UNTRUSTED_PROFILE ?? '';
/** The user's docker config folder of this run (DOCKER_CONFIG), which a `user` login target would write. */
const userDockerConfig = process.env.DOCKER_CONFIG ?? '';

// Registered only in the untrusted run, so the main (trusted) run neither runs nor skips them.
if (process.env.ECR_PUSH_UNTRUSTED_RUN === '1') {
  describe('reliability (integration): untrusted workspace', () => {
    let pushed: { imageUri: string; digest?: string } | undefined;
    let repository: string;
    let logStart: number;

    before(async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'this run must open an untrusted workspace');
      // The workspace really asks for the trap and the closed port (VS Code hides restricted values from
      // inspect() in restricted mode, so read the file itself).
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
      const workspaceSettings = JSON.parse(fs.readFileSync(path.join(folder, '.vscode', 'settings.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.equal(workspaceSettings['ecrPush.containerCommand'], trap);
      assert.equal(workspaceSettings['ecrPush.endpoint'], 'http://127.0.0.1:9');
      assert.equal(workspaceSettings['ecrPush.profile'], workspaceProfile);
      assert.equal(workspaceSettings['ecrPush.loginTarget'], 'user');
      assert.ok(workspaceProfile && userDockerConfig, 'the runner names the workspace profile and a DOCKER_CONFIG for this run');
      await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
      const local = `${unique('untrusted/app')}:1`;
      await createImage(local);
      repository = unique('untrusted/app');
      await ecrControl().reset();
      logStart = readPushLog().length;
      pushed = await vscode.commands.executeCommand<{ imageUri: string; digest?: string }>('ecrPush.pushImage', {
        imageName: local,
        repositoryName: repository,
      });
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    });

    /** The push's success line, the catalogue's `{uri}`/`{digest}` template filled in, reaches the log. */
    async function assertPushedLine(id: string): Promise<void> {
      const line = expectedMessage(id, { uri: pushed?.imageUri, digest: pushed?.digest });
      await eventually(`"${line}" in the ECR Push log`, () => readPushLog().slice(logStart).includes(line) || undefined, 10_000);
    }

    it(caseTitle('U01'), async () => {
      assert.ok(trap && fs.existsSync(trap), `the trap ${trap} exists`);
      assert.equal(
        fs.existsSync(`${trap}.ran`),
        false,
        `the workspace's containerCommand ran: ${fs.existsSync(`${trap}.ran`) ? fs.readFileSync(`${trap}.ran`, 'utf8') : ''}`,
      );
      await assertPushedLine('U01');
      assert.equal(await ecrControl().manifestDigest(repository, '1'), pushed?.digest);
    });

    it(caseTitle('U03'), async () => {
      const calls = await ecrControl().calls();
      await assertPushedLine('U03');
      assert.ok(calls.length > 0, 'the push called ECR');
      const keys = [...new Set(calls.map((c) => c.accessKeyId))];
      assert.deepEqual(keys, [stackInfo().ecr.accessKeyId], `ECR calls were signed with ${keys.join(', ')}`);
      assert.doesNotMatch(readPushLog().slice(logStart), new RegExp(`profile ${workspaceProfile}`), 'the log names the workspace profile');
    });

    it(caseTitle('U04'), async () => {
      await assertPushedLine('U04');
      const userConfig = path.join(userDockerConfig, 'config.json');
      const written = fs.existsSync(userConfig) ? fs.readFileSync(userConfig, 'utf8') : '';
      assert.ok(!written.includes(stackInfo().registry.host), `the user's docker config got a login: ${written}`);
      assert.match(
        readPushLog().slice(logStart),
        /--config \S*docker-config\S* login|Already logged in to/,
        'the login went to the private folder',
      );
    });

    it(caseTitle('U05'), async () => {
      const project = dockerfileProject(unique('untrusted-build'), STAGED_DOCKERFILE);
      const buildRepository = unique('untrusted/built');
      // No reset: U02 reads the calls of the push the suite began with.
      const callsBefore = (await ecrControl().calls()).length;
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand('ecrPush.buildAndPush', {
            dockerfile: `${project.relative}/Dockerfile`,
            repositoryName: buildRepository,
          }),
        ),
        (error: Error) => {
          assert.ok(error.message.includes(expectedMessage('U05')), error.message);
          return true;
        },
      );
      assert.deepEqual((await ecrControl().calls()).slice(callsBefore), [], 'no ECR call');
      assert.deepEqual(await ecrControl().registryTags(buildRepository), []);
      assert.deepEqual(
        listProcesses().filter((p) => isDockerProcess(p) && p.argv.includes('build')),
        [],
      );
      await assert.rejects(docker('image', 'inspect', `${buildRepository}:latest`), /No such image/);
      // No ecr-push task is offered. VS Code 1.100 holds a task query in Restricted Mode until trust is
      // granted (fetchTasks does not settle), and the provider itself offers none while untrusted.
      const offered = await Promise.race([
        Promise.resolve(vscode.tasks.fetchTasks({ type: 'ecr-push' })),
        new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), 5_000)),
      ]);
      assert.ok(
        offered === 'held' || offered.length === 0,
        `offered: ${offered === 'held' ? '' : offered.map((task) => task.name).join(', ')}`,
      );
    });

    it(caseTitle('U02'), async () => {
      const operations = (await ecrControl().calls()).map((c) => c.operation);
      await assertPushedLine('U02');
      assert.ok(operations.includes('DescribeRepositories'), `the machine's endpoint got: ${operations.join(', ')}`);
      assert.equal(await ecrControl().manifestDigest(repository, '1'), pushed?.digest);
    });
  });
}
