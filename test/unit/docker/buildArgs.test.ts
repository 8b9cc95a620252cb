import * as assert from 'node:assert/strict';
import {
  buildArgNameProblem,
  buildArgs,
  buildxBuildArgs,
  buildxVersionArgs,
  platformProblem,
  stageNameProblem,
} from '../../../src/docker/buildArgs';
import { APP_BUILD_START, twoPlatformBuildxStart } from './buildFixtures';

describe('build argument builders', () => {
  const spec = { dockerfile: '/w/app/Dockerfile', context: '/w/app' };
  const output = { tag: 'team/app:1.0', iidFile: '/tmp/x/image-id' };

  it('builds with -f, -t and --iidfile, the context last', () => {
    assert.deepEqual(buildArgs(spec, output), [...APP_BUILD_START, '/tmp/x/image-id', '/w/app']);
  });

  it('passes each build argument as one NAME=value element, then the target and the platform', () => {
    const args = buildArgs(
      { ...spec, buildArgs: { APP_VERSION: '1.4.0', FLAGS: '--fast --quiet', EMPTY: '' }, target: 'build', platform: 'linux/arm64' },
      output,
    );
    assert.deepEqual(args.slice(7), [
      '--build-arg',
      'APP_VERSION=1.4.0',
      '--build-arg',
      'FLAGS=--fast --quiet',
      '--build-arg',
      'EMPTY=',
      '--target',
      'build',
      '--platform',
      'linux/arm64',
      '/w/app',
    ]);
  });

  it('keeps shell characters as plain text in one element (there is no shell)', () => {
    const args = buildArgs({ ...spec, buildArgs: { NOTE: '$(rm -rf /); `x` && echo "hi"' } }, output);
    assert.ok(args.includes('NOTE=$(rm -rf /); `x` && echo "hi"'));
  });

  for (const [what, change] of [
    ['a Dockerfile path starting with -', { dockerfile: '--file=/etc/passwd' }],
    ['a context starting with -', { context: '-' }],
    ['an empty context', { context: '' }],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => buildArgs({ ...spec, ...change }, output), /must not be empty or start with '-'/);
    });
  }

  it('refuses a tag or id file starting with -', () => {
    assert.throws(() => buildArgs(spec, { ...output, tag: '--push' }), /image tag/);
    assert.throws(() => buildArgs(spec, { ...output, iidFile: '-o' }), /image id file/);
  });

  it('refuses build argument names that are not NAME, values with NUL, bad stages and platforms', () => {
    assert.throws(() => buildArgs({ ...spec, buildArgs: { '--network': 'host' } }, output), /Build argument name "--network"/);
    assert.throws(() => buildArgs({ ...spec, buildArgs: { 'A=B': 'c' } }, output), /Build argument name "A=B"/);
    assert.throws(() => buildArgs({ ...spec, buildArgs: { '1X': 'c' } }, output), /not starting with a digit/);
    assert.throws(() => buildArgs({ ...spec, buildArgs: { X: 'a\0b' } }, output), /NUL/);
    assert.throws(() => buildArgs({ ...spec, target: '--output=type=local' }, output), /Target stage/);
    assert.throws(() => buildArgs({ ...spec, platform: '--push' }, output), /Platform "--push"/);
  });

  it('checks names, stages and platforms as the prompts do', () => {
    assert.equal(buildArgNameProblem('APP_VERSION'), undefined);
    assert.equal(buildArgNameProblem('_x1'), undefined);
    assert.match(buildArgNameProblem('my-arg') ?? '', /not valid/);
    assert.equal(stageNameProblem('build-env.2'), undefined);
    assert.match(stageNameProblem('2nd') ?? '', /a letter first/);
    for (const platform of ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64']) {
      assert.equal(platformProblem(platform), undefined, platform);
    }
    for (const platform of ['linux', 'amd64', 'linux/amd64,linux/arm64', 'Linux/AMD64', 'linux/arm/v7/x']) {
      assert.match(platformProblem(platform) ?? '', /os\/arch/, platform);
    }
  });

  it('asks buildx for its version', () => {
    assert.deepEqual(buildxVersionArgs(), ['buildx', 'version']);
  });

  it('pushes a multi-platform index with buildx: --config first, platforms joined, one -t per tag, metadata file', () => {
    assert.deepEqual(
      buildxBuildArgs(
        { ...spec, buildArgs: { V: '1' }, target: 'final' },
        {
          platforms: ['linux/amd64', 'linux/arm64'],
          tags: ['h/team/app:1.0', 'h/team/app:latest'],
          metadataFile: '/tmp/m.json',
          configDir: '/cfg/abc',
        },
      ),
      [
        ...twoPlatformBuildxStart('/cfg/abc'),
        '-t',
        'h/team/app:1.0',
        '-t',
        'h/team/app:latest',
        '--metadata-file',
        '/tmp/m.json',
        '--build-arg',
        'V=1',
        '--target',
        'final',
        '/w/app',
      ],
    );
  });

  it('refuses a buildx build without platforms or tags, or with a platform that smuggles a flag', () => {
    const base = { platforms: ['linux/amd64'], tags: ['h/a:1'], metadataFile: '/m' };
    assert.throws(() => buildxBuildArgs(spec, { ...base, platforms: [] }), /at least one platform/);
    assert.throws(() => buildxBuildArgs(spec, { ...base, tags: [] }), /at least one tag/);
    assert.throws(() => buildxBuildArgs(spec, { ...base, platforms: ['linux/amd64,--load'] }), /Platform/);
  });
});
