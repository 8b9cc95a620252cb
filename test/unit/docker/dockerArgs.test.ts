import * as assert from 'assert';
import { imageInspectArgs, imageListArgs, loginArgs, pushArgs, tagArgs, versionArgs } from '../../../src/docker/dockerArgs';

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

  it('refuses operands that docker would read as flags', () => {
    assert.throws(() => tagArgs('--help', 'x'), /must not be empty or start with '-'/);
    assert.throws(() => pushArgs('-q'), /start with '-'/);
    assert.throws(() => loginArgs('host', '--password=x'), /user name/);
    assert.throws(() => imageInspectArgs(''), /image reference/);
  });
});
