/**
 * Format checks for hand-typed keys: paste mistakes are caught with a message that says what is
 * expected, and no message ever echoes the secret or the token.
 */
import * as assert from 'node:assert/strict';
import {
  checkAccessKeyId,
  checkSecretAccessKey,
  checkSessionToken,
  hadSurroundingWhitespace,
  keyCheckPolicyFor,
  validateAccessKeyId,
  validateSecretAccessKey,
  validateSessionToken,
} from '../../../src/credentials/accessKeyFormat';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const TEMP_KEY_ID = 'ASIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDk3jXAMPLE+token=';

describe('validateAccessKeyId', () => {
  for (const id of [KEY_ID, TEMP_KEY_ID, 'AROAIOSFODNN7EXAMPLE', 'AIDAIOSFODNN7EXAMPLE']) {
    it(`accepts ${id}`, () => {
      assert.equal(validateAccessKeyId(id), undefined);
    });
  }

  it('accepts a key pasted with whitespace around it (it is trimmed)', () => {
    assert.equal(validateAccessKeyId(`  ${KEY_ID}\n`), undefined);
  });

  it('asks for a key when empty or blank', () => {
    assert.match(validateAccessKeyId('') ?? '', /^Enter the access key id \(20 characters, starting with AKIA or ASIA\)\.$/);
    assert.match(validateAccessKeyId('   ') ?? '', /^Enter the access key id/);
  });

  const bad: ReadonlyArray<[label: string, id: string, length: number]> = [
    ['19 characters', KEY_ID.slice(0, 19), 19],
    ['21 characters', `${KEY_ID}A`, 21],
    ['lowercase', KEY_ID.toLowerCase(), 20],
    ['a digit outside 2–7', 'AKIAIOSFODNN1EXAMPLE', 20],
    ['an unknown prefix', 'ABCDIOSFODNN7EXAMPLE', 20],
    ['the secret pasted into the key id box', SECRET, 40],
  ];
  for (const [label, id, length] of bad) {
    it(`refuses ${label}, stating the rule and the length`, () => {
      const message = validateAccessKeyId(id);
      assert.ok(message);
      assert.match(message, /20 characters of A–Z and 2–7 starting with AKIA \(long-term\) or ASIA \(temporary\)/);
      assert.match(message, new RegExp(`this one has ${length} characters`));
      assert.ok(!message.includes(id), 'the message does not echo the input');
    });
  }
});

describe('validateSecretAccessKey', () => {
  it('accepts a 40-character secret', () => {
    assert.equal(validateSecretAccessKey(SECRET), undefined);
  });

  it('accepts a secret pasted with whitespace around it', () => {
    assert.equal(validateSecretAccessKey(`\t${SECRET}  `), undefined);
  });

  it('asks for a secret when empty', () => {
    assert.match(validateSecretAccessKey('') ?? '', /^Enter the secret access key \(40 characters\)\.$/);
  });

  const bad: ReadonlyArray<[label: string, secret: string, length: number]> = [
    ['39 characters', SECRET.slice(0, 39), 39],
    ['41 characters', `${SECRET}x`, 41],
    ['a dash', `${SECRET.slice(0, 39)}-`, 40],
    ['an inner space', `${SECRET.slice(0, 20)} ${SECRET.slice(21)}`, 40],
  ];
  for (const [label, secret, length] of bad) {
    it(`refuses ${label} without echoing the secret`, () => {
      const message = validateSecretAccessKey(secret);
      assert.ok(message);
      assert.match(message, new RegExp(`40 characters of letters, digits, "/" and "\\+"; this one has ${length} characters`));
      assert.ok(!message.includes(secret));
      assert.ok(!message.includes(secret.slice(0, 12)), 'not even a prefix of the secret');
    });
  }
});

describe('validateSessionToken', () => {
  it('requires a token for an ASIA (temporary) key', () => {
    assert.equal(validateSessionToken('', TEMP_KEY_ID), 'Keys starting with ASIA are temporary and need their session token.');
    assert.equal(validateSessionToken('   ', ` ${TEMP_KEY_ID} `), 'Keys starting with ASIA are temporary and need their session token.');
  });

  it('accepts an ASIA key with its token', () => {
    assert.equal(validateSessionToken(TOKEN, TEMP_KEY_ID), undefined);
    assert.equal(validateSessionToken(`\n${TOKEN}\n`, TEMP_KEY_ID), undefined);
  });

  it('does not require a token for an AKIA key', () => {
    assert.equal(validateSessionToken('', KEY_ID), undefined);
  });

  for (const [label, token] of [
    ['a space inside', `${TOKEN.slice(0, 30)} ${TOKEN.slice(30)}`],
    ['too short', 'abc123'],
    ['quotes around it', `"${TOKEN}"`],
  ] as const) {
    it(`refuses a token with ${label}, without echoing it`, () => {
      const message = validateSessionToken(token, TEMP_KEY_ID);
      assert.ok(message);
      assert.match(message, /session token is a long run of letters, digits, "\/", "\+" and "=" with no spaces/);
      assert.ok(!message.includes(token.trim()));
      assert.ok(!message.includes('IQoJb3JpZ2lu'));
    });
  }
});

describe('hadSurroundingWhitespace', () => {
  for (const value of [` ${KEY_ID}`, `${KEY_ID} `, `${KEY_ID}\n`, `\t${SECRET}`, `\r\n${TOKEN}\r\n`]) {
    it(`is true for ${JSON.stringify(value.replace(SECRET, '<secret>').replace(TOKEN, '<token>'))}`, () => {
      assert.equal(hadSurroundingWhitespace(value), true);
    });
  }

  for (const value of [KEY_ID, SECRET, '', 'a b']) {
    it(`is false for ${JSON.stringify(value === SECRET ? '<secret>' : value)}`, () => {
      assert.equal(hadSurroundingWhitespace(value), false);
    });
  }
});

describe('keyCheckPolicyFor (which endpoint decides the key shape)', () => {
  it('checks keys as AWS does when ecrPush.endpoint is unset or blank', () => {
    assert.deepEqual(keyCheckPolicyFor(''), { kind: 'aws' });
    assert.deepEqual(keyCheckPolicyFor('   '), { kind: 'aws' });
  });

  for (const endpoint of [
    'https://api.ecr.us-east-1.vpce.amazonaws.com',
    'https://vpce-0123-abcd.api.ecr.eu-west-1.vpce.amazonaws.com',
    'https://api.ecr.cn-north-1.amazonaws.com.cn',
    'https://ecr.us-east-1.api.aws.on.aws',
    'api.ecr.us-east-1.amazonaws.com',
  ]) {
    it(`keeps the strict check for an AWS endpoint: ${endpoint}`, () => {
      assert.deepEqual(keyCheckPolicyFor(endpoint), { kind: 'aws' });
    });
  }

  for (const endpoint of [
    'http://localhost:4566',
    'http://127.0.0.1:9000',
    'https://minio.example.internal',
    'https://amazonaws.com.evil.example',
  ]) {
    it(`lets another endpoint judge its own keys: ${endpoint}`, () => {
      assert.deepEqual(keyCheckPolicyFor(endpoint), { kind: 'otherEndpoint', endpoint });
    });
  }

  it('treats an endpoint that is not a URL as AWS (strict), since it cannot name another service', () => {
    assert.deepEqual(keyCheckPolicyFor('http://[not a url'), { kind: 'aws' });
  });
});

describe('checkAccessKeyId / checkSecretAccessKey / checkSessionToken', () => {
  const aws = keyCheckPolicyFor('');
  const localStack = keyCheckPolicyFor('http://localhost:4566');

  it("refuses LocalStack's test/test against AWS, with the strict messages", () => {
    assert.deepEqual(checkAccessKeyId('test', aws), { message: validateAccessKeyId('test'), blocking: true });
    assert.deepEqual(checkSecretAccessKey('test', aws), { message: validateSecretAccessKey('test'), blocking: true });
  });

  it("accepts LocalStack's test/test with a warning that names the endpoint", () => {
    const id = checkAccessKeyId('test', localStack);
    assert.equal(id?.blocking, false);
    assert.equal(
      id?.message,
      'This is not shaped like an AWS access key id (AKIA… or ASIA…, 20 characters). It is accepted because ecrPush.endpoint points at http://localhost:4566, which checks its own keys.',
    );
    const secret = checkSecretAccessKey('test', localStack);
    assert.equal(secret?.blocking, false);
    assert.equal(
      secret?.message,
      'This is not shaped like an AWS secret access key (40 characters). It is accepted because ecrPush.endpoint points at http://localhost:4566, which checks its own keys.',
    );
    assert.equal(checkSessionToken('', 'test', localStack), undefined, 'no token needed for a non-ASIA key');
  });

  it('accepts MinIO-style keys (lowercase, 20/40 characters of another alphabet) with a warning only', () => {
    const minio = keyCheckPolicyFor('https://minio.example.internal:9000');
    assert.equal(checkAccessKeyId('minioadmin', minio)?.blocking, false);
    assert.equal(checkSecretAccessKey('minio-secret_key.2024', minio)?.blocking, false);
  });

  it('says nothing about AWS-shaped keys under either policy', () => {
    for (const policy of [aws, localStack]) {
      assert.equal(checkAccessKeyId(KEY_ID, policy), undefined);
      assert.equal(checkSecretAccessKey(SECRET, policy), undefined);
      assert.equal(checkSessionToken(TOKEN, TEMP_KEY_ID, policy), undefined);
    }
  });

  it('still blocks an empty value with another endpoint', () => {
    assert.deepEqual(checkAccessKeyId('  ', localStack), { message: validateAccessKeyId('  '), blocking: true });
    assert.deepEqual(checkSecretAccessKey('', localStack), { message: validateSecretAccessKey(''), blocking: true });
  });

  it('still blocks spaces or line breaks inside a value with another endpoint, without echoing it', () => {
    assert.deepEqual(checkAccessKeyId('te st', localStack), {
      message: 'An access key id has no spaces or line breaks inside it.',
      blocking: true,
    });
    const secret = checkSecretAccessKey('my\tsecret', localStack);
    assert.deepEqual(secret, { message: 'A secret access key has no spaces or line breaks inside it.', blocking: true });
    assert.deepEqual(checkSessionToken('a token', 'test', localStack), {
      message: 'A session token has no spaces or line breaks inside it.',
      blocking: true,
    });
  });

  it('warns instead of blocking for an ASIA key without a token, or a short token, only with another endpoint', () => {
    assert.deepEqual(checkSessionToken('', TEMP_KEY_ID, aws), {
      message: 'Keys starting with ASIA are temporary and need their session token.',
      blocking: true,
    });
    assert.deepEqual(checkSessionToken('', TEMP_KEY_ID, localStack), {
      message:
        'AWS keys starting with ASIA need their session token. The key is accepted without one because ecrPush.endpoint points at http://localhost:4566, which checks its own keys.',
      blocking: false,
    });
    assert.equal(checkSessionToken('short', 'test', aws)?.blocking, true);
    const short = checkSessionToken('short', 'test', localStack);
    assert.equal(short?.blocking, false);
    assert.ok(!short?.message.includes('short'), 'the token is not echoed');
  });
});
