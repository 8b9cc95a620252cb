import * as assert from 'assert';
import { LayerState, PushOutputParser, PushProgress } from '../../../src/docker/pushProgress';
import { readCaptured } from '../fakeCli/paths';

function feedAll(file: string): { parser: PushOutputParser; snapshots: PushProgress[] } {
  const parser = new PushOutputParser();
  const snapshots: PushProgress[] = [];
  for (const line of readCaptured(file).split('\n')) {
    if (parser.feed(line)) {
      snapshots.push(parser.progress);
    }
  }
  return { parser, snapshots };
}

function states(p: PushProgress): Record<string, LayerState> {
  return Object.fromEntries(p.layers);
}

describe('PushOutputParser (captured non-TTY docker push output)', () => {
  it('follows a first push: three layers Preparing then Pushed, digest line', () => {
    const { parser, snapshots } = feedAll('push-multi-first.stdout.txt');
    assert.strictEqual(parser.repository, '127.0.0.1:5055/team/multi');
    assert.deepStrictEqual(states(parser.progress), { ea6b9c94d7c5: 'pushed', '0f51f9b04708': 'pushed', b7b7c927a4fd: 'pushed' });
    assert.strictEqual(parser.progress.total, 3);
    assert.strictEqual(parser.progress.done, 3);
    assert.strictEqual(parser.digest, 'sha256:11b529d90f3916962e8f784b079b0d3910da98193545eda0826d1f7fb0532d0c');
    assert.strictEqual(parser.manifestSize, 947);
    assert.strictEqual(parser.tag, '1.0');
    // counts only go up: 0/1, 0/2, 0/3, 1/3, 2/3, 3/3 (then the digest line)
    assert.deepStrictEqual(
      snapshots.slice(1, 7).map((s) => `${s.done}/${s.total}`),
      ['0/1', '0/2', '0/3', '1/3', '2/3', '3/3'],
    );
  });

  it('counts "Layer already exists" on a second push as done', () => {
    const { parser } = feedAll('push-multi-again.stdout.txt');
    assert.deepStrictEqual(new Set(parser.progress.layers.values()), new Set(['exists']));
    assert.strictEqual(parser.progress.done, 3);
    assert.strictEqual(parser.digest, 'sha256:11b529d90f3916962e8f784b079b0d3910da98193545eda0826d1f7fb0532d0c');
  });

  it('tells shared layers from new ones on a partly shared image', () => {
    const { parser } = feedAll('push-multi-shared.stdout.txt');
    assert.deepStrictEqual(states(parser.progress), {
      '08e53d7eecdb': 'pushed',
      ea6b9c94d7c5: 'exists',
      '0f51f9b04708': 'exists',
      b7b7c927a4fd: 'exists',
    });
    assert.strictEqual(parser.tag, '2.0');
    assert.strictEqual(parser.manifestSize, 1157);
  });

  it('sees Waiting layers when there are more layers than concurrent uploads', () => {
    const { parser, snapshots } = feedAll('push-multi-seven.stdout.txt');
    assert.ok(snapshots.some((s) => s.layers.get('0f51f9b04708') === 'waiting'));
    assert.strictEqual(parser.progress.total, 7);
    assert.strictEqual(parser.progress.done, 7);
    assert.strictEqual(parser.digest, 'sha256:a0e524eddcf42851e46effd0491df6936903034f4f51cd31081f3c2eaee2c079');
  });

  it('counts "Mounted from" layers as done', () => {
    const { parser } = feedAll('push-mounted.stdout.txt');
    assert.deepStrictEqual(new Set(parser.progress.layers.values()), new Set(['mounted']));
    assert.strictEqual(parser.progress.done, 3);
    assert.strictEqual(parser.repository, '127.0.0.1:5055/team/other');
  });

  it('has no digest when the push failed', () => {
    const { parser } = feedAll('push-no-auth.stdout.txt');
    assert.strictEqual(parser.digest, undefined);
    assert.deepStrictEqual(states(parser.progress), { '28bc9534172a': 'preparing' });
    assert.strictEqual(parser.progress.done, 0);
  });

  it('reads Pushing (with or without a bar) and Retrying, and keeps finished layers finished', () => {
    const parser = new PushOutputParser();
    parser.feed('a1b2c3d4e5f6: Pushing [==>      ]  1.2MB/7.8MB');
    assert.strictEqual(parser.progress.layers.get('a1b2c3d4e5f6'), 'pushing');
    assert.ok(parser.feed('a1b2c3d4e5f6: Retrying in 5 seconds'));
    assert.ok(parser.feed('a1b2c3d4e5f6: Retrying in 1 second'));
    assert.strictEqual(parser.retries, 2);
    parser.feed('a1b2c3d4e5f6: Pushed');
    assert.strictEqual(parser.feed('a1b2c3d4e5f6: Pushing'), false);
    assert.strictEqual(parser.progress.layers.get('a1b2c3d4e5f6'), 'pushed');
    assert.strictEqual(parser.feed('unauthorized: authentication required'), false);
    assert.strictEqual(parser.feed('a1b2c3d4e5f6: Something new'), false);
  });

  it('hands out snapshots that later lines do not change', () => {
    const parser = new PushOutputParser();
    parser.feed('a1b2c3d4e5f6: Preparing');
    const before = parser.progress;
    parser.feed('a1b2c3d4e5f6: Pushed');
    assert.strictEqual(before.layers.get('a1b2c3d4e5f6'), 'preparing');
    assert.strictEqual(before.done, 0);
  });
});
