/**
 * Input rules for a push target, as ECR and docker enforce them. Each validator returns
 * undefined when the value is valid, or a message that says what is wrong and what is expected;
 * the same messages appear in input boxes (as you type) and in errors for command arguments.
 */
import * as l10n from '@vscode/l10n';
import { parseEcrRepositoryUri } from '../ecr/registryHost';

// ECR's repositoryName pattern (CreateRepository API reference).
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
// Docker's tag grammar.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
// aws-partition regions: us-east-1, eu-central-2, cn-north-1, us-gov-west-1, us-iso-east-1, us-isob-east-1, ap-southeast-5 …
const REGION = /^[a-z]{2}(?:-(?:gov|iso|isob|isoe|isof))?-[a-z]+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
const SHELL_META = /[;&|`$<>()\\'"\s*?{}[\]!#~]/;

export function validateRepositoryName(name: string): string | undefined {
  if (name.length === 0) {
    return l10n.t('Enter a repository name, e.g. my-app or team/my-app.');
  }
  const uri = parseEcrRepositoryUri(name);
  if (uri) {
    return uri.repository
      ? l10n.t('"{0}" is a full image URI. Enter only the repository name: {1}.', short(name), uri.repository)
      : l10n.t('"{0}" is a registry host without a repository. Enter a repository name such as my-app.', short(name));
  }
  if (SHELL_META.test(name)) {
    return l10n.t(
      'Repository names cannot contain spaces or characters such as ; $ ` ( ) — found in "{0}". Use lowercase letters, digits, and . _ - /.',
      short(name),
    );
  }
  if (name.length < 2 || name.length > 255) {
    return l10n.t('A repository name must be 2 to 255 characters long (this one has {0}).', name.length);
  }
  if (name !== name.toLowerCase()) {
    return l10n.t('Repository names must be lowercase: try "{0}".', name.toLowerCase());
  }
  if (!REPOSITORY_NAME.test(name)) {
    return l10n.t(
      '"{0}" is not a valid ECR repository name. Use lowercase letters and digits, separated by single ".", "_", "__" or "-" runs, with "/" between path parts (no leading, trailing or double "/").',
      short(name),
    );
  }
  return undefined;
}

/** One tag of a list; parseTagList has already trimmed it and dropped empty ones. */
function validateTag(tag: string): string | undefined {
  if (tag.length > 128) {
    return l10n.t('A tag can be at most 128 characters long (this one has {0}).', tag.length);
  }
  if (!TAG.test(tag)) {
    return l10n.t(
      '"{0}" is not a valid tag. A tag uses letters, digits, "_", "." and "-", and cannot start with "." or "-" or contain ":", "@" or spaces.',
      short(tag),
    );
  }
  return undefined;
}

/** Validates a comma-separated tag list; returns the tags or the first problem. */
export function parseTagList(text: string): { tags: string[] } | { error: string } {
  const tags = text
    .split(',')
    .map((t) => t.trim())
    .filter((t, i, all) => t.length > 0 && all.indexOf(t) === i);
  if (tags.length === 0) {
    return { error: l10n.t('Enter at least one tag, e.g. latest or 1.0.0 (several: 1.0.0, latest).') };
  }
  for (const tag of tags) {
    const error = validateTag(tag);
    if (error) {
      return { error };
    }
  }
  return { tags };
}

export function validateRegion(region: string): string | undefined {
  if (region.length === 0) {
    return l10n.t('Enter an AWS region, e.g. us-east-1.');
  }
  if (!REGION.test(region)) {
    // Up to three sentences, each translated whole.
    const hint = region.toLowerCase() !== region ? ` ${l10n.t('Regions are lowercase: try "{0}".', region.toLowerCase())}` : '';
    const zone = /\d[a-z]$/i.test(region) ? ` ${l10n.t('That looks like an availability zone; drop the final letter.')}` : '';
    return l10n.t('"{0}" is not an AWS region name such as us-east-1.', short(region)) + hint + zone;
  }
  return undefined;
}

export function validateAccountId(accountId: string): string | undefined {
  if (!ACCOUNT_ID.test(accountId)) {
    if (/\D/.test(accountId)) {
      return l10n.t('An AWS account id is exactly 12 digits; "{0}" contains other characters.', short(accountId));
    }
    return l10n.t('An AWS account id is exactly 12 digits ("{0}" has {1} characters).', short(accountId), accountId.length);
  }
  return undefined;
}

/** What is wrong with where a request goes: its region, and the other account it names, if any (push and pull alike). */
export function registryTargetProblems(target: { readonly region: string; readonly accountId?: string }): string[] {
  const problems = [validateRegion(target.region), target.accountId === undefined ? undefined : validateAccountId(target.accountId)];
  return problems.filter((problem): problem is string => Boolean(problem));
}

function short(value: string): string {
  const oneLine = value.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
