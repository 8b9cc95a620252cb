/**
 * The reliability table's integration cases (issue 5; catalogue in test/unit/reliability/cases.ts): in
 * the real VS Code host, against the real engine, registry and the fake ECR with its fault switch. Each
 * test is named `[ID] …` by the catalogue and asserts the catalogue's expected message and state.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import * as vscode from 'vscode';
import { REGISTRY_FAULTS, type FaultSpec } from '../fixtures/ecrControl';
import { caseTitle, expectedMessage, reliabilityCase } from '../unit/reliability/cases';
import { knownSecrets as stackSecrets, operations } from './support/afterPush';
import { cancelDuringDockerPush, isDockerProcess, isGone, listProcesses, startArgvSampler } from './support/processes';
import { createImage, ecrClient, ecrControl, eventually, readPushLog, stackInfo, unique } from './support/stack';
import { withSetting } from './support/settings';
import { LOCAL_IMAGE_ROWS, QUICK_INPUT, requireDriver, TOASTS } from './support/workbench';

interface PushResult {
  imageUri: string;
  imageUris: string[];
  digest?: string;
}

/** Every error a push in this file rejected with: S03 scans them all for secrets. */
const failures: Error[] = [];

function push(args: Record<string, unknown>): Promise<PushResult> {
  return Promise.resolve(vscode.commands.executeCommand<PushResult>('ecrPush.pushImage', args)).catch((error: Error) => {
    failures.push(error);
    throw error;
  });
}

/** The push must fail, and its message contain the catalogue's expected text for `id`. */
async function pushFails(id: string, args: Record<string, unknown>): Promise<Error> {
  const expected = reliabilityCase(id).expected;
  let caught: Error | undefined;
  await assert.rejects(push(args), (error: Error) => {
    caught = error;
    assert.ok(error.message.includes(expected), `expected "${expected}" in: ${error.message}`);
    return true;
  });
  return caught as Error;
}

/** The push's success line (the catalogue's `{uri}`/`{digest}` template filled in) reaches the log after `logStart`. */
async function assertPushedLine(id: string, result: PushResult, logStart: number): Promise<void> {
  const line = expectedMessage(id, { uri: result.imageUri, digest: result.digest });
  await eventually(`"${line}" in the ECR Push log`, () => readPushLog().slice(logStart).includes(line) || undefined, 10_000);
}

async function repositoryNames(): Promise<string[]> {
  return (await ecrControl().repositories()).map((r) => r.repositoryName).sort();
}

/** Drops the extension's cached ECR token and login record, so the next push calls GetAuthorizationToken. */
async function forgetToken(): Promise<void> {
  await vscode.commands.executeCommand('ecrPush.clearCredentials');
}

/** A local image of unique bytes, made once per test that needs one. */
async function localImage(prefix: string, sizeBytes = 64 * 1024, layers = 1): Promise<string> {
  const reference = `${unique(prefix)}:1`;
  await createImage(reference, sizeBytes, layers);
  return reference;
}

function fileHash(file: string): string | undefined {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : undefined;
}

const userDockerConfig = path.join(process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
const userDockerConfigBefore = fileHash(userDockerConfig);

describe('reliability (integration): bad input', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });
  beforeEach(() => ecrControl().reset());

  const refused: ReadonlyArray<[string, Record<string, unknown>]> = [
    ['B10', { imageName: 'local/app:1', repositoryName: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app' }],
    ['B41', { imageName: 'local/app:1' }],
    ['B42', { imageName: 'local/app:1', repositoryName: 'app', colour: 'blue' }],
    ['B43', { imageName: 'local/app:1', repositoryName: 42 }],
    ['B44', { imageName: 'local/app:1', repositoryName: 'app', imageTag: [1] }],
    ['B45', { imageName: 'local/app:1', repositoryName: 'app', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
    ['B46', { imageName: 'local/app:1', repositoryName: 'app', awsCredentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } }],
  ];
  for (const [id, args] of refused) {
    it(caseTitle(id), async () => {
      const before = await repositoryNames();
      await pushFails(id, args);
      assert.deepEqual(await operations(), [], 'ECR was called');
      assert.deepEqual(await repositoryNames(), before);
      assert.deepEqual(await ecrControl().registryTags('app'), []);
    });
  }

  it(caseTitle('B25'), async () => {
    const repository = unique('rel/missing');
    await pushFails('B25', { imageName: 'no/such-image:1', repositoryName: repository });
    assert.deepEqual(await operations(), []);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
  });

  it(caseTitle('B37'), async () => {
    const image = await localImage('rel/region42');
    const repository = unique('rel/region42');
    const logBefore = readPushLog().length;
    const result = await withSetting('region', 42, () =>
      push({ imageName: image, repositoryName: repository, region: stackInfo().ecr.region }),
    );
    assert.ok(readPushLog().slice(logBefore).includes(reliabilityCase('B37').expected), 'no warning about ecrPush.region in the log');
    assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
  });

  it(caseTitle('B38'), async () => {
    const image = await localImage('rel/mutability');
    const repository = unique('rel/mutability');
    const logBefore = readPushLog().length;
    await withSetting('createRepository.imageTagMutability', 'SOMETIMES', () => push({ imageName: image, repositoryName: repository }));
    assert.ok(readPushLog().slice(logBefore).includes(reliabilityCase('B38').expected), 'no warning about imageTagMutability in the log');
    const created = (await ecrControl().repositories()).find((r) => r.repositoryName === repository);
    assert.equal(created?.imageTagMutability, 'MUTABLE');
  });

  it(caseTitle('B36'), async () => {
    const driver = requireDriver();
    // Temporary credentials, as a person copies them from a console: the fake ECR, like AWS, refuses a
    // long-term key sent with a session token, so only the exact trimmed triple signs.
    const minted = await ecrControl().mintTemporaryCredentials();
    const token = minted.sessionToken;
    await forgetToken();
    await vscode.commands.executeCommand('notifications.clearAll');
    // Typed into the real (masked) input boxes, as a person pastes them, spaces and all.
    const setting = Promise.resolve(vscode.commands.executeCommand<boolean>('ecrPush.setCredentials'));
    const typed: ReadonlyArray<[string, string]> = [
      ['(1/3)', `  ${minted.accessKeyId}  `],
      ['(2/3)', ` ${minted.secretAccessKey}   `],
      ['(3/3)', `   ${token} `],
    ];
    for (const [step, value] of typed) {
      await eventually(`the input box ${step}`, async () =>
        (await driver.text(`${QUICK_INPUT} .quick-input-title`))?.includes(step) ? true : undefined,
      );
      // A keystroke that lands while the box still changes step is lost on a loaded machine: check what the
      // box holds and type it again over itself, as a person would, before submitting.
      for (let attempt = 1; (await driver.inputValue(`${QUICK_INPUT} input`)) !== value; attempt++) {
        assert.ok(attempt <= 3, `the input box ${step} did not take the typed value`);
        await driver.press('Control+A');
        await driver.type(value);
      }
      await driver.press('Enter');
    }
    try {
      assert.equal(await setting, true, 'the command did not store the key');
      const confirmation = await eventually(
        'the confirmation notification',
        async () => (await driver.attributes(TOASTS, 'aria-label')).find((label) => label?.includes('AWS credentials stored')) ?? undefined,
      );
      assert.ok(confirmation.includes(reliabilityCase('B36').expected), confirmation);
      // Read back through what signs: the fake ECR checks every signature against the stack's exact
      // key and secret, and records the key id and the token each request carried.
      const image = await localImage('rel/trimmed');
      const repository = unique('rel/trimmed');
      const result = await withSetting('profile', '[stored key]', () => push({ imageName: image, repositoryName: repository }));
      const calls = await ecrControl().calls();
      assert.ok(calls.length > 0, 'no ECR call');
      assert.deepEqual([...new Set(calls.map((c) => c.accessKeyId))], [minted.accessKeyId], 'signed with another key id');
      assert.deepEqual([...new Set(calls.map((c) => c.sessionToken))], [token], 'the stored token is not the typed one, trimmed');
      assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
    } finally {
      await forgetToken();
    }
  });
});

describe('reliability (integration): ECR faults through the fault switch', () => {
  let image: string;
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    image = await localImage('rel/ecr-faults');
  });
  beforeEach(() => ecrControl().reset());
  afterEach(() => ecrControl().reset());

  /**
   * Arms `fault`, pushes, and checks nothing was created or tagged. Token faults push to a repository
   * that exists already: the pipeline ensures the repository before it asks for a token (issue 2's order).
   */
  async function faultFails(id: string, fault: FaultSpec | undefined, freshToken = false): Promise<string[]> {
    const repository = unique('rel/fault');
    if (freshToken) {
      await ecrClient().send(new CreateRepositoryCommand({ repositoryName: repository }));
      await ecrControl().reset();
    }
    const before = await repositoryNames();
    if (freshToken) await forgetToken();
    if (fault) await ecrControl().injectFault(fault);
    await pushFails(id, { imageName: image, repositoryName: repository });
    const ops = await operations();
    assert.deepEqual(await repositoryNames(), before, 'a repository was created');
    assert.deepEqual(await ecrControl().registryTags(repository), [], 'a tag landed');
    return ops;
  }

  it(caseTitle('E01'), async () => {
    const repository = unique('rel/throttled-once');
    await ecrControl().injectFault({ operation: 'DescribeRepositories', count: 1, errorType: 'ThrottlingException' });
    const logStart = readPushLog().length;
    const result = await push({ imageName: image, repositoryName: repository });
    await assertPushedLine('E01', result, logStart);
    const ops = await operations();
    assert.equal(ops.filter((o) => o === 'DescribeRepositories').length, 2, ops.join(', '));
    assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
  });

  it(caseTitle('E02'), async () => {
    const ops = await faultFails('E02', { operation: 'DescribeRepositories', count: 10, errorType: 'ThrottlingException' });
    assert.equal(ops.filter((o) => o === 'DescribeRepositories').length, 4, ops.join(', '));
  });

  it(caseTitle('E03'), async () => {
    const ops = await faultFails('E03', { operation: 'DescribeRepositories', count: 10, errorType: 'ServerException' });
    assert.equal(ops.filter((o) => o === 'DescribeRepositories').length, 4, ops.join(', '));
  });

  it(caseTitle('E04'), async () => {
    const ops = await faultFails('E04', { operation: 'CreateRepository', count: 10, errorType: 'LimitExceededException' });
    // The SDK counts LimitExceededException as throttling and makes its 4 attempts; the pipeline adds none.
    assert.equal(ops.filter((o) => o === 'CreateRepository').length, 4, ops.join(', '));
  });

  it(caseTitle('E05'), async () => {
    const error = await (async () => {
      await ecrControl().injectFault({ operation: 'CreateRepository', count: 1, errorType: 'AccessDeniedException' });
      return pushFails('E05', { imageName: image, repositoryName: unique('rel/denied') });
    })();
    assert.match(error.message, /AWS said: .*not authorized to perform: ecr:CreateRepository/);
  });

  const tokenFaults: ReadonlyArray<[string, FaultSpec['malformedToken']]> = [
    ['E07', 'notBase64'],
    ['E08', 'noColon'],
    ['E09', 'emptyData'],
    ['E10', 'noProxyEndpoint'],
  ];
  for (const [id, malformedToken] of tokenFaults) {
    it(caseTitle(id), async () => {
      const ops = await faultFails(id, { operation: 'GetAuthorizationToken', count: 1, malformedToken }, true);
      assert.ok(ops.includes('GetAuthorizationToken'), ops.join(', '));
      assert.ok(!ops.includes('DescribeImages'));
    });
  }

  it(caseTitle('E11'), async () => {
    const ops = await faultFails('E11', { operation: 'GetAuthorizationToken', count: 1, expiredToken: true }, true);
    assert.equal(ops.filter((o) => o === 'GetAuthorizationToken').length, 1);
  });

  it(caseTitle('E12'), async () => {
    // A port that was just free: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    await withSetting('endpoint', `http://127.0.0.1:${port}`, async () => {
      const error = await pushFails('E12', { imageName: image, repositoryName: unique('rel/refused') });
      assert.doesNotMatch(error.message, /cancelled/);
    });
    assert.deepEqual(await operations(), [], 'the real endpoint was called');
  });

  it(caseTitle('E15'), async () => {
    let requests = 0;
    const held: http.ServerResponse[] = [];
    const hanging = http.createServer((_request, response) => {
      requests++;
      held.push(response);
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      await withSetting('endpoint', `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, async () => {
        const repository = unique('rel/hanging');
        const outcome = push({ imageName: image, repositoryName: repository }).then(
          () => 'pushed',
          (error: Error) => error,
        );
        await eventually('the push to reach the hanging endpoint', () => requests > 0 || undefined);
        await vscode.commands.executeCommand('ecrPush.cancelAllPushes');
        const result = await outcome;
        assert.ok(result instanceof Error, `reported as ${String(result)}`);
        assert.match(result.message, new RegExp(reliabilityCase('E15').expected));
        assert.deepEqual(await ecrControl().registryTags(repository), []);
      });
    } finally {
      for (const response of held) response.destroy();
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });
});

describe('reliability (integration): docker and registry faults', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });
  beforeEach(() => ecrControl().reset());
  afterEach(() => ecrControl().reset());

  it(caseTitle('D06'), async () => {
    const repository = unique('rel/immutable');
    const first = await localImage('rel/immutable-a');
    const second = await localImage('rel/immutable-b');
    await withSetting('createRepository.imageTagMutability', 'IMMUTABLE', async () => {
      const pushed = await push({ imageName: first, imageTag: 'release', repositoryName: repository });
      await pushFails('D06', { imageName: second, imageTag: 'release', repositoryName: repository });
      assert.equal(await ecrControl().manifestDigest(repository, 'release'), pushed.digest);
    });
  });

  it(caseTitle('D11'), async () => {
    const image = await localImage('rel/dropped', 2 * 1024 * 1024, 2);
    const repository = unique('rel/dropped');
    // Armed for more than one upload, in case docker retries the manifest.
    await ecrControl().injectFault({ operation: REGISTRY_FAULTS.dropManifestPut, count: 5 });
    await pushFails('D11', { imageName: image, repositoryName: repository });
    assert.deepEqual(await ecrControl().registryTags(repository), [], 'the tag landed although the registry dropped the upload');
    assert.doesNotMatch(
      readPushLog()
        .split('\n')
        .filter((l) => l.includes(repository))
        .join('\n'),
      /Verified /,
    );
  });

  it(caseTitle('D13'), async () => {
    const image = await localImage('rel/cancel', 120 * 1024 * 1024, 3);
    const repository = unique('rel/cancel');
    const { outcome: result, dockerPushPid } = await cancelDuringDockerPush(
      push({ imageName: image, repositoryName: repository }),
      `${repository}:1`,
      () => vscode.commands.executeCommand('ecrPush.cancelAllPushes'),
    );
    assert.ok(result instanceof Error, `reported as ${String(result)}`);
    assert.match(result.message, /cancelled/);
    await eventually('docker push to be gone and reaped within 2 s', () => isGone(dockerPushPid) || undefined, 2_000);
    assert.deepEqual(await ecrControl().registryTags(repository), []);
  });
});

/** Children of the extension host (by /proc/<pid>/stat ppid). */
function childPids(): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function activeHandles(): number {
  return (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
}

function processListeners(): number {
  return process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
}

interface Footprint {
  children: number;
  handles: number;
  listeners: number;
}

function footprint(): Footprint {
  return { children: childPids().length, handles: activeHandles(), listeners: processListeners() };
}

/**
 * Waits until the footprint is back to `before` (handles may differ by `slack`: keep-alive sockets to
 * the ECR endpoint and registry come and go), then asserts it. A leak of one per push would be 50.
 */
async function assertNoGrowth(before: Footprint, what: string, slack = 4): Promise<void> {
  const within = (now: Footprint) =>
    now.children <= before.children && now.listeners <= before.listeners && now.handles <= before.handles + slack;
  await eventually(`${what}: footprint back to ${JSON.stringify(before)}`, () => within(footprint()) || undefined, 30_000).catch(
    () => undefined,
  );
  const after = footprint();
  assert.ok(within(after), `${what}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
}

function logLines(since: number): string[] {
  return readPushLog().slice(since).split('\n').filter(Boolean);
}

describe('reliability (integration): load and lifetime', () => {
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
  });
  beforeEach(() => ecrControl().reset());

  it(caseTitle('L01'), async () => {
    const repository = unique('rel/queue');
    const images = await Promise.all([0, 1, 2, 3].map(() => localImage('rel/queue', 16 * 1024)));
    await forgetToken();
    const logStart = readPushLog().length;
    const order: string[] = [];
    const requests = images.flatMap((image, i) =>
      [0, 1, 2, 3, 4].map((t) => ({ imageName: image, imageTag: `i${i}-t${t}`, repositoryName: repository })),
    );
    const results = await Promise.all(
      requests.map((args) =>
        push(args).then((result) => {
          order.push(result.imageUri);
          return result;
        }),
      ),
    );
    const uris = results.map((r) => r.imageUri);
    assert.deepEqual(order, uris, 'pushes completed out of order');
    assert.deepEqual((await ecrControl().registryTags(repository)).sort(), requests.map((r) => r.imageTag).sort());

    const lines = logLines(logStart);
    const reported = (uri: string) => lines.filter((l) => l.includes(`Pushed ${uri} (sha256:`) && /\)\.$/.test(l)).length;
    assert.deepEqual(
      uris.map(reported),
      uris.map(() => 1),
      'each push reported exactly once',
    );
    assert.equal(lines.filter((l) => l.includes('Queued: ')).length, 19, 'every push behind the first was shown as queued');
    // Sections: each push's lines sit between its header and the next; no line names another push's URI.
    const sections: string[][] = [];
    for (const line of lines) {
      if (line.includes('──── ')) sections.push([]);
      else if (sections.length) sections[sections.length - 1].push(line);
    }
    assert.equal(sections.length, 20);
    sections.forEach((section, i) => {
      const others = uris.filter((_, j) => j !== i);
      // "Image sha256:… (tags)" lists the local image's tags, which include earlier pushes of the same image.
      const stray = section.filter((l) => others.some((uri) => l.includes(uri)) && !l.includes('Queued: ') && !/\] Image sha256:/.test(l));
      assert.deepEqual(stray, [], `push ${i + 1}'s section mentions another push`);
    });
    const logins = lines.filter((l) => l.includes('--password-stdin'));
    assert.equal(logins.length, 1, `logins: ${logins.join('\n')}`);
    assert.ok(
      sections[0].some((l) => l.includes('--password-stdin')),
      'the one login belongs to the first push',
    );
  });

  it(caseTitle('L03'), async () => {
    const image = await localImage('rel/fifty', 8 * 1024);
    const repository = unique('rel/fifty');
    await push({ imageName: image, imageTag: 'warm', repositoryName: repository });
    const before = footprint();
    const logBefore = readPushLog().length;
    for (let i = 0; i < 50; i++) {
      await push({ imageName: image, imageTag: `n${i}`, repositoryName: repository });
    }
    const growth = readPushLog().length - logBefore;
    assert.equal((await ecrControl().registryTags(repository)).length, 51);
    assert.ok(growth < 50 * 6 * 1024, `the log grew ${growth} bytes for 50 pushes`);
    await assertNoGrowth(before, '50 pushes');
  });

  it(caseTitle('L04'), async () => {
    const driver = requireDriver();
    // A leading digit sorts the repository first, so its row is rendered without scrolling.
    const repository = unique('0refresh/app');
    await createImage(`${repository}:1`);
    const row = `${repository}, 1 tag`;
    const rowShown = () =>
      eventually(`the Local Images row "${row}"`, async () =>
        (await driver.attributes(LOCAL_IMAGE_ROWS, 'aria-label')).includes(row) ? true : undefined,
      );
    await vscode.commands.executeCommand('ecrPush.localImages.focus');
    await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    await rowShown();
    const before = footprint();
    for (let i = 0; i < 200; i++) {
      await vscode.commands.executeCommand('ecrPush.localImages.refresh');
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await assertNoGrowth(before, '200 refreshes');
    await rowShown();
  });

  /** Starts a push of a medium image, runs `during` while docker push runs, and checks the push is intact. */
  async function disturbedPush(id: string, during: () => Promise<unknown>): Promise<void> {
    const image = await localImage('rel/disturbed', 40 * 1024 * 1024, 2);
    const repository = unique('rel/disturbed');
    const logStart = readPushLog().length;
    const pushing = push({ imageName: image, repositoryName: repository });
    await eventually('docker push to start', () =>
      listProcesses().find((p) => isDockerProcess(p) && p.argv.includes('push') && p.argv.some((a) => a.endsWith(`${repository}:1`))),
    );
    await during();
    const result = await pushing;
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    await assertPushedLine(id, result, logStart);
    assert.equal(await ecrControl().manifestDigest(repository, '1'), result.digest);
  }

  it(caseTitle('L05'), () =>
    disturbedPush('L05', async () => {
      for (let i = 0; i < 5; i++) await vscode.commands.executeCommand('ecrPush.localImages.refresh');
    }),
  );

  it(caseTitle('L06'), () =>
    disturbedPush('L06', async () => {
      const config = vscode.workspace.getConfiguration('ecrPush');
      await config.update('showDanglingImages', true, vscode.ConfigurationTarget.Global);
      await config.update('createRepository.scanOnPush', false, vscode.ConfigurationTarget.Global);
      await config.update('showDanglingImages', undefined, vscode.ConfigurationTarget.Global);
      await config.update('createRepository.scanOnPush', undefined, vscode.ConfigurationTarget.Global);
    }),
  );

  it(caseTitle('L07'), async () => {
    // Clear also logs out on disk, so the running push may log in again with a new token before it ends;
    // either way no token got before the clear may serve a push after it.
    await disturbedPush('L07', async () => {
      await ecrControl().reset();
      await forgetToken();
    });
    const image = await localImage('rel/after-clear');
    await push({ imageName: image, repositoryName: unique('rel/after-clear') });
    assert.ok((await operations()).includes('GetAuthorizationToken'), 'the token was reused after clearing credentials');
  });
});

/** The stack's secrets, and this host's session token when it has one. */
function knownSecrets(): Promise<string[]> {
  return stackSecrets(process.env.AWS_SESSION_TOKEN ? [process.env.AWS_SESSION_TOKEN] : []);
}

function leaked(text: string, secrets: readonly string[]): number {
  return secrets.filter((s) => text.includes(s)).length;
}

function filesNamed(dir: string, test: (name: string) => boolean, depth = 8): string[] {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, test, depth - 1);
    return entry.isFile() && test(entry.name) ? [full] : [];
  });
}

describe('reliability (integration): secrets', () => {
  const userDataDir = process.env.ECR_PUSH_USER_DATA_DIR ?? '';
  before(async () => {
    await vscode.extensions.getExtension('ecr-push.ecr-push')?.activate();
    assert.ok(userDataDir && fs.existsSync(userDataDir), `no user data dir (${userDataDir})`);
  });

  it(caseTitle('S01'), async () => {
    const image = await localImage('rel/argv', 4 * 1024 * 1024, 2);
    await forgetToken();
    const sampler = startArgvSampler();
    let seen: string[][];
    try {
      await push({ imageName: image, repositoryName: unique('rel/argv') });
      await push({ imageName: image, imageTag: 'second', repositoryName: unique('rel/argv') });
    } finally {
      seen = await sampler.stop();
    }
    assert.ok(
      seen.some((argv) => argv.includes('login')),
      `no docker login seen in ${seen.length} argv`,
    );
    assert.ok(
      seen.some((argv) => argv.includes('push')),
      'no docker push seen',
    );
    const secrets = await knownSecrets();
    for (const argv of seen) {
      assert.equal(leaked(argv.join(' '), secrets), 0, `a secret in the argv of docker ${argv.slice(1, 4).join(' ')}`);
    }
  });

  it(caseTitle('S02'), async () => {
    const log = readPushLog();
    assert.match(log, /--password-stdin/, 'the log is not the one the pushes wrote');
    assert.equal(leaked(log, await knownSecrets()), 0, 'a secret in the ECR Push log');
  });

  it(caseTitle('S03'), async () => {
    assert.ok(failures.length >= 20, `only ${failures.length} failures collected`);
    const secrets = await knownSecrets();
    for (const error of failures) {
      const text = [
        error.message,
        error.stack,
        (error as { remedy?: string }).remedy,
        String((error as { cause?: unknown }).cause ?? ''),
      ].join('\n');
      assert.equal(leaked(text, secrets), 0, `a secret in the error "${error.message}"`);
    }
  });

  it(caseTitle('S04'), async () => {
    const files = [
      ...filesNamed(userDataDir, (name) => name === 'settings.json'),
      ...(vscode.workspace.workspaceFolders ?? [])
        .map((f) => path.join(f.uri.fsPath, '.vscode', 'settings.json'))
        .filter((f) => fs.existsSync(f)),
    ];
    assert.ok(files.length >= 2, `settings files: ${files.join(', ')}`);
    const secrets = await knownSecrets();
    for (const file of files) {
      assert.equal(leaked(fs.readFileSync(file, 'latin1'), secrets), 0, `a secret in ${file}`);
    }
  });

  it(caseTitle('S05'), async () => {
    // code-server keeps VS Code's global and workspace state (context.globalState included) in the
    // browser's IndexedDB, not in a state.vscdb: read it all through the page driver, plus the bytes of
    // any state.vscdb under the user data dir (where desktop VS Code keeps it).
    const driver = requireDriver();
    const storage = await driver.storage();
    assert.ok(storage.databases.length > 0 && storage.text.length > 0, `no browser storage: ${JSON.stringify(storage.databases)}`);
    const secrets = await knownSecrets();
    assert.equal(leaked(storage.text, secrets), 0, `a secret in the workbench storage (${storage.databases.join(', ')})`);
    for (const file of filesNamed(userDataDir, (name) => /\.vscdb(-wal|-journal)?$/.test(name))) {
      const bytes = fs.readFileSync(file);
      for (const secret of secrets) {
        assert.equal(bytes.includes(Buffer.from(secret, 'utf8')), false, `a secret in ${file}`);
      }
    }
  });

  it(caseTitle('S06'), async () => {
    // One folder per identity and registry under docker-config/.
    const configs = filesNamed(userDataDir, (name) => name === 'config.json').filter(
      (f) => path.basename(path.dirname(path.dirname(f))) === 'docker-config',
    );
    assert.ok(configs.length >= 1, `private docker configs: ${configs.join(', ')}`);
    const withLogin = configs.filter((config) => fs.readFileSync(config, 'utf8').includes('"auth"'));
    assert.ok(withLogin.length >= 1, 'the logins of the pushes are kept for the next push');
    for (const config of configs) {
      assert.equal(fs.statSync(config).mode & 0o777, 0o600, `${config} mode`);
      assert.equal(fs.statSync(path.dirname(config)).mode & 0o777, 0o700, `${path.dirname(config)} folder mode`);
      const content = JSON.parse(fs.readFileSync(config, 'utf8')) as { auths?: Record<string, { auth?: string }>; credsStore?: string };
      // A folder emptied by ECR: Clear AWS Credentials holds no login at all; any other holds the registry's only.
      assert.ok(
        Object.keys(content.auths ?? {}).every((host) => host === stackInfo().registry.host),
        `only the ECR registry login is kept: ${Object.keys(content.auths ?? {}).join(', ')}`,
      );
      assert.equal(content.credsStore, undefined, 'no credential store was selected');
      const text = fs.readFileSync(config, 'utf8');
      assert.ok(!text.includes(stackInfo().ecr.secretAccessKey), 'the AWS secret key is in the docker config');
      if (process.env.AWS_SESSION_TOKEN) assert.ok(!text.includes(process.env.AWS_SESSION_TOKEN));
    }
    assert.equal(fileHash(userDockerConfig), userDockerConfigBefore, `the user's ${userDockerConfig} was written`);
  });
});
