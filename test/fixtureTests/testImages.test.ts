import * as assert from 'node:assert/strict';
import { makeImage } from '../fixtures/testImages';
import { docker, sharedStack, uniqueName } from './sharedStack';

interface Inspected {
  Id: string;
  Size: number;
  RootFS: { Layers: string[] };
  RepoTags: string[];
}

async function inspect(reference: string): Promise<Inspected> {
  const result = await docker(['image', 'inspect', reference]);
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as Inspected[])[0];
}

describe('test images', () => {
  it('makes a single-layer image of the requested size with docker import, no pull', async () => {
    const reference = `${uniqueName('img-single')}:1`;
    const made = await makeImage(sharedStack().dockerHost, reference, { sizeBytes: 2 * 1024 * 1024 });
    const image = await inspect(reference);
    assert.equal(made.id, image.Id);
    assert.equal(image.RootFS.Layers.length, 1);
    assert.ok(image.Size >= 2 * 1024 * 1024 && image.Size < 2.2 * 1024 * 1024, `size ${image.Size}`);
    assert.deepEqual(image.RepoTags, [reference]);
  });

  it('makes every image unique (random bytes), even with the same size', async () => {
    const a = await makeImage(sharedStack().dockerHost, `${uniqueName('img-a')}:1`, { sizeBytes: 100_000 });
    const b = await makeImage(sharedStack().dockerHost, `${uniqueName('img-b')}:1`, { sizeBytes: 100_000 });
    assert.notEqual(a.id, b.id);
    assert.notDeepEqual((await inspect(a.reference)).RootFS.Layers, (await inspect(b.reference)).RootFS.Layers);
  });

  it('makes multi-layer images through a docker save tarball, sharing seeded layers', async () => {
    const seed = uniqueName('seed');
    const first = await makeImage(sharedStack().dockerHost, `${uniqueName('img-multi')}:1`, {
      sizeBytes: 3 * 1024 * 1024,
      layers: 3,
      layerSeeds: [seed],
    });
    const second = await makeImage(sharedStack().dockerHost, `${uniqueName('img-multi')}:2`, {
      sizeBytes: 3 * 1024 * 1024,
      layers: 3,
      layerSeeds: [seed],
    });
    const a = await inspect(first.reference);
    const b = await inspect(second.reference);
    assert.equal(a.RootFS.Layers.length, 3);
    assert.equal(b.RootFS.Layers.length, 3);
    assert.equal(a.RootFS.Layers[0], b.RootFS.Layers[0]);
    assert.notEqual(a.RootFS.Layers[1], b.RootFS.Layers[1]);
    assert.notEqual(a.Id, b.Id);
    assert.ok(a.Size >= 3 * 1024 * 1024, `size ${a.Size}`);
  });
});
