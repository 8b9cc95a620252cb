/**
 * Which local tags a push may remove again afterwards (`ecrPush.removeLocalAliasAfterPush`). A push tags
 * the image `<registry>/<repository>:<tag>` to push it; with the setting on, that tag is removed once the
 * push is verified, and nothing else:
 *
 * - only a tag this push added: one the image did not have before the push (a tag the user made, or an
 *   earlier push left, stays);
 * - only while it still names the pushed image (a tag moved meanwhile belongs to someone else now);
 * - only when the image keeps another tag: `docker image rm` of an image's last tag deletes the image,
 *   and removing the alias must never delete the image.
 *
 * No `vscode` import; the pipeline runs the plan and logs each reason.
 */

/** What to remove, and what to keep with the reason the log gives. */
export interface AliasRemovalPlan {
  readonly remove: readonly string[];
  readonly keep: ReadonlyArray<{ readonly alias: string; readonly reason: string }>;
}

/** The tags of the push targets that the image did not have before the push: the aliases this push created. */
export function aliasesCreatedByPush(targets: readonly string[], tagsBeforePush: readonly string[]): string[] {
  return targets.filter((target) => !tagsBeforePush.includes(target));
}

/**
 * Plans the removal from the image as it is now (inspected again after the push, by image id), so a tag
 * the user added or removed during the push counts.
 */
export function planAliasRemoval(input: {
  readonly imageId: string;
  readonly created: readonly string[];
  readonly current: { readonly id: string; readonly repoTags: readonly string[] } | undefined;
}): AliasRemovalPlan {
  const { imageId, created, current } = input;
  if (!current || current.id !== imageId) {
    return {
      remove: [],
      keep: created.map((alias) => ({ alias, reason: `Kept the local tag ${alias}: the image ${imageId} is no longer there to check.` })),
    };
  }
  const keep: Array<{ alias: string; reason: string }> = [];
  const candidates: string[] = [];
  for (const alias of created) {
    if (current.repoTags.includes(alias)) {
      candidates.push(alias);
    } else {
      keep.push({ alias, reason: `Left the local tag ${alias} alone: it no longer names the pushed image ${imageId}.` });
    }
  }
  const remaining = current.repoTags.filter((tag) => !candidates.includes(tag));
  if (candidates.length > 0 && remaining.length === 0) {
    for (const alias of candidates) {
      keep.push({
        alias,
        reason: `Kept the local tag ${alias}: the image ${imageId} has no other tag, and removing its last one would delete the image.`,
      });
    }
    return { remove: [], keep };
  }
  return { remove: candidates, keep };
}
