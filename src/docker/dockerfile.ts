/**
 * What the extension reads from Dockerfiles, with one parser of their instructions: which files are
 * Dockerfiles, the `FROM` lines (where the build CodeLens goes, the stages a build can target, and the
 * final stage's base image the scan diagnostic marks), and which Dockerfile of a workspace an image was
 * built from. Pure functions of text and paths; no `vscode` import.
 */

/** The file names builds start from: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile` (and `Containerfile.*`). */
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|^.+\.(?:dockerfile|containerfile)$/i;

/** The same names as a glob, for finding Dockerfiles in a workspace. */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}';

export function isDockerfileName(fileName: string): boolean {
  return DOCKERFILE_NAME.test(fileName);
}

/** One `FROM` instruction: its 0-based line, the image it starts from, and its stage name when it has `AS name`. */
export interface FromInstruction {
  readonly line: number;
  readonly image: string;
  readonly stage?: string;
}

/** Where a `FROM` instruction's image reference is: 0-based line, and the columns of the reference. */
export interface FromLine {
  readonly line: number;
  readonly imageStart: number;
  readonly imageEnd: number;
  /** The base image as written (`node:20-slim`, `scratch`, `${BASE}`). */
  readonly image: string;
}

/** A word of an instruction and where it is written (an instruction may run over several lines). */
interface Word {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

interface ParsedFrom {
  readonly instruction: FromInstruction;
  readonly imageAt: FromLine;
}

/**
 * Every `FROM` instruction, in order, with where its image is written. Comments, blank lines and `\`
 * continuations are followed as the Dockerfile parser does (a comment inside a continuation is dropped
 * and the instruction goes on), lower case is accepted, and flags such as `--platform=…` are skipped.
 */
function parseFroms(text: string): ParsedFrom[] {
  const found: ParsedFrom[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    if (/^\s*#/.test(lines[index])) {
      continue;
    }
    const words = wordsOf(lines[index], index);
    let continued = /\\\s*$/.test(lines[index]);
    while (continued && index + 1 < lines.length) {
      index++;
      // A comment line inside a continuation is dropped; the instruction goes on on the next line.
      if (!/^\s*#/.test(lines[index])) {
        words.push(...wordsOf(lines[index], index));
        continued = /\\\s*$/.test(lines[index]);
      }
    }
    if (words[0]?.text.toUpperCase() !== 'FROM') {
      continue;
    }
    const operands = words.slice(1).filter((word) => !word.text.startsWith('--'));
    if (operands.length === 0) {
      continue;
    }
    const image = operands[0];
    const asAt = operands.findIndex((word) => word.text.toUpperCase() === 'AS');
    const stage = asAt >= 0 ? operands[asAt + 1]?.text : undefined;
    found.push({
      instruction: { line: start, image: image.text, ...(stage ? { stage } : {}) },
      imageAt: { line: image.line, imageStart: image.column, imageEnd: image.column + image.text.length, image: image.text },
    });
  }
  return found;
}

/** The words of one physical line, without the `\` that continues it. */
function wordsOf(line: string, lineNumber: number): Word[] {
  const content = line.replace(/\\\s*$/, '');
  return [...content.matchAll(/\S+/g)].map((match) => ({ text: match[0], line: lineNumber, column: match.index ?? 0 }));
}

/** Every `FROM` instruction, in order (see parseFroms for what is followed). */
export function fromInstructions(text: string): FromInstruction[] {
  return parseFroms(text).map((from) => from.instruction);
}

/** The named stages a build can `--target`, in file order. */
export function stageNames(text: string): string[] {
  return fromInstructions(text)
    .map((from) => from.stage)
    .filter((stage): stage is string => stage !== undefined);
}

/** The `FROM` of the final build stage (the last one in the file): where its base image is written. */
export function finalFromLine(text: string): FromLine | undefined {
  return parseFroms(text).at(-1)?.imageAt;
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
