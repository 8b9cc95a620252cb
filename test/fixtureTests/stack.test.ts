import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChild } from '../fixtures/childProcess';
import { readStackInfo, writeStackInfo } from '../fixtures/stack';
import { sharedStack, startSharedStack, stopSharedStack } from './sharedStack';

// Root hooks: one stack for the whole fixture suite.
before(async function () {
  this.timeout(180_000);
  await startSharedStack();
});

after(async function () {
  this.timeout(60_000);
  await stopSharedStack();
});

describe('local stack', () => {
  it('gives a Docker engine that answers docker version', async () => {
    const stack = sharedStack();
    const result = await runChild('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, DOCKER_HOST: stack.dockerHost },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.notEqual(result.stdout.trim(), '');
    if (stack.ownsEngine) {
      assert.match(stack.dockerHost, /^unix:\/\/\/.+\.sock$/);
      // Unix socket paths longer than ~107 bytes cannot be bound.
      assert.ok(stack.dockerHost.length - 'unix://'.length < 100);
    }
  });

  it('uses random per-run credentials shaped like AWS ones, on 127.0.0.1 only', () => {
    const { ecr, registry, sts } = sharedStack();
    assert.match(ecr.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(ecr.secretAccessKey.length, 40);
    assert.equal(ecr.region, 'us-east-1');
    assert.match(ecr.accountId, /^\d{12}$/);
    assert.match(ecr.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(ecr.controlUrl, /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(sts.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(registry.host, /^127\.0\.0\.1:\d+$/);
    assert.ok(registry.password.length >= 20);
  });

  it('has two accounts, each with its own key pair; the first is the one ecr.accountId and its key name', () => {
    const { ecr } = sharedStack();
    assert.deepEqual(
      ecr.accounts.map((account) => account.accountId),
      ['123456789012', '210987654321'],
    );
    assert.deepEqual(ecr.accounts[0], { accountId: ecr.accountId, accessKeyId: ecr.accessKeyId, secretAccessKey: ecr.secretAccessKey });
    const [, second] = ecr.accounts;
    assert.match(second.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
    assert.notEqual(second.accessKeyId, ecr.accessKeyId);
    assert.notEqual(second.secretAccessKey, ecr.secretAccessKey);
  });

  it('env() carries DOCKER_HOST and the AWS variables a child needs', () => {
    const stack = sharedStack();
    const env = stack.env();
    assert.equal(env.DOCKER_HOST, stack.dockerHost);
    assert.equal(env.AWS_ACCESS_KEY_ID, stack.ecr.accessKeyId);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, stack.ecr.secretAccessKey);
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
    assert.equal(env.AWS_ENDPOINT_URL_STS, stack.sts.endpoint);
    assert.equal(env.AWS_ENDPOINT_URL_SSO, stack.sso.endpoint);
  });

  it('writes and reads its info for other processes, private to the owner', () => {
    const stack = sharedStack();
    const file = path.join(stack.workDir, 'info', 'stack.json');
    writeStackInfo(stack, file);
    assert.equal(fs.statSync(file).mode & 0o077, 0);
    const info = readStackInfo(file);
    assert.deepEqual(info, {
      dockerHost: stack.dockerHost,
      ownsEngine: stack.ownsEngine,
      registry: stack.registry,
      ecr: stack.ecr,
      sts: stack.sts,
      sso: stack.sso,
      credentialHelpers: stack.credentialHelpers,
      credentialProcess: stack.credentialProcess,
      workDir: stack.workDir,
    });
    fs.writeFileSync(file, '{}');
    assert.throws(() => readStackInfo(file), /not a stack info file/);
  });
});
