/**
 * What the extension reads from a Dockerfile itself: which files are Dockerfiles, and the `FROM` lines
 * (where the CodeLens goes, and the stages a build can target).
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

/**
 * Every `FROM` instruction, in order. Comments, blank lines and `\` continuations are followed as the
 * Dockerfile parser does; flags such as `--platform=…` are skipped.
 */
export function fromInstructions(text: string): FromInstruction[] {
  const found: FromInstruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let instruction = lines[index];
    if (/^\s*#/.test(instruction)) {
      continue;
    }
    while (/\\\s*$/.test(instruction) && index + 1 < lines.length) {
      index++;
      const next = lines[index];
      // A comment line inside a continuation is dropped; the instruction goes on on the next line.
      if (!/^\s*#/.test(next)) {
        instruction = instruction.replace(/\\\s*$/, ' ') + next;
      }
    }
    const words = instruction.trim().split(/\s+/);
    if (words[0]?.toUpperCase() !== 'FROM') {
      continue;
    }
    const operands = words.slice(1).filter((word) => !word.startsWith('--'));
    if (operands.length === 0) {
      continue;
    }
    const asAt = operands.findIndex((word) => word.toUpperCase() === 'AS');
    const stage = asAt >= 0 ? operands[asAt + 1] : undefined;
    found.push({ line: start, image: operands[0], ...(stage ? { stage } : {}) });
  }
  return found;
}

/** The named stages a build can `--target`, in file order. */
export function stageNames(text: string): string[] {
  return fromInstructions(text)
    .map((from) => from.stage)
    .filter((stage): stage is string => stage !== undefined);
}
