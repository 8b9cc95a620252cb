/**
 * The Local Images grouping rule, on real `docker image ls` output captured after pushes to a registry
 * at 127.0.0.1:5055 (test/unit/fixtures/captured): `capture/app:1.0` and `:latest` were pushed as
 * `127.0.0.1:5055/team/app:1.0`; `team/multi` and `team/other` only ever had registry names.
 */
import * as assert from 'assert';
import { parseImageListOutput, type LocalImage } from '../../../src/docker/localImage';
import { groupLocalImages, type LocalImageGroups } from '../../../src/docker/registryAliases';
import { readCaptured } from '../fakeCli/paths';

const REGISTRY = '127.0.0.1:5055';

/** Rows as text: `repository: tag [alias, …]`, the shape a person reads in the tree. */
function rows(groups: LocalImageGroups): string[] {
  return groups.repositories.flatMap((group) =>
    group.tags.map(
      (entry) =>
        `${group.repository}: ${entry.image.tag}${entry.aliases.length ? ` [${entry.aliases.map((a) => a.reference).join(', ')}]` : ''}`,
    ),
  );
}

function image(reference: string, id: string): LocalImage {
  const colon = reference.lastIndexOf(':');
  const repository = reference.slice(0, colon);
  const tag = reference.slice(colon + 1);
  return { id, repository, tag, reference, sizeText: '1MB', dangling: false };
}

describe('groupLocalImages (registry aliases under their images)', () => {
  for (const file of ['image-ls.jsonl', 'image-ls-digests-after-push.jsonl']) {
    describe(`captured ${file}`, () => {
      const images = parseImageListOutput(readCaptured(file));

      it('puts the tag a push made under each tag of the image it came from; the top level is the user’s repositories', () => {
        const groups = groupLocalImages(images, { isPushRegistry: (host) => host === REGISTRY, aliasesAtTopLevel: false });
        assert.deepStrictEqual(rows(groups), [
          `${REGISTRY}/team/multi: 1.0`,
          `${REGISTRY}/team/multi: 2.0`,
          `${REGISTRY}/team/multi: 3.0`,
          `${REGISTRY}/team/other: 1.0`,
          `capture/app: 1.0 [${REGISTRY}/team/app:1.0]`,
          `capture/app: latest [${REGISTRY}/team/app:1.0]`,
        ]);
        assert.ok(!groups.repositories.some((g) => g.repository === `${REGISTRY}/team/app`), 'the alias is not a repository row');
        assert.deepStrictEqual(
          groups.dangling.map((d) => d.id.slice(7, 19)),
          ['be694f0c07b9'],
        );
      });

      it('keeps every tag at the top level, as docker lists them, when the toggle asks for it', () => {
        const groups = groupLocalImages(images, { isPushRegistry: (host) => host === REGISTRY, aliasesAtTopLevel: true });
        assert.deepStrictEqual(rows(groups), [
          `${REGISTRY}/team/app: 1.0`,
          `${REGISTRY}/team/multi: 1.0`,
          `${REGISTRY}/team/multi: 2.0`,
          `${REGISTRY}/team/multi: 3.0`,
          `${REGISTRY}/team/other: 1.0`,
          'capture/app: 1.0',
          'capture/app: latest',
        ]);
      });

      it('changes nothing for a registry that is not a push registry', () => {
        const grouped = groupLocalImages(images, { isPushRegistry: () => false, aliasesAtTopLevel: false });
        const flat = groupLocalImages(images, { isPushRegistry: () => false, aliasesAtTopLevel: true });
        assert.deepStrictEqual(rows(grouped), rows(flat));
      });
    });
  }

  const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
  const isEcr = (host: string): boolean => host === ECR;

  it('never hides an image whose only names are in a push registry (built or pulled as <registry>/app)', () => {
    const groups = groupLocalImages([image(`${ECR}/base:1`, 'sha256:a'), image(`${ECR}/base:latest`, 'sha256:a')], {
      isPushRegistry: isEcr,
      aliasesAtTopLevel: false,
    });
    assert.deepStrictEqual(rows(groups), [`${ECR}/base: 1`, `${ECR}/base: latest`]);
  });

  it('treats a name in another registry (ghcr.io) as the user’s own: the ECR alias goes under it, not the other way round', () => {
    const groups = groupLocalImages([image('ghcr.io/me/app:1', 'sha256:b'), image(`${ECR}/team/app:1`, 'sha256:b')], {
      isPushRegistry: isEcr,
      aliasesAtTopLevel: false,
    });
    assert.deepStrictEqual(rows(groups), [`ghcr.io/me/app: 1 [${ECR}/team/app:1]`]);
  });

  it('groups by image id, not by name: an alias of another image stays where it is', () => {
    const groups = groupLocalImages(
      [
        image('app:2', 'sha256:new'),
        image(`${ECR}/app:1`, 'sha256:old'),
        image(`${ECR}/app:2`, 'sha256:new'),
        image('app:1', 'sha256:old'),
      ],
      { isPushRegistry: isEcr, aliasesAtTopLevel: false },
    );
    assert.deepStrictEqual(rows(groups), [`app: 1 [${ECR}/app:1]`, `app: 2 [${ECR}/app:2]`]);
  });

  it('lists several aliases of one image (fifteen pushes) under it, sorted, and none at the top level', () => {
    const pushes = Array.from({ length: 15 }, (_, i) => image(`${ECR}/team/app${String(i).padStart(2, '0')}:1.0`, 'sha256:c'));
    const groups = groupLocalImages([...pushes.reverse(), image('my-app:1.0', 'sha256:c')], {
      isPushRegistry: isEcr,
      aliasesAtTopLevel: false,
    });
    assert.deepStrictEqual(
      groups.repositories.map((g) => g.repository),
      ['my-app'],
    );
    assert.deepStrictEqual(
      groups.repositories[0].tags[0].aliases.map((a) => a.reference),
      pushes.map((p) => p.reference).sort(),
    );
  });
});
