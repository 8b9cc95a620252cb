/**
 * Decoding ECR's GetAuthorizationToken answer: the token into user and password, and the registry host
 * from proxyEndpoint for every partition and for a local registry. Errors must never carry the token.
 */
import * as assert from 'node:assert/strict';
import { AuthorizationTokenError, toRegistryAuthorization } from '../../../src/ecr/authorizationToken';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const STANDARD_ENDPOINT = 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** User and password of an entry whose endpoint is fine, so only the token is on trial. */
function credentialsFromToken(token: string | undefined): { username: string; password: string } {
  const { username, password } = toRegistryAuthorization({ authorizationToken: token, proxyEndpoint: STANDARD_ENDPOINT });
  return { username, password };
}

/** Registry host of an entry whose token is fine, so only the endpoint is on trial. */
function hostFromEndpoint(proxyEndpoint: string | undefined): string {
  return toRegistryAuthorization({ authorizationToken: b64('AWS:pw'), proxyEndpoint }).registryHost;
}

/** Asserts `fn` throws AuthorizationTokenError matching `message` and holding none of `secrets`. */
function assertTokenError(fn: () => unknown, message: RegExp, secrets: readonly string[] = []): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AuthorizationTokenError, `expected AuthorizationTokenError, got ${String(error)}`);
    assert.equal(error.name, 'AuthorizationTokenError');
    assert.match(error.message, message);
    for (const secret of secrets) {
      assert.ok(!error.message.includes(secret), `message leaks ${JSON.stringify(secret)}: ${error.message}`);
      assert.ok(!String(error.stack).includes(secret), 'stack leaks the secret');
    }
    return true;
  });
}

describe('toRegistryAuthorization: the token', () => {
  it('splits AWS:password', () => {
    assert.deepEqual(credentialsFromToken(b64('AWS:eyJwYXlsb2FkIjoi')), { username: 'AWS', password: 'eyJwYXlsb2FkIjoi' });
  });

  it('keeps colons that belong to the password', () => {
    assert.deepEqual(credentialsFromToken(b64('AWS:pa:ss:word')), { username: 'AWS', password: 'pa:ss:word' });
  });

  it('ignores surrounding whitespace', () => {
    assert.deepEqual(credentialsFromToken(` ${b64('AWS:secret')}\n`), { username: 'AWS', password: 'secret' });
  });

  it('decodes a realistic long token (thousands of characters, as ECR returns)', () => {
    const password = Buffer.alloc(1600, 7).toString('base64');
    const decoded = credentialsFromToken(b64(`AWS:${password}`));
    assert.equal(decoded.username, 'AWS');
    assert.equal(decoded.password, password);
  });

  it('refuses text that is not base64, without echoing it', () => {
    const token = 'not*base64!!SECRETPART';
    assertTokenError(() => credentialsFromToken(token), /not valid base64/, [token, 'SECRETPART']);
  });

  it('refuses base64 of the wrong length (truncated token), without echoing it', () => {
    const token = b64('AWS:truncated-secret').slice(0, -1);
    assertTokenError(() => credentialsFromToken(token), /not valid base64/, [token]);
  });

  it('refuses a token without a colon, echoing neither the token nor the decoded text', () => {
    const token = b64('AWSsupersecretpassword');
    assertTokenError(() => credentialsFromToken(token), /not of the form user:password/, [token, 'supersecretpassword']);
  });

  it('refuses an empty password', () => {
    const token = b64('AWS:');
    assertTokenError(() => credentialsFromToken(token), /not of the form user:password/, [token]);
  });

  it('refuses an empty user name, without echoing the password', () => {
    const token = b64(':hunter2secret');
    assertTokenError(() => credentialsFromToken(token), /not of the form user:password/, [token, 'hunter2secret']);
  });

  for (const [label, value] of [
    ['an empty string', ''],
    ['whitespace', '  \n'],
    ['undefined', undefined],
  ] as const) {
    it(`refuses ${label} as empty`, () => {
      assertTokenError(() => credentialsFromToken(value), /empty authorization token/);
    });
  }
});

describe('toRegistryAuthorization: the registry host from proxyEndpoint', () => {
  const table: ReadonlyArray<[label: string, endpoint: string, host: string]> = [
    ['standard', 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    [
      'FIPS GovCloud',
      'https://123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
    ],
    ['China', 'https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'],
    ['dual-stack', 'https://123456789012.dkr-ecr.us-east-1.on.aws', '123456789012.dkr-ecr.us-east-1.on.aws'],
    ['local registry with port', 'http://127.0.0.1:5000', '127.0.0.1:5000'],
    ['trailing slash', 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    [
      'default https port dropped',
      'https://123456789012.dkr.ecr.us-east-1.amazonaws.com:443',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    ],
    ['default http port dropped', 'http://127.0.0.1:80', '127.0.0.1'],
    ['non-default https port kept', 'https://registry.example:8443', 'registry.example:8443'],
    ['no scheme', '123456789012.dkr.ecr.eu-central-2.amazonaws.com', '123456789012.dkr.ecr.eu-central-2.amazonaws.com'],
    ['surrounding whitespace', '  http://127.0.0.1:5055\n', '127.0.0.1:5055'],
  ];
  for (const [label, endpoint, host] of table) {
    it(`${label}: ${endpoint.trim()} → ${host}`, () => {
      assert.equal(hostFromEndpoint(endpoint), host);
    });
  }

  it('refuses a path', () => {
    assertTokenError(
      () => hostFromEndpoint('https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/app'),
      /proxyEndpoint with a path: https:\/\/123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/v2\/app/,
    );
  });

  it('refuses a scheme docker cannot use', () => {
    assertTokenError(() => hostFromEndpoint('ftp://registry.example'), /unsupported scheme: ftp:/);
  });

  for (const garbage of ['http://', 'https://exa mple.com', '://']) {
    it(`refuses garbage ${JSON.stringify(garbage)} as not a URL`, () => {
      assertTokenError(() => hostFromEndpoint(garbage), /proxyEndpoint that is not a URL/);
    });
  }

  for (const [label, value] of [
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ] as const) {
    it(`refuses a ${label} proxyEndpoint`, () => {
      assertTokenError(() => hostFromEndpoint(value), /no proxyEndpoint/);
    });
  }
});

describe('toRegistryAuthorization: the whole entry', () => {
  it('decodes the entry, takes the host from proxyEndpoint and keeps the expiry', () => {
    const expiresAt = new Date('2030-01-01T12:00:00Z');
    const auth = toRegistryAuthorization({
      authorizationToken: b64('AWS:the-password'),
      proxyEndpoint: 'https://210987654321.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      expiresAt,
    });
    assert.deepEqual(auth, {
      username: 'AWS',
      password: 'the-password',
      registryHost: '210987654321.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      proxyEndpoint: 'https://210987654321.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      expiresAt,
    });
  });

  it('works for a local registry behind an ECR-compatible API', () => {
    const auth = toRegistryAuthorization({ authorizationToken: b64('AWS:pw'), proxyEndpoint: 'http://127.0.0.1:5055' });
    assert.equal(auth.registryHost, '127.0.0.1:5055');
    assert.equal(auth.expiresAt, undefined);
  });

  it('refuses a missing proxyEndpoint without echoing the token or password', () => {
    const token = b64('AWS:very-secret-password');
    assertTokenError(() => toRegistryAuthorization({ authorizationToken: token }), /no proxyEndpoint/, [token, 'very-secret-password']);
  });

  it('refuses a bad token before looking at the endpoint, without echoing it', () => {
    const token = b64('AWSnocolonsecret');
    assertTokenError(
      () => toRegistryAuthorization({ authorizationToken: token, proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com' }),
      /not of the form user:password/,
      [token, 'nocolonsecret'],
    );
  });
});
