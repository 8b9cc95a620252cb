/**
 * ECR faults that need no real stack (issue 5): the create race through a mocked SDK client, and an
 * endpoint that accepts connections but never answers — a real SdkEcrRegistry against a tiny local
 * server, with a small requestTimeout (timeout) or a cancelled push (abort).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { SdkEcrRegistry } from '../../../src/ecr/SdkEcrRegistry';
import { PushError } from '../../../src/push/pushErrors';
import { caseTitle, reliabilityCase } from './cases';
import { HAPPY, HOST, PipelineHarness, PUSHED_DIGEST } from './harness';

const credentials = async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });

describe('reliability: ECR faults (mocked SDK)', function () {
  this.timeout(30_000);
  // Mocked in before(), not at load time: another file's restore() of its own ECRClient mock would
  // otherwise remove this one before it runs.
  let ecr: ReturnType<typeof mockClient>;
  let harness: PipelineHarness | undefined;
  before(() => {
    ecr = mockClient(ECRClient);
  });
  afterEach(() => {
    ecr.reset();
    harness?.cleanup();
  });
  after(() => ecr.restore());

  it(caseTitle('E06'), async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(
      new RepositoryNotFoundException({
        message: "The repository with name 'team/app' does not exist",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    ecr.on(CreateRepositoryCommand).rejects(
      new RepositoryAlreadyExistsException({
        message: "The repository with name 'team/app' already exists",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from('AWS:race-password').toString('base64'),
          proxyEndpoint: `http://${HOST}`,
          expiresAt: new Date(Date.now() + 12 * 3600_000),
        },
      ],
    });
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: PUSHED_DIGEST, imageTags: ['1.0'], imageSizeInBytes: 526 }] });
    const registry = await SdkEcrRegistry.create({ region: 'us-east-1', credentials });
    harness = new PipelineHarness(HAPPY, registry);
    const result = await harness.run();
    assert.equal(result.digest, PUSHED_DIGEST);
    assert.equal(result.repositoryCreated, false);
    assert.ok(
      harness.lines.some((l) => l.includes(reliabilityCase('E06').expected)),
      harness.lines.join('\n'),
    );
    assert.equal(ecr.commandCalls(CreateRepositoryCommand).length, 1, 'the race is absorbed, not retried');
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect', 'login', 'tag', 'push']);
  });
});

describe('reliability: a hanging ECR endpoint', function () {
  this.timeout(30_000);
  let server: http.Server;
  let endpoint: string;
  let requests = 0;
  const held: http.ServerResponse[] = [];
  let harness: PipelineHarness | undefined;

  before(async () => {
    // Accepts every request and never answers it.
    server = http.createServer((_request, response) => {
      requests++;
      held.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => harness?.cleanup());
  after(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it(caseTitle('E13'), async () => {
    const registry = await SdkEcrRegistry.create({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1, requestTimeoutMs: 300 });
    harness = new PipelineHarness(HAPPY, registry);
    const before = requests;
    await assert.rejects(harness.run(), (error: PushError) => {
      assert.equal(error.code, 'endpointUnreachable', error.message);
      assert.equal(error.message, reliabilityCase('E13').expected);
      return true;
    });
    assert.equal(requests - before, 1);
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
  });

  it(caseTitle('E14'), async () => {
    // The default 30 s request timeout: only the cancellation can end this push early.
    const registry = await SdkEcrRegistry.create({ region: 'us-east-1', endpoint, credentials });
    harness = new PipelineHarness(HAPPY, registry);
    const controller = new AbortController();
    const before = requests;
    const pushing = harness.run({}, controller.signal);
    const waitForRequest = async () => {
      while (requests === before) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await waitForRequest();
    controller.abort();
    await assert.rejects(pushing, (error: PushError) => {
      assert.equal(error.code, 'cancelled');
      assert.equal(error.message, reliabilityCase('E14').expected);
      return true;
    });
    assert.deepEqual(harness.subcommands(), ['version', 'image inspect']);
  });
});
