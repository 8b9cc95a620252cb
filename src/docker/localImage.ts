import { parseSizeText } from './sizeText';

/** One row of `docker image ls`: an image id under one repository:tag (an image with two tags gives two rows). */
export interface LocalImage {
  /** Full id, `sha256:<64 hex>` (needs `--no-trunc`). */
  id: string;
  /** `<none>` kept as docker prints it. */
  repository: string;
  tag: string;
  /** Repo digest (`sha256:…`) when docker knows one (needs `--digests`), else undefined. */
  digest?: string;
  createdAt?: Date;
  /** Docker's own relative text, e.g. `2 years ago`. */
  createdSince?: string;
  /** Approximate bytes from `sizeText` (docker rounds to 4 significant digits). */
  sizeBytes?: number;
  sizeText: string;
  /** No tag: an untagged image (`<none>`), hidden by default. */
  dangling: boolean;
  /** What to hand back to docker: `repository:tag`, or the id when untagged. */
  reference: string;
}

/** Thrown for output that is not what `docker image ls --format '{{json .}}'` prints; the message names the line. */
class ImageListParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageListParseError';
  }
}

const NONE = '<none>';

/**
 * Parses `docker image ls --digests --no-trunc --format '{{json .}}'`: one JSON object per line.
 * Blank lines are skipped and unknown fields ignored. A line that is not a JSON object with a
 * string `ID` throws {@link ImageListParseError} naming the line: such output means the CLI did not
 * honour the format, and a partial list would silently hide images.
 */
export function parseImageListOutput(stdout: string): LocalImage[] {
  const images: LocalImage[] = [];
  const lines = stdout.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) {
      continue;
    }
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new ImageListParseError(`docker image ls output line ${i + 1} is not JSON: ${preview(line)}`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row) || typeof (row as Record<string, unknown>).ID !== 'string') {
      throw new ImageListParseError(`docker image ls output line ${i + 1} has no image ID: ${preview(line)}`);
    }
    images.push(toLocalImage(row as Record<string, unknown>));
  }
  return images;
}

function toLocalImage(row: Record<string, unknown>): LocalImage {
  const id = String(row.ID);
  const repository = stringField(row.Repository) ?? NONE;
  const tag = stringField(row.Tag) ?? NONE;
  const digestText = stringField(row.Digest);
  const sizeText = stringField(row.Size) ?? '';
  const dangling = tag === NONE || repository === NONE;
  const image: LocalImage = {
    id,
    repository,
    tag,
    sizeText,
    dangling,
    reference: dangling ? id : `${repository}:${tag}`,
  };
  if (digestText && digestText !== NONE) {
    image.digest = digestText;
  }
  const createdAt = parseDockerTime(stringField(row.CreatedAt));
  if (createdAt) {
    image.createdAt = createdAt;
  }
  const createdSince = stringField(row.CreatedSince);
  if (createdSince) {
    image.createdSince = createdSince;
  }
  const sizeBytes = parseSizeText(sizeText);
  if (sizeBytes !== undefined) {
    image.sizeBytes = sizeBytes;
  }
  return image;
}

/**
 * Parses Go's `time.Time.String()` as docker prints CreatedAt: `2024-05-01 10:00:00 +0000 UTC`
 * (optionally with fractional seconds). The zone name is ignored; the numeric offset is authoritative.
 */
function parseDockerTime(text: string | undefined): Date | undefined {
  if (!text) {
    return undefined;
  }
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? ([+-])(\d{2})(\d{2})(?: \S+)?$/.exec(text.trim());
  if (!m) {
    return undefined;
  }
  const fraction = m[3] ? m[3].slice(0, 4) : ''; // milliseconds are all a Date holds
  const date = new Date(`${m[1]}T${m[2]}${fraction}${m[4]}${m[5]}:${m[6]}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Details of one image from `docker image inspect`. */
export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created?: Date;
  sizeBytes?: number;
  architecture?: string;
  os?: string;
}

/**
 * Parses the JSON array printed by `docker image inspect REF…`.
 * @throws Error when the text is not a JSON array of objects with an `Id`
 */
export function parseImageInspectOutput(stdout: string): ImageDetails[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new Error(`docker image inspect output is not JSON: ${preview(stdout.trim())}`);
  }
  if (!Array.isArray(data)) {
    throw new Error('docker image inspect output is not a JSON array.');
  }
  return data.map((item, index) => {
    if (typeof item !== 'object' || item === null || typeof (item as Record<string, unknown>).Id !== 'string') {
      throw new Error(`docker image inspect entry ${index} has no Id.`);
    }
    const raw = item as Record<string, unknown>;
    const details: ImageDetails = {
      id: raw.Id as string,
      repoTags: stringArray(raw.RepoTags),
      repoDigests: stringArray(raw.RepoDigests),
    };
    const created = typeof raw.Created === 'string' ? new Date(raw.Created) : undefined;
    // Go's zero time means "unknown".
    if (created && !Number.isNaN(created.getTime()) && created.getUTCFullYear() > 1) {
      details.created = created;
    }
    if (typeof raw.Size === 'number') {
      details.sizeBytes = raw.Size;
    }
    if (typeof raw.Architecture === 'string' && raw.Architecture) {
      details.architecture = raw.Architecture;
    }
    if (typeof raw.Os === 'string' && raw.Os) {
      details.os = raw.Os;
    }
    return details;
  });
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
