import { createdSince } from './createdSince';
import type { LocalImage } from './localImage';
import { formatSizeText } from './sizeText';

const NONE = '<none>';

/**
 * Parses `podman images --format json`: one JSON array of podman's own image summaries, which are not
 * docker's rows: `Id` (64 hex, no `sha256:`), `Names` (every `repository:tag` of the image, `null` when
 * untagged), `Size` in bytes, `Created` (Unix seconds) and `CreatedAt`. Podman 4 repeats an image once
 * per name, so entries are merged by id. Each name becomes one {@link LocalImage}, as a docker row would.
 *
 * `digest` stays unset: podman's `Digest`/`RepoDigests` name the manifest as stored locally, which is
 * not the one a push writes (podman compresses layers on push), so showing it as the repository digest
 * would mislead.
 *
 * @param now the time ages are measured from (a parameter, so tests are stable)
 * @throws Error naming what is wrong when the text is not such an array
 */
export function parsePodmanImageList(stdout: string, now: Date = new Date()): LocalImage[] {
  const text = stdout.trim();
  let data: unknown;
  try {
    data = text.length === 0 ? [] : JSON.parse(text);
  } catch {
    throw new Error(`podman images output is not JSON: ${preview(text)}`);
  }
  if (data === null) {
    return [];
  }
  if (!Array.isArray(data)) {
    throw new Error('podman images output is not a JSON array.');
  }
  const seen = new Set<string>();
  const images: LocalImage[] = [];
  data.forEach((entry: unknown, index) => {
    const row = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : undefined;
    if (!row || typeof row.Id !== 'string' || row.Id.length === 0) {
      throw new Error(`podman images entry ${index} has no Id: ${preview(JSON.stringify(entry) ?? String(entry))}`);
    }
    if (seen.has(row.Id)) {
      return;
    }
    seen.add(row.Id);
    images.push(...toLocalImages(row, row.Id, now));
  });
  return images;
}

function toLocalImages(row: Record<string, unknown>, rawId: string, now: Date): LocalImage[] {
  const id = rawId.startsWith('sha256:') ? rawId : `sha256:${rawId}`;
  const common: Omit<LocalImage, 'repository' | 'tag' | 'dangling' | 'reference'> = { id, sizeText: '' };
  if (typeof row.Size === 'number' && Number.isFinite(row.Size)) {
    common.sizeBytes = row.Size;
    common.sizeText = formatSizeText(row.Size);
  }
  const created = createdTime(row);
  if (created) {
    common.createdAt = created;
    common.createdSince = createdSince(created, now);
  }
  // A name pinned by digest (`repo@sha256:…`) has no tag to push; only repository:tag names make rows.
  const names = (Array.isArray(row.Names) ? row.Names : []).filter((n): n is string => typeof n === 'string' && !n.includes('@'));
  if (names.length === 0) {
    return [{ ...common, repository: NONE, tag: NONE, dangling: true, reference: id }];
  }
  return names.map((name) => {
    const { repository, tag } = splitName(name);
    return { ...common, repository, tag, dangling: false, reference: `${repository}:${tag}` };
  });
}

/** `host:5000/team/app:1.0` → `host:5000/team/app` and `1.0`: the tag follows the last ':' after the last '/'. */
function splitName(name: string): { repository: string; tag: string } {
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
  }
  return { repository: name, tag: 'latest' };
}

function createdTime(row: Record<string, unknown>): Date | undefined {
  const fromText = typeof row.CreatedAt === 'string' ? new Date(row.CreatedAt) : undefined;
  if (fromText && !Number.isNaN(fromText.getTime())) {
    return fromText;
  }
  return typeof row.Created === 'number' && row.Created > 0 ? new Date(row.Created * 1000) : undefined;
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
