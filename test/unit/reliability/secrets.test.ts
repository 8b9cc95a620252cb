/**
 * Secrets (issue 5), the parts plain Node can prove: a careless CLI that echoes the password cannot
 * carry it into an error (message, remedy, stack, cause chain), and the log redactor masks each
 * credential shape while keeping digests, layer ids and URIs readable.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { PushError } from '../../../src/push/pushErrors';
import { Redactor } from '../../../src/process/redaction';
import { caseTitle, reliabilityCase } from './cases';
import { HAPPY, MemoryEcr, PipelineHarness } from './harness';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDxExampleSessionTokenPart1+abc/def' +
  'AiB7ExampleSessionTokenPart2VeryLongBase64Material0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH==';
const DIGEST = 'sha256:4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15';

/** Everything an error exposes, down its cause chain. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as Error & { remedy?: string; stderr?: string };
    parts.push(String(e.message), String(e.stack), String(e.remedy ?? ''), String(e.stderr ?? ''), inspect(e, { depth: 0 }));
    current = e.cause;
  }
  return parts.join('\n');
}

describe('reliability: secrets', function () {
  this.timeout(30_000);

  it(caseTitle('S07'), async () => {
    const ecr = new MemoryEcr();
    const harness = new PipelineHarness(
      { ...HAPPY, login: { stdout: 'login-401.stdout.txt', stderr: 'login-401.stderr.txt', exit: 1, echoStdin: true } },
      ecr,
    );
    try {
      let caught: unknown;
      await assert.rejects(harness.run(), (error: unknown) => {
        caught = error;
        return error instanceof PushError && error.code === 'loginFailed';
      });
      const login = harness.dockerCalls().find((c) => c.sub === 'login');
      const password = login?.stdin.trim() ?? '';
      assert.match(password, /s3cr3t/, 'the fake CLI received the password on stdin');
      assert.ok(!login?.argv.join(' ').includes(password), 'password in argv');
      const exposed = everythingIn(caught);
      assert.ok(exposed.includes('got: '), 'the echoed line reached the error (so redaction is what is tested)');
      assert.ok(!exposed.includes(password), `the password leaked into the error:\n${exposed}`);
      assert.ok(!harness.lines.join('\n').includes(password), 'the password leaked into the log lines');
    } finally {
      harness.cleanup();
    }
  });

  const redactor = new Redactor();
  const table: ReadonlyArray<[string, string, string[]]> = [
    ['S08', `retrying with aws secret ${SECRET_KEY} for layer 28bc9534172a (${DIGEST})`, [SECRET_KEY]],
    ['S09', `AWS_SESSION_TOKEN in env was ${SESSION_TOKEN}`, [SESSION_TOKEN, SESSION_TOKEN.slice(0, 60)]],
    [
      'S10',
      `{"auths":{"127.0.0.1:5055":{"auth": "${Buffer.from('AWS:hunter2-registry-pass').toString('base64')}"}}}`,
      [Buffer.from('AWS:hunter2-registry-pass').toString('base64')],
    ],
    [
      'S11',
      'Authorization: Basic QVdTOmh1bnRlcjItcmVnaXN0cnk= then Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      ['QVdTOmh1bnRlcjItcmVnaXN0cnk=', 'eyJhbGciOiJSUzI1NiJ9'],
    ],
    [
      'S12',
      'password=hunter2hunter2 aws_secret_access_key = abcdEFGH1234abcdEFGH1234abcdEFGH1234abcd',
      ['hunter2hunter2', 'abcdEFGH1234abcdEFGH1234abcdEFGH1234abcd'],
    ],
  ];
  for (const [id, line, secrets] of table) {
    it(caseTitle(id), () => {
      const out = redactor.redact(line);
      for (const secret of secrets) {
        assert.ok(!out.includes(secret), `not masked in: ${out}`);
      }
      for (const expected of reliabilityCase(id)
        .expected.replace(/^masked as /, '')
        .split(' / ')) {
        assert.ok(out.includes(expected), `expected "${expected}" in: ${out}`);
      }
      if (id === 'S08') {
        assert.ok(out.includes(DIGEST) && out.includes('28bc9534172a'), `digest or layer id lost: ${out}`);
      }
    });
  }
});
