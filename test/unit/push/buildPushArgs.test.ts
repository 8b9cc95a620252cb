import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  formatBuildArgs,
  localBuildName,
  parseBuildArgsText,
  parseBuildCommandArgs,
  parseTaskDefinition,
  resolvePushRequest,
  suggestRepositoryName,
  toPushRequest,
} from '../../../src/push/buildPushArgs';
import { PushError } from '../../../src/push/pushErrors';

const WORKSPACE = path.resolve('/w');

function refusal(pattern: RegExp) {
  return (error: unknown) => error instanceof PushError && error.code === 'invalidInput' && pattern.test(error.message);
}

describe('build and push arguments', () => {
  describe('ecrPush.buildAndPush arguments', () => {
    it('reads every documented argument', () => {
      assert.deepEqual(
        parseBuildCommandArgs({
          dockerfile: 'app/Dockerfile',
          context: '.',
          buildArgs: { APP_VERSION: '1.4.0', BUILD_NUMBER: 42, DEBUG: false },
          target: 'final',
          platform: 'linux/arm64',
          repositoryName: 'team/app',
          imageTag: ['1.4.0', 'latest'],
          region: 'eu-west-1',
          accountId: '123456789012',
        }),
        {
          dockerfile: 'app/Dockerfile',
          repository: 'team/app',
          context: '.',
          target: 'final',
          platform: 'linux/arm64',
          buildArgs: { APP_VERSION: '1.4.0', BUILD_NUMBER: '42', DEBUG: 'false' },
          tags: ['1.4.0', 'latest'],
          region: 'eu-west-1',
          accountId: '123456789012',
        },
      );
      assert.deepEqual(parseBuildCommandArgs({ dockerfile: 'Dockerfile', repositoryName: 'a/b', imageTag: 'v1' }).tags, ['v1']);
    });

    it('refuses credentials, unknown keys, missing or mistyped values', () => {
      assert.throws(
        () => parseBuildCommandArgs({ dockerfile: 'D', repositoryName: 'a/b', awsSecretAccessKey: 'x' }),
        refusal(/does not accept AWS credentials \(awsSecretAccessKey\)/),
      );
      assert.throws(
        () => parseBuildCommandArgs({ dockerfile: 'D', repositoryName: 'a/b', imageName: 'x' }),
        refusal(/Unknown argument imageName/),
      );
      assert.throws(() => parseBuildCommandArgs({ repositoryName: 'a/b' }), refusal(/needs dockerfile/));
      assert.throws(() => parseBuildCommandArgs({ dockerfile: 'D' }), refusal(/needs repositoryName/));
      assert.throws(() => parseBuildCommandArgs({ dockerfile: 'D', repositoryName: 'a/b', imageTag: [] }), refusal(/imageTag must be/));
      assert.throws(
        () => parseBuildCommandArgs({ dockerfile: 'D', repositoryName: 'a/b', buildArgs: ['A=1'] }),
        refusal(/buildArgs must be an object/),
      );
      assert.throws(
        () => parseBuildCommandArgs({ dockerfile: 'D', repositoryName: 'a/b', buildArgs: { A: { x: 1 } } }),
        refusal(/buildArgs.A must be a string/),
      );
      assert.throws(
        () => parseBuildCommandArgs({ dockerfile: 3, repositoryName: 'a/b' }),
        refusal(/dockerfile must be a string, not a number/),
      );
    });
  });

  describe('ecr-push task definitions', () => {
    it('takes a dockerfile or an image, not both, not neither', () => {
      assert.deepEqual(parseTaskDefinition({ type: 'ecr-push', dockerfile: 'Dockerfile', repository: 'a/b', tags: ['x'] }), {
        dockerfile: 'Dockerfile',
        repository: 'a/b',
        tags: ['x'],
      });
      assert.deepEqual(parseTaskDefinition({ type: 'ecr-push', image: 'my-app:1.0', repository: 'a/b' }), {
        image: 'my-app:1.0',
        repository: 'a/b',
      });
      assert.throws(() => parseTaskDefinition({ type: 'ecr-push', repository: 'a/b' }), refusal(/needs "dockerfile" .* or "image"/));
      assert.throws(() => parseTaskDefinition({ type: 'ecr-push', dockerfile: 'D', image: 'i', repository: 'a/b' }), refusal(/not both/));
      assert.throws(
        () => parseTaskDefinition({ type: 'ecr-push', image: 'i', target: 'x', repository: 'a/b' }),
        refusal(/only apply to a "dockerfile" build/),
      );
      assert.throws(() => parseTaskDefinition({ type: 'ecr-push', dockerfile: 'D' }), refusal(/needs repository/));
      assert.throws(
        () => parseTaskDefinition({ type: 'ecr-push', dockerfile: 'D', repository: 'a/b', password: 'x' }),
        refusal(/AWS credentials/),
      );
    });
  });

  describe('the push request', () => {
    it('builds the Dockerfile (context: its folder) and tags it locally as <repository>:<first tag>', () => {
      const request = toPushRequest(
        {
          dockerfile: 'services/api/Dockerfile',
          repository: 'team/api',
          tags: ['abc1234', 'latest'],
          buildArgs: { V: '1' },
          target: 'final',
        },
        { baseDir: WORKSPACE, region: 'us-east-1' },
      );
      assert.deepEqual(request, {
        source: 'team/api:abc1234',
        tags: ['abc1234', 'latest'],
        repository: 'team/api',
        region: 'us-east-1',
        build: {
          dockerfile: path.join(WORKSPACE, 'services/api/Dockerfile'),
          context: path.join(WORKSPACE, 'services/api'),
          buildArgs: { V: '1' },
          target: 'final',
        },
      });
    });

    it('resolves a given context against the workspace folder, defaults tags to latest, keeps the account', () => {
      const request = toPushRequest(
        { dockerfile: '/abs/Dockerfile', context: 'ctx', repository: 'a/b', accountId: '210987654321' },
        { baseDir: WORKSPACE, region: 'eu-west-1' },
      );
      assert.equal(request.build?.dockerfile, path.resolve('/abs/Dockerfile'));
      assert.equal(request.build?.context, path.join(WORKSPACE, 'ctx'));
      assert.deepEqual(request.tags, ['latest']);
      assert.equal(request.source, 'a/b:latest');
      assert.equal(request.accountId, '210987654321');
    });

    it('pushes a local image as it is, with its own tag by default', () => {
      assert.deepEqual(toPushRequest({ image: 'my-app:2.0', repository: 'a/b' }, { baseDir: WORKSPACE, region: 'us-east-1' }), {
        source: 'my-app:2.0',
        tags: ['2.0'],
        repository: 'a/b',
        region: 'us-east-1',
      });
    });

    it('takes the region in effect when none is given, and refuses when there is none', async () => {
      const request = await resolvePushRequest({ image: 'x:1', repository: 'a/b' }, WORKSPACE, async () => ({ region: 'ap-south-1' }));
      assert.equal(request.region, 'ap-south-1');
      await assert.rejects(
        () => resolvePushRequest({ image: 'x:1', repository: 'a/b' }, WORKSPACE, async () => undefined),
        refusal(/No region given/),
      );
    });

    it('names the local build after the repository and the first tag', () => {
      assert.equal(localBuildName('team/app', ['1.0', 'latest']), 'team/app:1.0');
      assert.equal(localBuildName('team/app', []), 'team/app:latest');
    });
  });

  describe('build arguments typed in a box', () => {
    it('splits at commas that start a new NAME=, so values may hold commas and =', () => {
      assert.deepEqual(parseBuildArgsText('APP_VERSION=1.4.0, LIST=a,b,c, EXPR=x=y'), {
        buildArgs: { APP_VERSION: '1.4.0', LIST: 'a,b,c', EXPR: 'x=y' },
      });
      assert.deepEqual(parseBuildArgsText('  '), { buildArgs: {} });
      assert.deepEqual(parseBuildArgsText('EMPTY='), { buildArgs: { EMPTY: '' } });
    });

    it('says what is wrong with an entry', () => {
      assert.match((parseBuildArgsText('just-text') as { error: string }).error, /is not NAME=value/);
      assert.match((parseBuildArgsText('BAD-NAME=1') as { error: string }).error, /BAD-NAME/);
      assert.match((parseBuildArgsText('=1') as { error: string }).error, /is not NAME=value/);
    });

    it('shows them back the same way', () => {
      assert.equal(formatBuildArgs({ A: '1', B: 'x,y' }), 'A=1, B=x,y');
      assert.equal(formatBuildArgs(undefined), '');
    });
  });

  it('suggests a repository name from a folder name', () => {
    assert.equal(suggestRepositoryName('My App'), 'my-app');
    assert.equal(suggestRepositoryName('api_service'), 'api_service');
    assert.equal(suggestRepositoryName('--weird..Name--'), 'weird-name');
    assert.equal(suggestRepositoryName('!!'), undefined);
  });
});
