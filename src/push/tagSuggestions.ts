/**
 * Tags from the workspace's git repository: the short commit and the branch, made into valid image tags,
 * and the remembered "tags pattern" that turns them back into placeholders, so "Build and Push Again"
 * tags the commit checked out now rather than the one of last time.
 */
import { runAsync } from '../process/runProcess';

/** What git says about HEAD; either may be missing (no repository, a detached HEAD, git not installed). */
export interface GitHead {
  /** The abbreviated commit hash. */
  readonly commit?: string;
  /** The branch name as git has it (`feature/login`), not yet a tag. */
  readonly branch?: string;
}

/** A placeholder in a remembered tags pattern. */
export const COMMIT_PLACEHOLDER = '{commit}';
export const BRANCH_PLACEHOLDER = '{branch}';

/**
 * A git ref name as an image tag: characters a tag cannot hold become `-`, it cannot start with `.` or
 * `-`, and it is at most 128 characters. undefined when nothing usable is left.
 */
export function tagFromRefName(name: string): string | undefined {
  const tag = name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/-+$/, '');
  return tag.length > 0 ? tag : undefined;
}

/** The suggestions, best first: the short commit, the branch, then `latest`. */
export function tagSuggestions(head: GitHead): { readonly tag: string; readonly why: string }[] {
  const suggestions: { tag: string; why: string }[] = [];
  const commit = head.commit && tagFromRefName(head.commit);
  if (commit) {
    suggestions.push({ tag: commit, why: 'short commit of HEAD' });
  }
  const branch = head.branch && tagFromRefName(head.branch);
  if (branch && branch !== commit) {
    suggestions.push({ tag: branch, why: `branch ${head.branch}` });
  }
  if (!suggestions.some((s) => s.tag === 'latest')) {
    suggestions.push({ tag: 'latest', why: 'the usual moving tag' });
  }
  return suggestions;
}

/** The tags as a pattern to remember: the current commit and branch tags become placeholders. */
export function toTagPattern(tags: readonly string[], head: GitHead): string[] {
  const commit = head.commit && tagFromRefName(head.commit);
  const branch = head.branch && tagFromRefName(head.branch);
  return tags.map((tag) => (tag === commit ? COMMIT_PLACEHOLDER : tag === branch ? BRANCH_PLACEHOLDER : tag));
}

/**
 * The tags a remembered pattern means now. A placeholder git cannot fill (no repository any more) is
 * dropped; when nothing is left, `latest`.
 */
export function expandTagPattern(pattern: readonly string[], head: GitHead): string[] {
  const values: Record<string, string | undefined> = {
    [COMMIT_PLACEHOLDER]: head.commit && tagFromRefName(head.commit),
    [BRANCH_PLACEHOLDER]: head.branch && tagFromRefName(head.branch),
  };
  const tags = pattern
    .map((entry) => (entry in values ? values[entry] : entry))
    .filter((tag, index, all): tag is string => !!tag && all.indexOf(tag) === index);
  return tags.length > 0 ? tags : ['latest'];
}

/**
 * HEAD of the git repository holding `folder`, from the git CLI (no shell; a missing git, a folder
 * outside any repository or a detached HEAD just leave fields out).
 */
export async function readGitHead(
  folder: string,
  options: { git?: string; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<GitHead> {
  const git = options.git ?? 'git';
  const run = async (args: string[]): Promise<string | undefined> => {
    try {
      const output = await runAsync(
        { command: git, args },
        { cwd: folder, signal: options.signal, timeoutMs: options.timeoutMs ?? 10_000 },
      );
      return output.stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const [commit, branch] = await Promise.all([run(['rev-parse', '--short', 'HEAD']), run(['rev-parse', '--abbrev-ref', 'HEAD'])]);
  return { ...(commit ? { commit } : {}), ...(branch && branch !== 'HEAD' ? { branch } : {}) };
}
