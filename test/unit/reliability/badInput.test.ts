/**
 * Bad input, table-driven (issue 5): each bad value goes through the whole pipeline with the fake
 * docker CLI and an in-memory ECR. The push must fail with the catalogue's message, and nothing may
 * have run: no docker call at all, no ECR call.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  hadSurroundingWhitespace,
  validateAccessKeyId,
  validateSecretAccessKey,
  validateSessionToken,
} from '../../../src/credentials/accessKeyFormat';
import { PushError } from '../../../src/push/pushErrors';
import type { PushRequest } from '../../../src/push/pushRequest';
import { caseTitle, reliabilityCase } from './cases';
import { HAPPY, HOST, MemoryEcr, PipelineHarness } from './harness';

/** Requests that must be refused before anything runs, by case id. */
const REFUSED: ReadonlyArray<[string, Partial<PushRequest>]> = [
  ['B01', { repository: '' }],
  ['B02', { repository: 'a' }],
  ['B03', { repository: 'MyApp' }],
  ['B04', { repository: 'a'.repeat(256) }],
  ['B05', { repository: 'a..b' }],
  ['B06', { repository: 'a/' }],
  ['B07', { repository: '/a' }],
  ['B08', { repository: 'a//b' }],
  ['B09', { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app' }],
  ['B11', { repository: 'app;rm -rf ~' }],
  ['B12', { repository: '$(id)' }],
  ['B13', { repository: '`id`' }],
  ['B14', { repository: 'app\nrm' }],
  ['B15', { tags: ['t'.repeat(129)] }],
  ['B16', { tags: ['.hidden'] }],
  ['B17', { tags: ['-rc'] }],
  ['B18', { tags: ['a:b'] }],
  ['B19', { tags: ['a@b'] }],
  ['B20', { tags: ['a b'] }],
  ['B21', { tags: [''] }],
  ['B23', { source: '<none>:<none>' }],
  ['B26', { region: 'us-east-1a' }],
  ['B27', { region: 'US-EAST-1' }],
  ['B28', { region: '' }],
  ['B30', { accountId: '12345678901' }],
  ['B31', { accountId: '1234567890123' }],
];

describe('reliability: bad input is refused before anything runs', function () {
  this.timeout(30_000);
  let harness: PipelineHarness;
  afterEach(() => harness?.cleanup());

  for (const [id, request] of REFUSED) {
    it(caseTitle(id), async () => {
      const { expected } = reliabilityCase(id);
      const ecr = new MemoryEcr();
      harness = new PipelineHarness(HAPPY, ecr);
      await assert.rejects(harness.run(request), (error: unknown) => {
        assert.ok(error instanceof PushError, String(error));
        assert.equal(error.code, 'invalidInput');
        assert.ok(error.message.includes(expected), `expected "${expected}" in: ${error.message}`);
        assert.match(error.remedy, /Nothing was changed/);
        return true;
      });
      assert.deepEqual(harness.subcommands(), [], 'docker ran for a refused request');
      assert.deepEqual(ecr.calls, [], 'ECR was called for a refused request');
    });
  }

  it(caseTitle('B22'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness(
      { ...HAPPY, 'image inspect': { stdout: 'inspect-missing.stdout.txt', stderr: 'inspect-missing.stderr.txt', exit: 1 } },
      ecr,
    );
    await assert.rejects(harness.run({ source: 'no/such-image:1' }), (error: PushError) => {
      assert.equal(error.code, 'imageNotFound');
      assert.ok(error.message.includes(reliabilityCase('B22').expected), error.message);
      return true;
    });
    assert.deepEqual(harness.argvs(), [
      ['version', '--format', '{{json .}}'],
      ['image', 'inspect', 'no/such-image:1'],
    ]);
    assert.deepEqual(ecr.calls, []);
  });

  it(caseTitle('B24'), async () => {
    const id = 'sha256:0f3e9c2b1d7a4e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f';
    harness = new PipelineHarness(HAPPY);
    const result = await harness.run({ source: id, tags: ['from-id'] });
    assert.equal(result.imageUri, `${HOST}/team/app:from-id`);
    const tag = harness.dockerCalls().find((c) => c.sub === 'tag');
    assert.deepEqual(tag?.argv, ['tag', id, `${HOST}/team/app:from-id`]);
    assert.ok(harness.subcommands().includes('push'));
  });

  it(caseTitle('B29'), async () => {
    const ecr = new MemoryEcr();
    harness = new PipelineHarness(HAPPY, ecr);
    const result = await harness.run({ region: 'cn-north-1' });
    assert.equal(result.digest, ecr.imageDigest);
    assert.ok(
      harness.lines.some((line) => line.startsWith(reliabilityCase('B29').expected)),
      harness.lines.join('\n'),
    );
    assert.deepEqual(harness.sessionRegions, ['cn-north-1']);
    const argv = harness.pushArgvs('team/app:1.0', `${HOST}/team/app:1.0`);
    assert.deepEqual(harness.argvs(), [argv.version, argv.inspect, argv.login, argv.tag, argv.push]);
  });

  for (const [id, command] of [
    ['B39', 'not-executable'],
    ['B40', 'a-directory'],
  ] as const) {
    it(caseTitle(id), async () => {
      const ecr = new MemoryEcr();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-command-'));
      const target = path.join(dir, command);
      if (command === 'a-directory') {
        fs.mkdirSync(target);
      } else {
        fs.writeFileSync(target, '#!/bin/sh\necho ran > "$0.ran"\n', { mode: 0o644 });
      }
      harness = new PipelineHarness(HAPPY, ecr, target);
      await assert.rejects(harness.run(), (error: PushError) => {
        assert.equal(error.code, 'dockerCliNotFound');
        assert.ok(error.message.includes(reliabilityCase(id).expected), error.message);
        assert.match(error.remedy, /ecrPush\.containerCommand/);
        return true;
      });
      assert.deepEqual(ecr.calls, []);
      assert.equal(fs.existsSync(`${target}.ran`), false, 'the non-executable file ran');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});

describe('reliability: access key formats', () => {
  const asia = 'ASIAIOSFODNN7EXAMPLE';
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it(caseTitle('B32'), () => {
    assert.equal(validateAccessKeyId(asia), undefined);
    assert.equal(validateSessionToken('', asia), reliabilityCase('B32').expected);
  });

  it(caseTitle('B33'), () => {
    const message = validateAccessKeyId('AKIA123') ?? '';
    assert.ok(message.endsWith(reliabilityCase('B33').expected), message);
  });

  it(caseTitle('B34'), () => {
    const message = validateAccessKeyId('AKIAiosfodnn7example') ?? '';
    assert.ok(message.startsWith(reliabilityCase('B34').expected), message);
  });

  it(caseTitle('B35'), () => {
    const message = validateSecretAccessKey('wJalrXUtnFEMI K7MDENG/bPxRfiCYEXAMPLEKEY') ?? '';
    assert.ok(message.startsWith(reliabilityCase('B35').expected), message);
  });

  // What the command then stores and says is B36, in the real host (test/integration/reliability.test.ts).
  it('accepts values pasted with whitespace around them, and tells that trimming will change them', () => {
    const padded = { id: `  ${asia}\n`, secret: `\t${secret} `, token: ` ${'FwoGZXIvYXdzEJr'.repeat(8)} ` };
    assert.equal(validateAccessKeyId(padded.id), undefined);
    assert.equal(validateSecretAccessKey(padded.secret), undefined);
    assert.equal(validateSessionToken(padded.token, padded.id), undefined);
    assert.ok([padded.id, padded.secret, padded.token].every(hadSurroundingWhitespace));
    assert.equal(hadSurroundingWhitespace(asia), false);
  });
});
