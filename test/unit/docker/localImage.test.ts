import * as assert from 'assert';
import { parseImageInspectOutput, parseImageListOutput } from '../../../src/docker/localImage';
import { parseSizeText } from '../../../src/docker/sizeText';
import { readCaptured } from '../fakeCli/paths';

describe('parseImageListOutput (captured docker image ls --no-trunc --format {{json .}})', () => {
  const images = parseImageListOutput(readCaptured('image-ls.jsonl'));

  it('reads every row of the real output', () => {
    assert.strictEqual(images.length, readCaptured('image-ls.jsonl').trim().split('\n').length);
    assert.deepStrictEqual(
      images
        .map((i) => i.reference)
        .filter((r) => !r.startsWith('sha256:'))
        .sort(),
      [
        '127.0.0.1:5055/team/app:1.0',
        '127.0.0.1:5055/team/multi:1.0',
        '127.0.0.1:5055/team/multi:2.0',
        '127.0.0.1:5055/team/multi:3.0',
        '127.0.0.1:5055/team/other:1.0',
        'capture/app:1.0',
        'capture/app:latest',
      ],
    );
  });

  it('normalises a tagged row', () => {
    const multi = images.find((i) => i.reference === '127.0.0.1:5055/team/multi:1.0')!;
    assert.deepStrictEqual(multi, {
      id: 'sha256:2416f71169aaa7509d3dc2d783eb982123309cc13f60464dc7fffc0090dff533',
      repository: '127.0.0.1:5055/team/multi',
      tag: '1.0',
      createdAt: new Date('2024-05-01T10:00:00Z'),
      createdSince: '2 years ago',
      sizeBytes: 1_900_000,
      sizeText: '1.9MB',
      dangling: false,
      reference: '127.0.0.1:5055/team/multi:1.0',
    });
  });

  it('keeps the untagged image as dangling, referenced by id', () => {
    const dangling = images.filter((i) => i.dangling);
    assert.strictEqual(dangling.length, 1);
    assert.strictEqual(dangling[0].repository, '<none>');
    assert.strictEqual(dangling[0].tag, '<none>');
    assert.strictEqual(dangling[0].reference, dangling[0].id);
    assert.match(dangling[0].id, /^sha256:[0-9a-f]{64}$/);
    assert.strictEqual(dangling[0].sizeBytes, 300_000);
    assert.strictEqual(dangling[0].digest, undefined); // "<none>" is not a digest
  });

  it('reads repo digests when listed with --digests after a push', () => {
    const after = parseImageListOutput(readCaptured('image-ls-digests-after-push.jsonl'));
    const app = after.find((i) => i.reference === '127.0.0.1:5055/team/app:1.0')!;
    assert.strictEqual(app.digest, 'sha256:4dca88b080a52dc804900e9e5754b6d1c642ea804291418a678c0f4ed5a9aa15');
    // Same image under a repository it was never pushed to: no digest.
    assert.strictEqual(after.find((i) => i.reference === 'capture/app:1.0')!.digest, undefined);
  });

  it('skips blank lines and ignores unknown fields', () => {
    const text = `\n{"ID":"sha256:${'a'.repeat(64)}","Repository":"x","Tag":"1","Size":"0B","NewField":{"a":1}}\n\n  \n`;
    const [image] = parseImageListOutput(text);
    assert.strictEqual(image.reference, 'x:1');
    assert.strictEqual(image.sizeBytes, 0);
    assert.strictEqual(parseImageListOutput('').length, 0);
  });

  it('throws naming the line for malformed output', () => {
    const good = readCaptured('image-ls.jsonl').trim().split('\n')[0];
    assert.throws(
      () => parseImageListOutput(`${good}\nREPOSITORY   TAG   IMAGE ID\n`),
      (err: unknown) =>
        err instanceof Error &&
        err.name === 'ImageListParseError' &&
        /^docker image ls output line 2 is not JSON: REPOSITORY/.test(err.message),
    );
    assert.throws(() => parseImageListOutput('{"Repository":"x"}'), /line 1 has no image ID/);
    assert.throws(() => parseImageListOutput('[1,2]'), /line 1 has no image ID/);
  });
});

describe('parseImageListOutput: CreatedAt', () => {
  /** createdAt of a one-row listing whose CreatedAt field is `createdAtText` (left out when undefined). */
  function createdAtOf(createdAtText: string | undefined): Date | undefined {
    const row = { ID: `sha256:${'b'.repeat(64)}`, Repository: 'x', Tag: '1', Size: '0B', CreatedAt: createdAtText };
    const [image] = parseImageListOutput(JSON.stringify(row));
    return image.createdAt;
  }

  it('reads Go time text with offset and zone name', () => {
    assert.strictEqual(createdAtOf('2024-05-01 10:00:00 +0000 UTC')!.toISOString(), '2024-05-01T10:00:00.000Z');
    assert.strictEqual(createdAtOf('2024-05-01 12:30:00 +0200 CEST')!.toISOString(), '2024-05-01T10:30:00.000Z');
    assert.strictEqual(createdAtOf('2024-05-01 10:00:00.123456789 -0500 EST')!.toISOString(), '2024-05-01T15:00:00.123Z');
    assert.strictEqual(createdAtOf('yesterday'), undefined);
    assert.strictEqual(createdAtOf(undefined), undefined);
  });
});

describe('parseSizeText', () => {
  const table: Array<[string, number | undefined]> = [
    ['0B', 0],
    ['512B', 512],
    ['300kB', 300_000],
    ['7.8MB', 7_800_000],
    ['1.9MB', 1_900_000],
    ['2.32MB', 2_320_000],
    ['1.2GB', 1_200_000_000],
    ['1TB', 1e12],
    ['1KiB', 1024],
    ['12 MB', 12_000_000],
    ['N/A', undefined],
    ['', undefined],
    ['3XB', undefined],
  ];
  for (const [text, bytes] of table) {
    it(`${JSON.stringify(text)} -> ${bytes}`, () => assert.strictEqual(parseSizeText(text), bytes));
  }
});

describe('parseImageInspectOutput (captured docker image inspect)', () => {
  it('reads both images of the real output', () => {
    const details = parseImageInspectOutput(readCaptured('image-inspect.json'));
    assert.strictEqual(details.length, 2);
    assert.deepStrictEqual(details[1], {
      id: 'sha256:2416f71169aaa7509d3dc2d783eb982123309cc13f60464dc7fffc0090dff533',
      repoTags: ['127.0.0.1:5055/team/multi:1.0', '127.0.0.1:5055/team/other:1.0'],
      repoDigests: [],
      created: new Date('2024-05-01T10:00:00Z'),
      sizeBytes: 1_900_000,
      architecture: 'amd64',
      os: 'linux',
    });
    assert.deepStrictEqual(details[0].repoTags, ['127.0.0.1:5055/team/app:1.0', 'capture/app:1.0', 'capture/app:latest']);
    assert.strictEqual(details[0].created!.toISOString(), '2026-11-24T17:18:52.426Z');
  });

  it('reads repo digests after a push', () => {
    const [details] = parseImageInspectOutput(readCaptured('image-inspect-after-push.json'));
    assert.deepStrictEqual(details.repoDigests, [
      '127.0.0.1:5055/team/multi@sha256:11b529d90f3916962e8f784b079b0d3910da98193545eda0826d1f7fb0532d0c',
      '127.0.0.1:5055/team/other@sha256:11b529d90f3916962e8f784b079b0d3910da98193545eda0826d1f7fb0532d0c',
    ]);
  });

  it('reads the empty array docker prints for a missing image, and rejects non-arrays', () => {
    assert.deepStrictEqual(parseImageInspectOutput(readCaptured('inspect-missing.stdout.txt')), []);
    assert.throws(() => parseImageInspectOutput('{"Id":"x"}'), /not a JSON array/);
    assert.throws(() => parseImageInspectOutput('Error: No such object'), /not JSON/);
    assert.throws(() => parseImageInspectOutput('[{"RepoTags":[]}]'), /entry 0 has no Id/);
  });
});
