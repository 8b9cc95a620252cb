/**
 * The input rules for a push target, table by table. Each row pins the part of the message that tells
 * the user what is wrong, so a regression to a vague message fails.
 */
import * as assert from 'node:assert/strict';
import { parseTagList, validateAccountId, validateRegion, validateRepositoryName } from '../../../src/push/validation';

describe('validateRepositoryName', () => {
  const valid = [
    'ab',
    'my-app',
    'team/my-app',
    'a.b',
    'a_b',
    'a__b',
    'a--b',
    'a---b',
    'team/sub/app',
    '00',
    'a'.repeat(255),
    'team.a/api_v2',
  ];
  for (const name of valid) {
    it(`accepts ${JSON.stringify(name.length > 40 ? `${name.slice(0, 10)}…(${name.length})` : name)}`, () => {
      assert.equal(validateRepositoryName(name), undefined);
    });
  }

  const invalid: ReadonlyArray<[label: string, name: string, expected: RegExp]> = [
    ['empty', '', /^Enter a repository name, e\.g\. my-app/],
    ['one character', 'a', /2 to 255 characters long \(this one has 1\)/],
    ['256 characters', 'a'.repeat(256), /2 to 255 characters long \(this one has 256\)/],
    ['uppercase', 'My-App', /must be lowercase: try "my-app"/],
    ['double dot', 'a..b', /"a\.\.b" is not a valid ECR repository name/],
    ['triple underscore', 'a___b', /"a___b" is not a valid ECR repository name/],
    ['trailing slash', 'a/', /"a\/" is not a valid ECR repository name.*no leading, trailing or double "\/"/],
    ['leading slash', '/a', /"\/a" is not a valid ECR repository name/],
    ['double slash', 'a//b', /"a\/\/b" is not a valid ECR repository name/],
    ['leading separator', '-app', /"-app" is not a valid ECR repository name/],
    ['trailing separator', 'app.', /"app\." is not a valid ECR repository name/],
    ['colon (a tag pasted in)', 'app:latest', /"app:latest" is not a valid ECR repository name/],
    [
      'full ECR image URI',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
      /is a full image URI\. Enter only the repository name: app\.$/,
    ],
    [
      'full ECR image URI with path and tag',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:1.0',
      /Enter only the repository name: team\/app\.$/,
    ],
    ['semicolon command', 'app;rm -rf ~', /cannot contain spaces or characters such as ; \$ ` \( \) — found in "app;rm -rf ~"/],
    ['command substitution', '$(id)', /cannot contain spaces or characters such as .* found in "\$\(id\)"/],
    ['backticks', '`id`', /cannot contain spaces or characters such as .* found in "`id`"/],
    ['newline', 'app\nrm', /cannot contain spaces or characters such as .* found in "app rm"/],
    ['space', 'my app', /cannot contain spaces/],
    ['pipe', 'app|cat', /cannot contain spaces or characters/],
  ];
  for (const [label, name, expected] of invalid) {
    it(`refuses ${label}`, () => {
      const message = validateRepositoryName(name);
      assert.ok(message, `expected a message for ${JSON.stringify(name)}`);
      assert.match(message, expected);
    });
  }

  it('never puts a raw newline into the message (it is shown in one-line input boxes)', () => {
    const message = validateRepositoryName('app\n$(id)');
    assert.ok(message);
    assert.doesNotMatch(message, /[\r\n]/);
  });

  it('shortens a very long bad name in the message', () => {
    const message = validateRepositoryName(`${'x'.repeat(300)};`);
    assert.ok(message);
    assert.ok(message.length < 250, `message is ${message.length} characters`);
    assert.match(message, /x{57}\.\.\./);
  });
});

describe('parseTagList: the rules for one tag', () => {
  const valid = ['latest', '1.0.0', 'v1', '_x', 'A-b_c.1', 'a'.repeat(128), 'sha-0123abc'];
  for (const tag of valid) {
    it(`accepts ${JSON.stringify(tag.length > 40 ? `${tag.slice(0, 10)}…(${tag.length})` : tag)}`, () => {
      assert.deepEqual(parseTagList(tag), { tags: [tag] });
    });
  }

  const invalid: ReadonlyArray<[label: string, tag: string, expected: RegExp]> = [
    ['129 characters', 'a'.repeat(129), /at most 128 characters long \(this one has 129\)/],
    ['leading dot', '.hidden', /"\.hidden" is not a valid tag\..*cannot start with "\." or "-"/],
    ['leading dash', '-rc1', /"-rc1" is not a valid tag\..*cannot start with "\." or "-"/],
    ['colon', 'a:b', /"a:b" is not a valid tag\..*contain ":", "@" or spaces/],
    ['at sign', 'a@b', /"a@b" is not a valid tag/],
    ['space', 'a b', /"a b" is not a valid tag/],
    ['slash', 'a/b', /"a\/b" is not a valid tag/],
  ];
  for (const [label, tag, expected] of invalid) {
    it(`refuses ${label}`, () => {
      const result = parseTagList(tag);
      assert.ok('error' in result, `expected a message for ${JSON.stringify(tag)}`);
      assert.match(result.error, expected);
    });
  }
});

describe('parseTagList', () => {
  it('splits a comma list and trims each tag', () => {
    assert.deepEqual(parseTagList(' 1.0.0 ,latest,  v1'), { tags: ['1.0.0', 'latest', 'v1'] });
  });

  it('keeps a single tag', () => {
    assert.deepEqual(parseTagList('latest'), { tags: ['latest'] });
  });

  it('drops duplicates, keeping the first position', () => {
    assert.deepEqual(parseTagList('latest,1.0,latest, 1.0'), { tags: ['latest', '1.0'] });
  });

  it('drops blanks between commas', () => {
    assert.deepEqual(parseTagList('latest,, ,1.0,'), { tags: ['latest', '1.0'] });
  });

  for (const text of ['', ' ', ',', ' , ,']) {
    it(`asks for at least one tag given ${JSON.stringify(text)}`, () => {
      const result = parseTagList(text);
      assert.ok('error' in result);
      assert.match(result.error, /^Enter at least one tag/);
    });
  }

  it('reports the first bad tag by name', () => {
    const result = parseTagList('latest, bad:tag, .also-bad');
    assert.ok('error' in result);
    assert.match(result.error, /"bad:tag" is not a valid tag/);
  });

  it('reports a tag that is too long with its length', () => {
    const result = parseTagList(`ok,${'b'.repeat(129)}`);
    assert.ok('error' in result);
    assert.match(result.error, /this one has 129/);
  });
});

describe('validateRegion', () => {
  const valid = [
    'us-east-1',
    'eu-central-2',
    'ap-southeast-5',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'us-gov-east-1',
    'us-iso-east-1',
    'us-isob-east-1',
    'il-central-1',
  ];
  for (const region of valid) {
    it(`accepts ${region}`, () => {
      assert.equal(validateRegion(region), undefined);
    });
  }

  it('refuses empty, asking for a region', () => {
    assert.match(validateRegion('') ?? '', /^Enter an AWS region, e\.g\. us-east-1\.$/);
  });

  it('refuses an availability zone and says to drop the final letter', () => {
    const message = validateRegion('us-east-1a');
    assert.ok(message);
    assert.match(message, /"us-east-1a" is not an AWS region name/);
    assert.match(message, /looks like an availability zone; drop the final letter/);
    assert.doesNotMatch(message, /lowercase/);
  });

  it('refuses uppercase and offers the lowercase form', () => {
    const message = validateRegion('US-EAST-1');
    assert.ok(message);
    assert.match(message, /Regions are lowercase: try "us-east-1"/);
    assert.doesNotMatch(message, /availability zone/);
  });

  for (const region of ['us-east', 'useast1', 'us_east_1', ' us-east-1', 'us-east-1 ', 'us-east-123', 'x-east-1']) {
    it(`refuses ${JSON.stringify(region)} naming it`, () => {
      const message = validateRegion(region);
      assert.ok(message, `expected a message for ${JSON.stringify(region)}`);
      assert.match(message, /is not an AWS region name such as us-east-1/);
    });
  }
});

describe('validateAccountId', () => {
  it('accepts 12 digits', () => {
    assert.equal(validateAccountId('123456789012'), undefined);
    assert.equal(validateAccountId('000000000000'), undefined);
  });

  it('refuses 11 digits, saying how many it has', () => {
    assert.match(validateAccountId('12345678901') ?? '', /exactly 12 digits \("12345678901" has 11 characters\)/);
  });

  it('refuses 13 digits, saying how many it has', () => {
    assert.match(validateAccountId('1234567890123') ?? '', /exactly 12 digits \("1234567890123" has 13 characters\)/);
  });

  it('refuses empty', () => {
    assert.match(validateAccountId('') ?? '', /exactly 12 digits/);
  });

  it('refuses 12 characters with letters, saying that only digits are allowed (not blaming the length)', () => {
    const message = validateAccountId('12345678901a');
    assert.ok(message);
    assert.match(message, /"12345678901a"/);
    // The length is right; a message that only counts characters does not say what is wrong.
    assert.doesNotMatch(message, /has 12 characters/);
    assert.match(message, /digit/);
  });
});
