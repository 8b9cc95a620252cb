/**
 * The programmatic arguments of ecrPush.pushImage: the shape is checked field by field, and keys
 * are refused outright with the reason (they would be saved in tasks.json or keybindings).
 */
import * as assert from 'node:assert/strict';
import { isPushCommandArgs, parsePushCommandArgs, tagOf } from '../../../src/push/commandArgs';
import { PushError } from '../../../src/push/pushErrors';

/** Asserts the call is refused as invalidInput with a message matching `message`. */
function assertRefused(args: Record<string, unknown>, message: RegExp, mustNotContain: readonly string[] = []): void {
  assert.throws(
    () => parsePushCommandArgs(args),
    (error: unknown) => {
      assert.ok(error instanceof PushError, `expected PushError, got ${String(error)}`);
      assert.equal(error.code, 'invalidInput');
      assert.match(error.message, message);
      assert.match(error.remedy, /Nothing was pushed or changed/);
      for (const text of mustNotContain) {
        assert.ok(!error.message.includes(text), `message echoes ${JSON.stringify(text)}`);
      }
      return true;
    },
  );
}

const COMPLETE = {
  imageName: 'my-app:latest',
  imageTag: 'v1',
  repositoryName: 'team/my-app',
  region: 'us-east-1',
  accountId: '123456789012',
};

describe('parsePushCommandArgs', () => {
  it('accepts complete arguments, turning imageTag into a list', () => {
    assert.deepEqual(parsePushCommandArgs({ ...COMPLETE }), {
      imageName: 'my-app:latest',
      imageTags: ['v1'],
      repositoryName: 'team/my-app',
      region: 'us-east-1',
      accountId: '123456789012',
    });
  });

  it('accepts an array of tags', () => {
    assert.deepEqual(parsePushCommandArgs({ ...COMPLETE, imageTag: ['1.0', 'latest'] }).imageTags, ['1.0', 'latest']);
  });

  it('leaves tags, region and account undefined when omitted (settings and the AWS config supply them)', () => {
    assert.deepEqual(parsePushCommandArgs({ imageName: 'sha256:abc', repositoryName: 'app' }), {
      imageName: 'sha256:abc',
      repositoryName: 'app',
      imageTags: undefined,
      region: undefined,
      accountId: undefined,
    });
  });

  it('treats empty-string and null region/account as omitted', () => {
    const parsed = parsePushCommandArgs({ imageName: 'a:1', repositoryName: 'app', region: '', accountId: null });
    assert.equal(parsed.region, undefined);
    assert.equal(parsed.accountId, undefined);
  });

  it('refuses a missing imageName, saying what it is', () => {
    assertRefused({ repositoryName: 'app' }, /needs imageName: the local image reference, e\.g\. "my-app:latest"/);
  });

  it('refuses a missing repositoryName, saying what it is', () => {
    assertRefused({ imageName: 'my-app:latest' }, /needs repositoryName: the ECR repository name/);
  });

  it('refuses an empty imageName', () => {
    assertRefused({ imageName: '', repositoryName: 'app' }, /needs imageName/);
  });

  it('refuses an extra field, naming it and listing the accepted ones', () => {
    assertRefused(
      { ...COMPLETE, force: true },
      /^Unknown argument force for ecrPush\.pushImage; it takes imageName, imageTag, repositoryName, region, accountId\.$/,
    );
  });

  it('names every extra field', () => {
    assertRefused({ ...COMPLETE, force: true, dryRun: 1 }, /^Unknown arguments force, dryRun /);
  });

  it('refuses the old imageTags spelling as unknown (the argument is imageTag)', () => {
    assertRefused({ imageName: 'a:1', repositoryName: 'app', imageTags: ['1'] }, /Unknown argument imageTags/);
  });

  const wrongTypes: ReadonlyArray<[field: string, value: unknown, message: RegExp]> = [
    ['imageName', 42, /^imageName must be a string, not a number\.$/],
    ['repositoryName', { name: 'app' }, /^repositoryName must be a string, not an? object\.$/],
    ['region', 42, /^region must be a string, not a number\.$/],
    ['accountId', 123456789012, /^accountId must be a string, not a number\.$/],
    ['imageTag', 1, /^imageTag must be a string or a non-empty array of strings, not a number\.$/],
    ['imageTag', [], /^imageTag must be a string or a non-empty array of strings/],
    ['imageTag', ['1.0', 2], /^imageTag must be a string or a non-empty array of strings/],
    ['imageTag', null, /^imageTag must be a string or a non-empty array of strings, not null\.$/],
  ];
  for (const [field, value, message] of wrongTypes) {
    it(`refuses ${field}: ${JSON.stringify(value)}`, () => {
      assertRefused({ ...COMPLETE, [field]: value }, message);
    });
  }

  const secretShapes: ReadonlyArray<[label: string, args: Record<string, unknown>, named: string]> = [
    [
      'awsCredentials (the web service’s shape)',
      {
        ...COMPLETE,
        awsCredentials: {
          region: 'us-east-1',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
      },
      'awsCredentials',
    ],
    ['secretAccessKey', { ...COMPLETE, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, 'secretAccessKey'],
    ['sessionToken', { ...COMPLETE, sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ' }, 'sessionToken'],
    ['accessKeyId', { ...COMPLETE, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, 'accessKeyId'],
    ['password', { ...COMPLETE, password: 'hunter2hunter2' }, 'password'],
  ];
  for (const [label, args, named] of secretShapes) {
    it(`refuses ${label}, saying why, without echoing the value`, () => {
      assertRefused(
        args,
        new RegExp(
          `does not accept AWS credentials as arguments \\(${named}\\): they would end up in tasks\\.json, keybindings or logs\\.`,
        ),
        ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLE', 'IQoJb3JpZ2luX2VjEJr', 'hunter2hunter2'],
      );
    });
  }

  it('refuses credentials even when other fields are also wrong (the secret reason comes first)', () => {
    assertRefused({ secretAccessKey: 'x'.repeat(40), bogus: 1 }, /does not accept AWS credentials/);
  });

  it('says where to put keys instead', () => {
    assertRefused({ ...COMPLETE, secretAccessKey: 'x' }, /ECR: Set AWS Credentials/);
  });
});

describe('isPushCommandArgs', () => {
  it('is true for a plain object (what executeCommand passes from JSON)', () => {
    assert.equal(isPushCommandArgs({ imageName: 'a' }), true);
    assert.equal(isPushCommandArgs(JSON.parse('{"imageName":"a"}')), true);
  });

  for (const [label, value] of [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'my-app:latest'],
    ['an array', [{ imageName: 'a' }]],
    [
      'a class instance (a tree item)',
      new (class TreeItem {
        label = 'x';
      })(),
    ],
    ['a URL', new URL('file:///x')],
  ] as const) {
    it(`is false for ${label}`, () => {
      assert.equal(isPushCommandArgs(value), false);
    });
  }
});

describe('tagOf', () => {
  const table: ReadonlyArray<[reference: string, tag: string | undefined]> = [
    ['my-app:1.2', '1.2'],
    ['my-app', undefined],
    ['team/my-app:latest', 'latest'],
    ['localhost:5000/app', undefined],
    ['localhost:5000/app:1', '1'],
    ['ghcr.io/acme/api:2.0', '2.0'],
    [`app@sha256:${'a'.repeat(64)}`, undefined],
    [`app:1@sha256:${'a'.repeat(64)}`, '1'],
    ['localhost:5000/team/app@sha256:abc', undefined],
  ];
  for (const [reference, tag] of table) {
    it(`${reference} → ${String(tag)}`, () => {
      assert.equal(tagOf(reference), tag);
    });
  }

  it('an image id (sha256:<hex>) has no tag: the digest must not become the pushed tag', () => {
    // pushImage defaults the tag to tagOf(imageName) ?? 'latest'; an image id must fall back to latest.
    assert.equal(tagOf(`sha256:${'4d'.repeat(32)}`), undefined);
  });
});
