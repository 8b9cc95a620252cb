/**
 * The two things the scan diagnostic needs to know about Dockerfiles: which `FROM` line builds the final
 * image (the last stage's), and which Dockerfile of a workspace an image was built from (by name: the
 * folder or file named like the image, else the only Dockerfile when the image was built here). Pure
 * functions of text and paths; no `vscode` import.
 */

/** Where a `FROM` instruction is: 0-based line, and the columns of the image reference it names. */
export interface FromLine {
  readonly line: number;
  readonly imageStart: number;
  readonly imageEnd: number;
  /** The base image as written (`node:20-slim`, `scratch`, `${BASE}`). */
  readonly image: string;
}

/**
 * The `FROM` of the final build stage: the last one in the file. Comments, blank lines, lower case and
 * `--platform=…` flags are handled; a `FROM` inside a continued instruction (after a line ending in `\`)
 * is not one.
 */
export function finalFromLine(text: string): FromLine | undefined {
  const lines = text.split(/\r?\n/);
  let found: FromLine | undefined;
  let continued = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const startsInstruction = !continued;
    continued = /\\\s*$/.test(line) && !/^\s*#/.test(line);
    if (!startsInstruction) {
      continue;
    }
    const match = /^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)/i.exec(line);
    if (match) {
      const imageStart = match[1].length + match[2].length;
      found = { line: index, imageStart, imageEnd: imageStart + match[3].length, image: match[3] };
    }
  }
  return found;
}

/** A Dockerfile found in a workspace: its path relative to its workspace folder, and that folder's name. */
export interface DockerfileCandidate {
  readonly relativePath: string;
  readonly workspaceFolderName: string;
}

/**
 * The Dockerfile an image was most likely built from. `names` are repository names the image goes by
 * (`team/web` from `team/web:1.0`, the ECR repository's name): a Dockerfile matches when its folder (or,
 * at the root, its workspace folder) has the name's last segment, or when it is `<name>.Dockerfile` or
 * `Dockerfile.<name>`. The shortest matching path wins. With no match, `allowSole` picks the workspace's
 * only Dockerfile (for an image pushed from this machine, that is where it was built).
 */
export function pickDockerfile(
  candidates: readonly DockerfileCandidate[],
  names: readonly string[],
  allowSole: boolean,
): DockerfileCandidate | undefined {
  const wanted = new Set(names.map(lastSegment).filter((name) => name.length > 0));
  const matches = candidates.filter((candidate) => {
    const parts = candidate.relativePath.split(/[\\/]/);
    const file = parts[parts.length - 1].toLowerCase();
    const folder = parts.length > 1 ? parts[parts.length - 2].toLowerCase() : candidate.workspaceFolderName.toLowerCase();
    for (const name of wanted) {
      if (folder === name || file === `${name}.dockerfile` || file === `dockerfile.${name}`) {
        return true;
      }
    }
    return false;
  });
  if (matches.length > 0) {
    return [...matches].sort((a, b) => a.relativePath.length - b.relativePath.length || a.relativePath.localeCompare(b.relativePath))[0];
  }
  return allowSole && candidates.length === 1 ? candidates[0] : undefined;
}

/** `127.0.0.1:5000/team/web:1.0` → `web`; `team/web@sha256:…` → `web`. */
function lastSegment(name: string): string {
  const withoutDigest = name.split('@')[0];
  const path = withoutDigest.replace(/:[^/:]*$/, '');
  const segments = path.split('/');
  return (segments[segments.length - 1] ?? '').toLowerCase();
}
