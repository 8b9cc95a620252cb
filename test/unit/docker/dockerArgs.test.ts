import * as assert from 'assert';
import { imageInspectArgs, imageListArgs, loginArgs, pushArgs, tagArgs, untagArgs, versionArgs } from '../../../src/docker/dockerArgs';

describe('docker argument builders', () => {
  it('version', () => assert.deepStrictEqual(versionArgs(), ['version', '--format', '{{json .}}']));
  it('image ls', () => assert.deepStrictEqual(imageListArgs(), ['image', 'ls', '--digests', '--no-trunc', '--format', '{{json .}}']));
  it('image inspect', () => assert.deepStrictEqual(imageInspectArgs('my-app:latest'), ['image', 'inspect', 'my-app:latest']));

  it('login: password only ever on stdin, --config before the subcommand', () => {
    assert.deepStrictEqual(loginArgs('1.dkr.ecr.us-east-1.amazonaws.com', 'AWS'), [
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '1.dkr.ecr.us-east-1.amazonaws.com',
    ]);
    assert.deepStrictEqual(loginArgs('127.0.0.1:5055', 'AWS', '/tmp/cfg dir'), [
      '--config',
      '/tmp/cfg dir',
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      '127.0.0.1:5055',
    ]);
  });

  it('tag', () => assert.deepStrictEqual(tagArgs('my-app:latest', 'h/r:1'), ['tag', 'my-app:latest', 'h/r:1']));

  it('push, with and without --config', () => {
    assert.deepStrictEqual(pushArgs('h/r:1'), ['push', 'h/r:1']);
    assert.deepStrictEqual(pushArgs('h/r:1', '/cfg'), ['--config', '/cfg', 'push', 'h/r:1']);
  });

  it('untag: image rm of exactly one REPOSITORY:TAG', () => {
    assert.deepStrictEqual(untagArgs('127.0.0.1:5055/team/app:1.0'), ['image', 'rm', '127.0.0.1:5055/team/app:1.0']);
    assert.deepStrictEqual(untagArgs('my-app:latest'), ['image', 'rm', 'my-app:latest']);
  });

  for (const reference of [
    'sha256:83086a47ad41a7c4a5d2f1a3b7e8d9c0f1e2d3c4b5a69788796a5b4c3d2e1f00',
    '83086a47ad41',
    'my-app',
    '127.0.0.1:5055/team/app',
    '127.0.0.1:5055/team/app@sha256:6edfdcb0da2ced2db8ec668952456613021471230b2304ec3cdc27fd3da017be',
  ]) {
    it(`untag refuses ${reference}: an id, a digest or a name without a tag would not name one tag`, () => {
      assert.throws(() => untagArgs(reference), /name one REPOSITORY:TAG, not an image id or digest/);
    });
  }

  it('refuses operands that docker would read as flags', () => {
    assert.throws(() => tagArgs('--help', 'x'), /must not be empty or start with '-'/);
    assert.throws(() => pushArgs('-q'), /start with '-'/);
    assert.throws(() => loginArgs('host', '--password=x'), /user name/);
    assert.throws(() => imageInspectArgs(''), /image reference/);
    assert.throws(() => untagArgs('-f:x'), /start with '-'/);
  });
});
