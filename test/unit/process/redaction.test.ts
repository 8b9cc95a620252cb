/**
 * The one redactor (docker's stderr, error messages, the log): registered secrets and secret-shaped
 * text are masked; digests, layer ids, image URIs and ordinary docker output pass through untouched.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { redact as redactWith, Redactor } from '../../../src/process/redaction';
import { readCaptured } from '../fakeCli/paths';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDk3jXAMPLEtokenValue+abc/def' + crypto.randomBytes(300).toString('base64');

function redact(text: string, ...secrets: string[]): string {
  const redactor = new Redactor();
  for (const secret of secrets) {
    redactor.addSecret(secret);
  }
  return redactor.redact(text);
}

describe('Redactor', () => {
  describe('masks', () => {
    it('a registered secret wherever it appears, every time', () => {
      const out = redact('pw=letmein-please and again letmein-please.', 'letmein-please');
      assert.ok(!out.includes('letmein-please'));
      assert.equal(out.split('***').length - 1, 2);
    });

    it('a registered secret inside other text', () => {
      assert.equal(redact('prefix[s3cr3t-value]suffix', 's3cr3t-value'), 'prefix[***]suffix');
    });

    it('ignores undefined and very short registered values (they would blank ordinary words)', () => {
      assert.equal(redact('a bc abc', 'a', 'bc', 'abc'), 'a bc abc');
      const redactor = new Redactor();
      redactor.addSecret(undefined);
      assert.equal(redactor.redact('nothing to hide'), 'nothing to hide');
    });

    it('Authorization: Basic whose base64 happens to hold only letters', () => {
      // base64("exbv:irhmuhl"): no digit, no padding, yet a credential.
      assert.equal(Buffer.from('ZXhidjppcmhtdWhs', 'base64').toString(), 'exbv:irhmuhl');
      assert.equal(redact('Authorization: Basic ZXhidjppcmhtdWhs'), 'Authorization: Basic ***');
    });

    it('an opaque letters-only Bearer token', () => {
      assert.equal(redact('Authorization: Bearer kQvTzXrPbNwYhJsLmDfGcAeRtUiOpKlW'), 'Authorization: Bearer ***');
    });

    it('a docker config "auth" value', () => {
      const config = '{"auths":{"123456789012.dkr.ecr.us-east-1.amazonaws.com":{"auth":"QVdTOmV5SndZWGxzYjJGa0lqb2lTR1Z5WlE9PQ=="}}}';
      const out = redact(config);
      assert.equal(out, '{"auths":{"123456789012.dkr.ecr.us-east-1.amazonaws.com":{"auth":"***"}}}');
    });

    it('a pretty-printed "auth": "…" value', () => {
      assert.equal(redact('\t\t\t"auth": "QVdTOnBhc3N3b3Jk"'), '\t\t\t"auth": "***"');
    });

    it('Authorization: Basic', () => {
      assert.equal(redact('Authorization: Basic QVdTOnBhc3N3b3JkMTIz'), 'Authorization: Basic ***');
    });

    it('Authorization: Bearer (a JWT)', () => {
      const out = redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhd3MifQ.c2lnbmF0dXJl-_x');
      assert.equal(out, 'Authorization: Bearer ***');
    });

    for (const line of [
      `aws_secret_access_key=${SECRET_KEY}`,
      `aws_secret_access_key = ${SECRET_KEY}`,
      `AWS_SECRET_ACCESS_KEY: ${SECRET_KEY}`,
      `{"secretAccessKey":"${SECRET_KEY}"}`,
      `secretAccessKey: '${SECRET_KEY}'`,
    ]) {
      it(`a key=value secret: ${line.replace(SECRET_KEY, '<secret>')}`, () => {
        const out = redact(line);
        assert.ok(!out.includes(SECRET_KEY), out);
        assert.match(out, /\*\*\*/);
      });
    }

    it('aws_session_token=… and password=…', () => {
      const out = redact(`aws_session_token=${SESSION_TOKEN.slice(0, 60)} password=hunter2`);
      assert.equal(out, 'aws_session_token=*** password=***');
    });

    it('a bare 40-character secret access key', () => {
      assert.equal(redact(`using key ${SECRET_KEY} now`), 'using key *** now');
    });

    it('a bare 40-character secret without + or / (mixed case and digits)', () => {
      const key = 'Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9jKl1n';
      assert.equal(key.length, 40);
      assert.equal(redact(`[${key}]`), '[***]');
    });

    it('a long session token', () => {
      const out = redact(`token ${SESSION_TOKEN} end`);
      assert.equal(out, 'token *** end');
    });

    it('a whole ECR authorizationToken (base64 of AWS:<long password>)', () => {
      const token = Buffer.from(`AWS:${crypto.randomBytes(1200).toString('base64')}`).toString('base64');
      assert.equal(redact(`got ${token}`), 'got ***');
    });
  });

  describe('leaves alone', () => {
    const digest = 'sha256:4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15';
    const untouched: ReadonlyArray<[label: string, line: string]> = [
      ['a sha256 digest', digest],
      ['the push digest line', `1.0: digest: ${digest} size: 1572`],
      ['layer ids with states', '5f70bf18a086: Pushed'],
      ['a layer already existing', 'a3ed95caeb02: Layer already exists'],
      ['a layer id progress line', 'e2eb06d8af82: Pushing [==================>          ]  1.234MB/3.456MB'],
      ['an image URI', '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/my-app:1.0.0'],
      ['the push header', 'The push refers to repository [123456789012.dkr.ecr.us-east-1.amazonaws.com/team/my-app]'],
      ['a China URI', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:latest'],
      ['Login Succeeded', 'Login Succeeded'],
      ['the login warning', 'WARNING! Your password will be stored unencrypted in /root/.docker/config.json.'],
      [
        'a step line',
        '[12:00:01] Authenticating: docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com',
      ],
      ['an ARN', 'arn:aws:ecr:us-east-1:123456789012:repository/team/my-app'],
      ['a full 64-hex image id', '4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15'],
      ['a 40-hex git commit (lowercase only)', 'built from 9fceb02d0ae598e95dc970b74767f19372d61af8'],
      ['an access key id (not a secret)', 'Using access key AKIAIOSFODNN7EXAMPLE'],
      ['the word Basic in prose', 'The registry uses HTTP Basic authentication over TLS.'],
      [
        'a Bearer challenge header (realm is not a token)',
        'www-authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      ],
    ];
    for (const [label, line] of untouched) {
      it(label, () => {
        assert.equal(redact(line), line);
      });
    }

    it('a multi-line docker push transcript, line for line', () => {
      const transcript = [
        'The push refers to repository [127.0.0.1:5055/team/app]',
        '5f70bf18a086: Preparing',
        '5f70bf18a086: Pushed',
        `1.0: digest: ${digest} size: 528`,
      ].join('\n');
      assert.equal(redact(transcript, 'registry-password'), transcript);
    });
  });
});

describe('redact (stateless, for docker output and errors)', () => {
  const ecrLikeToken = Buffer.from('AWS:' + 'eyJwYXlsb2FkIjoi'.repeat(30)).toString('base64');

  it('removes given secrets and credential-looking text', () => {
    assert.equal(redactWith('bad password hunter22 given', ['hunter22']), 'bad password *** given');
    assert.equal(redactWith(`token ${ecrLikeToken} end`), 'token *** end');
    assert.equal(redactWith('Authorization: Basic QVdTOnNlY3JldHNlY3JldA=='), 'Authorization: Basic ***');
    assert.equal(redactWith('docker login --password s3cret host'), 'docker login --password *** host');
    assert.equal(redactWith('docker login --password=s3cret host'), 'docker login --password=*** host');
    assert.equal(redactWith('{"password":"s3cret"}'), '{"password":"***"}');
  });

  it('leaves ordinary docker output alone', () => {
    const text = readCaptured('push-multi-first.stdout.txt') + readCaptured('login-401.stderr.txt');
    assert.equal(redactWith(text), text);
    assert.equal(redactWith('docker login --username AWS --password-stdin host'), 'docker login --username AWS --password-stdin host');
  });
});
