/**
 * The reliability catalogue's after-push cases (test/unit/reliability/cases.ts) in the real VS Code host
 * against the stack: bad arguments of Scan Image, Show Scan Findings, Add Tag and Pull Image, every scan
 * state and ECR fault the fake serves, an immutable tag, a missing image, a missing tag at pull, a scan
 * followed outside the push queue, and no secret in a pull's argv. Each test is named `[ID] …` and
 * asserts the catalogue's expected message (in the ECR Push log, where every shown error is written)
 * and state.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { caseTitle, reliabilityCase } from '../unit/reliability/cases';
import { createRepository, knownSecrets, logLine, operations, pushNew, scanEnded } from './support/afterPush';
import { startArgvSampler } from './support/processes';
import { withSetting } from './support/settings';
import { docker, ecrClient, ecrControl, readPushLog, stackInfo } from './support/stack';

interface ScanResult {
  status: string;
  counts: Record<string, number>;
  findings: unknown[];
}

/** Runs a command that must fail: it resolves to nothing, and the log gets the catalogue's expected message for `id`. */
async function commandFails(id: string, command: string, args: Record<string, unknown>): Promise<string> {
  const since = readPushLog().length;
  const result = await vscode.commands.executeCommand(command, args);
  assert.equal(result, undefined, `${command} resolved to ${JSON.stringify(result)}`);
  return logLine(reliabilityCase(id).expected, since);
}

async function describedScan(repository: string): Promise<string | undefined> {
  const details = (await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository }))).imageDetails ?? [];
  return details[0]?.imageScanStatus?.status;
}

describe('reliability (integration): after a push', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });
  beforeEach(() => ecrControl().reset());

  describe('bad input', () => {
    let repository: string;
    before(async () => {
      repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-args' });
      await pushNew(repository, '1.0');
    });

    it(caseTitle('B47'), async () => {
      await ecrControl().reset();
      await commandFails('B47', 'ecrPush.repositories.addTag', { repositoryName: repository, imageTag: '1.0', newTag: 'bad tag!' });
      assert.deepEqual(await operations(), [], 'ECR was called');
      assert.deepEqual(await ecrControl().registryTags(repository), ['1.0']);
    });

    it(caseTitle('B48'), async () => {
      await commandFails('B48', 'ecrPush.repositories.addTag', { repositoryName: repository, imageTag: '1.0' });
      assert.deepEqual(await operations(), []);
      assert.deepEqual(await ecrControl().registryTags(repository), ['1.0']);
    });

    it(caseTitle('B49'), async () => {
      for (const command of ['ecrPush.repositories.scanImage', 'ecrPush.repositories.scanFindings', 'ecrPush.repositories.pullImage']) {
        await commandFails('B49', command, { repositoryName: repository });
      }
      assert.deepEqual(await operations(), [], 'ECR was called');
    });
  });

  describe('ECR faults', () => {
    it(caseTitle('E16'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-noscan' });
      await pushNew(repository, '1.0');
      await ecrControl().reset();
      await commandFails('E16', 'ecrPush.repositories.scanFindings', { repositoryName: repository, imageTag: '1.0', show: false });
      const calls = await operations();
      assert.equal(calls.filter((o) => o === 'DescribeImageScanFindings').length, 1, calls.join(', '));
      assert.ok(!calls.includes('StartImageScan'), 'a scan was started');
      assert.equal(await describedScan(repository), undefined, 'no scan was started');
    });

    for (const [id, status] of [
      ['E17', 'FAILED'],
      ['E18', 'UNSUPPORTED_IMAGE'],
    ] as const) {
      it(caseTitle(id), async () => {
        const repository = await createRepository({ scanOnPush: true, prefix: 'rel/after-state' });
        await ecrControl().planScan({ repository, states: ['IN_PROGRESS', status] });
        await pushNew(repository, '1.0');
        const since = readPushLog().length;
        const result = await vscode.commands.executeCommand<ScanResult>('ecrPush.repositories.scanFindings', {
          repositoryName: repository,
          imageTag: '1.0',
          wait: true,
          show: false,
        });
        assert.equal(result.status, status);
        assert.deepEqual(result.findings, []);
        assert.ok(Object.values(result.counts).every((count) => count === 0));
        assert.match(await scanEnded(`${repository}:1.0`, since), new RegExp(reliabilityCase(id).expected));
        assert.equal(await describedScan(repository), status);
      });
    }

    it(caseTitle('E19'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-unsupported' });
      await pushNew(repository, '1.0');
      await ecrControl().injectFault({ operation: 'StartImageScan', count: 1, errorType: 'UnsupportedImageTypeException' });
      const line = await commandFails('E19', 'ecrPush.repositories.scanImage', { repositoryName: repository, imageTag: '1.0' });
      assert.match(line, /ECR cannot scan .*:1\.0/);
      assert.equal(await describedScan(repository), undefined, 'no scan was started');
    });

    it(caseTitle('E20'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-quota' });
      await pushNew(repository, '1.0');
      const first = await vscode.commands.executeCommand<ScanResult>('ecrPush.repositories.scanImage', {
        repositoryName: repository,
        imageTag: '1.0',
        wait: true,
      });
      assert.equal(first.status, 'COMPLETE');
      assert.equal(first.findings.length, 6);
      await ecrControl().reset();
      await commandFails('E20', 'ecrPush.repositories.scanImage', { repositoryName: repository, imageTag: '1.0' });
      // The AWS SDK retries LimitExceededException as throttling; the extension adds no retry of its own.
      assert.equal((await operations()).filter((o) => o === 'StartImageScan').length, 4);
      const after = await vscode.commands.executeCommand<ScanResult>('ecrPush.repositories.scanFindings', {
        repositoryName: repository,
        imageTag: '1.0',
        show: false,
      });
      assert.equal(after.status, 'COMPLETE');
      assert.equal(after.findings.length, 6, 'the first scan’s findings stay');
    });

    it(caseTitle('E21'), async () => {
      const repository = await createRepository({ scanOnPush: false, immutable: true, prefix: 'rel/after-immutable' });
      const one = await pushNew(repository, '1.0');
      const two = await pushNew(repository, '2.0');
      await ecrControl().reset();
      const line = await commandFails('E21', 'ecrPush.repositories.addTag', { repositoryName: repository, imageTag: '2.0', newTag: '1.0' });
      assert.match(line, new RegExp(`The tag "1\\.0" already exists in ${repository.replace('/', '\\/')}`));
      assert.ok((await operations()).includes('PutImage'), 'ECR itself refused it');
      assert.equal(await ecrControl().manifestDigest(repository, '1.0'), one.digest);
      assert.equal(await ecrControl().manifestDigest(repository, '2.0'), two.digest);
      const byTag = await ecrClient().send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: '1.0' }] }));
      assert.equal(byTag.imageDetails?.[0]?.imageDigest, one.digest);
    });

    it(caseTitle('E22'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-gone' });
      await pushNew(repository, '1.0');
      await ecrControl().reset();
      await commandFails('E22', 'ecrPush.repositories.addTag', { repositoryName: repository, imageTag: 'nope', newTag: 'x' });
      const calls = await operations();
      assert.ok(calls.includes('BatchGetImage') && !calls.includes('PutImage'), calls.join(', '));
      assert.deepEqual(await ecrControl().registryTags(repository), ['1.0']);
    });
  });

  describe('docker faults', () => {
    it(caseTitle('D15'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-pullmissing' });
      await pushNew(repository, '1.0');
      const line = await commandFails('D15', 'ecrPush.repositories.pullImage', { repositoryName: repository, imageTag: 'nope' });
      assert.match(line, new RegExp(`The registry has no image ${repository.replace('/', '\\/')}:nope`));
      await assert.rejects(docker('image', 'inspect', `${stackInfo().registry.host}/${repository}:nope`), /No such image/i);
      assert.equal(
        readPushLog()
          .split('\n')
          .filter((l) => l.includes(`pull ${stackInfo().registry.host}/${repository}:nope`)).length,
        1,
        'no retry',
      );
    });
  });

  describe('load and lifetime', () => {
    it(caseTitle('L10'), async () => {
      // A scan that stays IN_PROGRESS for four reads (2 + 4 + 8 + 16 s of waiting) before it completes.
      const scanned = await createRepository({ scanOnPush: true, prefix: 'rel/after-slowscan' });
      await ecrControl().planScan({
        repository: scanned,
        states: ['IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETE'],
      });
      const other = await createRepository({ scanOnPush: false, prefix: 'rel/after-next' });
      const since = readPushLog().length;
      await withSetting('followScanAfterPush', true, async () => {
        await pushNew(scanned, '1.0');
        await logLine(`Following the scan of ${scanned}:1.0`, since);
        const second = await pushNew(other, '1.0');
        assert.equal(await ecrControl().manifestDigest(other, '1.0'), second.digest);
      });
      const log = readPushLog().slice(since);
      assert.ok(!log.includes(`scan of ${scanned}:1.0 finished`), 'the second push waited for the first scan');
      assert.match(await scanEnded(`${scanned}:1.0`, since), /finished: 1 CRITICAL, 2 HIGH, 1 MEDIUM, 1 LOW, 1 INFORMATIONAL\./);
    });
  });

  describe('secrets', () => {
    it(caseTitle('S13'), async () => {
      const repository = await createRepository({ scanOnPush: false, prefix: 'rel/after-pullargv' });
      // A fresh token and login, so the pull's login (if it had to make one) would show in argv too.
      await vscode.commands.executeCommand('ecrPush.clearCredentials');
      const sampler = startArgvSampler();
      let seen: string[][];
      try {
        const { local } = await pushNew(repository, '1.0', 1_000_000);
        const remote = `${stackInfo().registry.host}/${repository}:1.0`;
        await docker('rmi', local, remote);
        const pulled = await vscode.commands.executeCommand<{ localImage: string }>('ecrPush.repositories.pullImage', {
          repositoryName: repository,
          imageTag: '1.0',
        });
        assert.equal(pulled.localImage, remote);
      } finally {
        seen = await sampler.stop();
      }
      const configOf = (argv: readonly string[]) => argv[argv.indexOf('--config') + 1];
      // The sampler sees every docker process on the machine: keep this test's own (its repository).
      const ours = (verb: string) => seen.filter((argv) => argv.includes(verb) && argv.some((arg) => arg.includes(`/${repository}:`)));
      const pushes = ours('push');
      const pulls = ours('pull');
      assert.ok(pushes.length > 0 && pulls.length > 0, `sampled ${seen.length} docker processes`);
      assert.equal(configOf(pulls[0]), configOf(pushes[0]), 'the pull used the push’s private docker config');
      assert.match(configOf(pulls[0]), /docker-config/);
      const secrets = await knownSecrets();
      for (const argv of seen) {
        const line = argv.join(' ');
        assert.equal(
          secrets.filter((secret) => line.includes(secret)).length,
          0,
          `a secret in the argv of docker ${argv.slice(1, 4).join(' ')}`,
        );
      }
    });
  });
});
