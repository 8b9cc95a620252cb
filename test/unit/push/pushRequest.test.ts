/**
 * validatePushRequest: every problem in a request is reported at once, as invalidInput, before
 * anything runs.
 */
import * as assert from 'node:assert/strict';
import { PushError } from '../../../src/push/pushErrors';
import { validatePushRequest, type PushRequest } from '../../../src/push/pushRequest';

const GOOD: PushRequest = { source: 'my-app:latest', repository: 'team/my-app', tags: ['1.0', 'latest'], region: 'us-east-1' };

function problemsOf(request: PushRequest): PushError {
  try {
    validatePushRequest(request);
  } catch (error) {
    assert.ok(error instanceof PushError, `expected PushError, got ${String(error)}`);
    assert.equal(error.code, 'invalidInput');
    assert.match(error.remedy, /Nothing was changed/);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(request)} to be refused`);
}

describe('validatePushRequest', () => {
  it('accepts a good request', () => {
    assert.doesNotThrow(() => validatePushRequest(GOOD));
    assert.doesNotThrow(() => validatePushRequest({ ...GOOD, accountId: '123456789012', region: 'cn-north-1' }));
  });

  it('allows a full image id as the source (push by id with an explicit target)', () => {
    assert.doesNotThrow(() => validatePushRequest({ ...GOOD, source: `sha256:${'ab'.repeat(32)}` }));
  });

  it('allows a short image id as the source', () => {
    assert.doesNotThrow(() => validatePushRequest({ ...GOOD, source: '4dca88b080a5' }));
  });

  it('refuses <none>:<none>, saying to push by image id', () => {
    assert.match(
      problemsOf({ ...GOOD, source: '<none>:<none>' }).message,
      /untagged <none> image has no name: push it by its image id instead/,
    );
  });

  it('refuses <none>@sha256:… too', () => {
    assert.match(problemsOf({ ...GOOD, source: `<none>@sha256:${'ab'.repeat(32)}` }).message, /untagged <none> image/);
  });

  it('refuses an empty source', () => {
    assert.match(problemsOf({ ...GOOD, source: '  ' }).message, /Name the local image to push/);
  });

  it('refuses a source that would be read as a docker option', () => {
    assert.match(problemsOf({ ...GOOD, source: '--config=/tmp/x' }).message, /"--config=\/tmp\/x" is not a docker image reference/);
  });

  it('refuses a source with whitespace', () => {
    assert.match(problemsOf({ ...GOOD, source: 'my-app:latest rm' }).message, /is not a docker image reference/);
  });

  it('refuses an empty tag list', () => {
    assert.match(problemsOf({ ...GOOD, tags: [] }).message, /Enter at least one tag/);
  });

  it('collects every problem in one message, in field order', () => {
    const error = problemsOf({ source: '<none>:<none>', repository: 'Bad..Name', tags: ['.x'], region: 'us-east-1a', accountId: '12345' });
    const message = error.message;
    const expected = [
      /untagged <none> image/,
      /Repository names must be lowercase/,
      /"\.x" is not a valid tag/,
      /availability zone/,
      /exactly 12 digits \("12345" has 5 characters\)/,
    ];
    let last = -1;
    for (const pattern of expected) {
      const at = message.search(pattern);
      assert.ok(at > last, `expected ${pattern} after position ${last} in: ${message}`);
      last = at;
    }
  });

  it('checks the account id only when one is given', () => {
    assert.doesNotThrow(() => validatePushRequest({ ...GOOD, accountId: undefined }));
    assert.match(problemsOf({ ...GOOD, accountId: '' }).message, /exactly 12 digits/);
  });

  it('refuses a repository given as a full ECR URI, naming the repository part', () => {
    assert.match(
      problemsOf({ ...GOOD, repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app' }).message,
      /Enter only the repository name: app\./,
    );
  });
});
