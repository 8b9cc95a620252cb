/**
 * Local Images, tidied: the tags a push leaves behind shown under the image they came from.
 *
 * A push runs `docker tag my-app:1.0 <registry>/<repository>:1.0`, so every push adds a local tag that
 * names the registry. The rule that puts such a tag under its image, in two parts:
 *
 * 1. The tag is in a push registry: an ECR registry, or a registry ECR Push has pushed to (the caller
 *    says which hosts are, through `isPushRegistry`).
 * 2. The same image (same image id) also has a tag outside every push registry: a name of the user's
 *    own, such as `my-app:1.0` or `ghcr.io/me/app:1`.
 *
 * Such a tag is a *registry alias* and is listed under each of the image's own tags ("pushed as …").
 * Every other tag stays at the top level, so an image that only has registry names (built straight
 * as `<registry>/app:1`, or pulled from ECR) is never hidden. The rule is asymmetric, so no two tags can
 * hide each other. No `vscode` import; the view builds its rows from this.
 */
import { registryHostOf } from './imageReference';
import type { LocalImage } from './localImage';

/** One of the user's tags, with the registry aliases of the same image. */
export interface LocalTagEntry {
  readonly image: LocalImage;
  /** Registry aliases of this image, by reference; empty when there are none or they are shown at the top level. */
  readonly aliases: readonly LocalImage[];
}

/** A repository row: its tags, sorted. */
export interface LocalRepositoryGroup {
  readonly repository: string;
  readonly tags: readonly LocalTagEntry[];
}

export interface LocalImageGroups {
  /** Sorted by repository name. */
  readonly repositories: readonly LocalRepositoryGroup[];
  /** Untagged (`<none>`) images, in listing order. */
  readonly dangling: readonly LocalImage[];
}

export interface GroupingOptions {
  /** True for a registry host that pushes go to: an ECR registry host, or one ECR Push has pushed to. */
  readonly isPushRegistry: (host: string) => boolean;
  /** List registry aliases as repositories of their own (every tag at the top level), as docker does. */
  readonly aliasesAtTopLevel: boolean;
}

/** Groups one `docker image ls` listing into repository rows, registry aliases under their images (see the file comment). */
export function groupLocalImages(images: readonly LocalImage[], options: GroupingOptions): LocalImageGroups {
  const tagged = images.filter((image) => !image.dangling);
  const dangling = images.filter((image) => image.dangling);
  const aliasesById = options.aliasesAtTopLevel ? new Map<string, LocalImage[]>() : registryAliasesById(tagged, options.isPushRegistry);
  const isAlias = (image: LocalImage): boolean => aliasesById.get(image.id)?.includes(image) ?? false;

  const byRepository = new Map<string, LocalTagEntry[]>();
  for (const image of tagged) {
    if (isAlias(image)) {
      continue;
    }
    const entries = byRepository.get(image.repository) ?? [];
    entries.push({ image, aliases: aliasesById.get(image.id) ?? [] });
    byRepository.set(image.repository, entries);
  }
  const repositories = [...byRepository.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([repository, tags]) => ({ repository, tags: tags.sort((a, b) => a.image.tag.localeCompare(b.image.tag)) }));
  return { repositories, dangling };
}

/** Per image id, its tags that are registry aliases (rule parts 1 and 2), sorted by reference. */
function registryAliasesById(tagged: readonly LocalImage[], isPushRegistry: (host: string) => boolean): Map<string, LocalImage[]> {
  const inPushRegistry = (image: LocalImage): boolean => {
    const host = registryHostOf(image.repository);
    return host !== undefined && isPushRegistry(host);
  };
  const hasOwnName = new Set(tagged.filter((image) => !inPushRegistry(image)).map((image) => image.id));
  const aliases = new Map<string, LocalImage[]>();
  for (const image of tagged) {
    if (inPushRegistry(image) && hasOwnName.has(image.id)) {
      const list = aliases.get(image.id) ?? [];
      list.push(image);
      aliases.set(image.id, list);
    }
  }
  for (const list of aliases.values()) {
    list.sort((a, b) => a.reference.localeCompare(b.reference));
  }
  return aliases;
}
