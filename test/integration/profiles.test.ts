/**
 * AWS profiles in the real extension host: profiles written to the private AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE the runner set, selected with "ECR: Select AWS Profile", and used by a
 * real push. A credential_process profile (a node script printing the stack's keys) proves the
 * profile is what signs: the script counts its runs, and a profile with a wrong secret fails where the
 * environment's good keys would have worked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startArgvSampler } from './support/processes';
import { createImage, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';

interface PushResult {
  imageUri: string;
  digest?: string;
}

function awsFiles(): { config: string; credentials: string } {
  const config = process.env.AWS_CONFIG_FILE;
  const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE;
  assert.ok(config && credentials, 'the runner points AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at private files');
  return { config, credentials };
}

describe('AWS profiles: select one, push with it', () => {
  const config = () => vscode.workspace.getConfiguration('ecrPush');
  const saved = new Map<string, string | undefined>();
  let runsFile: string;

  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    const { ecr, workDir } = stackInfo();
    const files = awsFiles();
    for (const file of [files.config, files.credentials]) {
      saved.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
      fs.mkdirSync(path.dirname(file), { recursive: true });
    }
    runsFile = path.join(workDir, `credential-process-runs-${unique('p')}.txt`);
    const script = path.join(path.dirname(files.config), 'it-credential-process.js');
    fs.writeFileSync(
      script,
      [
        `require('fs').appendFileSync(${JSON.stringify(runsFile)}, 'run\\n');`,
        `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(ecr.accessKeyId)}, SecretAccessKey: ${JSON.stringify(ecr.secretAccessKey)}, AccountId: ${JSON.stringify(ecr.accountId)} }));`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      files.config,
      [
        `[profile it-process]`,
        `credential_process = ${process.execPath} ${script}`,
        `region = ${ecr.region}`,
        '',
        '[profile it-sso]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Admin',
        '',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(files.credentials, `[it-bad]\naws_access_key_id = ${ecr.accessKeyId}\naws_secret_access_key = ${'x'.repeat(40)}\n`);
  });

  after(async () => {
    await config().update('profile', undefined, vscode.ConfigurationTarget.Global);
    for (const [file, text] of saved) {
      if (text === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, text);
    }
  });

  it('selecting a profile from the temp config file writes ecrPush.profile; an unknown one is refused', async () => {
    assert.equal(await vscode.commands.executeCommand('ecrPush.selectProfile', { profile: 'it-process' }), 'it-process');
    assert.equal(config().get('profile'), 'it-process');
    assert.equal(await vscode.commands.executeCommand('ecrPush.selectProfile', { profile: 'not-in-any-file' }), undefined);
    assert.equal(config().get('profile'), 'it-process', 'unchanged after the refusal');
  });

  it('a push with the credential_process profile runs the process and lands the image', async () => {
    await vscode.commands.executeCommand('ecrPush.selectProfile', { profile: 'it-process' });
    const before = fs.existsSync(runsFile) ? fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0;
    const repository = unique('it/profile');
    const local = unique('local/profile');
    await createImage(`${local}:1`);
    const result = await vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', {
      imageName: `${local}:1`,
      repositoryName: repository,
    });
    assert.equal(result.imageUri, `${stackInfo().registry.host}/${repository}:1`);
    assert.deepEqual(await ecrControl().registryTags(repository), ['1']);
    const after = fs.readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length;
    assert.ok(after > before, 'the credential_process command ran for the push');
    assert.match(readPushLog(), /Using AWS credentials from AWS profile "it-process"/);
  });

  it('a selected profile is really what signs: one with a wrong secret fails although the environment has good keys', async () => {
    await vscode.commands.executeCommand('ecrPush.selectProfile', { profile: 'it-bad' });
    const local = unique('local/bad');
    await createImage(`${local}:1`);
    const repository = unique('it/bad-profile');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('ecrPush.pushImage', { imageName: `${local}:1`, repositoryName: repository })),
      /AWS rejected the credentials/,
    );
    assert.deepEqual(await ecrControl().registryTags(repository), []);
  });

  it('an SSO profile without a login fails with "SSO session expired for profile it-sso" and changes nothing', async () => {
    await vscode.commands.executeCommand('ecrPush.selectProfile', { profile: 'it-sso' });
    const local = unique('local/sso');
    await createImage(`${local}:1`);
    await ecrControl().reset();
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('ecrPush.pushImage', { imageName: `${local}:1`, repositoryName: unique('it/sso') })),
      (error: unknown) => {
        assert.match(String((error as Error).message), /^SSO session expired for profile it-sso/);
        assert.match(String((error as { remedy?: string }).remedy), /aws sso login --profile it-sso/);
        assert.deepEqual((error as { actions?: string[] }).actions, ['runSsoLogin', 'retry']);
        return true;
      },
    );
    assert.deepEqual(await ecrControl().calls(), [], 'no ECR call without credentials');
  });

  it('"Run aws sso login" opens a terminal that runs aws sso login --profile it-sso', async () => {
    // What really runs in the terminal, read from the process table: the shell resolves `aws` by its
    // own PATH (directly, or through a version manager's shim), so match the command line's tail.
    const sampler = startArgvSampler(/(^|\/| )aws sso login --profile it-sso$/);
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const subscription = vscode.window.onDidOpenTerminal((terminal) => {
        subscription.dispose();
        resolve(terminal);
      });
    });
    let terminal: vscode.Terminal | undefined;
    try {
      await vscode.commands.executeCommand('ecrPush.runSsoLogin', { profile: 'it-sso' });
      terminal = await opened;
      assert.equal(terminal.name, 'aws sso login (it-sso)');
      await eventually('aws sso login --profile it-sso to run in the terminal', () => sampler.seen().length > 0 || undefined, 30_000);
    } finally {
      await sampler.stop();
      terminal?.dispose();
    }
  });
});
