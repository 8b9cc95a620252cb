/**
 * Follows an image build's output line by line, for step progress and, when the build fails, the lines
 * of the step that failed. Three shapes, all read without a TTY:
 *
 *     docker legacy builder (stdout)   Step 3/7 : COPY hello.txt /hello.txt
 *                                       ---> Running in 3d16bbce3ad0
 *                                      Successfully built b7295204efef
 *     podman / buildah (stdout)        STEP 3/4: LABEL greeting=$GREETING
 *                                      702250499a1e5acb…   (the image id, last)
 *     BuildKit, plain (stderr)         #5 [2/3] COPY hello.txt /hello.txt
 *                                      #5 ERROR: process "/x" did not complete successfully: exit code: 1
 *                                      ERROR: failed to solve: …
 *
 * Error text goes to stderr in every shape; docker's legacy-builder deprecation notice there is not an error.
 */

/** Where a build is: its latest step and the instruction it runs. */
export interface BuildProgress {
  readonly step: number;
  readonly total: number;
  readonly instruction: string;
  /** BuildKit's stage or platform of the step (`linux/arm64 build`), when it names one. */
  readonly stage?: string;
}

const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const PODMAN_STEP = /^STEP (\d+)\/(\d+): (.*)$/;
const LEGACY_BUILT = /^Successfully built ([0-9a-f]{12,64})$/;
const PODMAN_IMAGE_ID = /^([0-9a-f]{64})$/;
// "#5 [2/3] COPY …", "#7 [linux/arm64 build 2/3] RUN …", "#4 [stage-1 1/2] FROM …"
const BUILDKIT_STEP = /^#(\d+) \[(?:(.+) )?(\d+)\/(\d+)\] (.*)$/;
const BUILDKIT_VERTEX_LINE = /^#(\d+) (.*)$/;
const BUILDKIT_ERROR = /^#(\d+) ERROR: (.*)$/;
const BUILDKIT_WRITING_IMAGE = /writing image (sha256:[0-9a-f]{64})/;

/** Lines kept per step: enough to show why it failed, bounded for a step that prints a lot. */
const LINES_PER_STEP = 20;
/** Error lines (stderr outside any step) kept. */
const ERROR_LINES = 10;

interface StepLines {
  readonly header: string;
  readonly lines: string[];
}

export class BuildOutputParser {
  private _progress?: BuildProgress;
  private _imageId?: string;
  /** The legacy / podman step running now (their steps run one after the other). */
  private currentStep?: StepLines;
  /** BuildKit's steps by vertex number (they run in parallel and interleave). */
  private readonly vertices = new Map<string, StepLines>();
  private failedVertex?: string;
  private readonly errors: string[] = [];
  private inWarning = false;

  /** Feeds one line (without its newline). Returns true when the progress changed. */
  feed(line: string, stream: 'stdout' | 'stderr'): boolean {
    const text = line.trimEnd();
    const buildkit = this.feedBuildKit(text);
    if (buildkit !== undefined) {
      return buildkit;
    }
    const step = LEGACY_STEP.exec(text) ?? PODMAN_STEP.exec(text);
    if (step) {
      this.currentStep = { header: text, lines: [] };
      this._progress = { step: Number(step[1]), total: Number(step[2]), instruction: step[3].trim() };
      return true;
    }
    const built = LEGACY_BUILT.exec(text) ?? (stream === 'stdout' ? PODMAN_IMAGE_ID.exec(text) : null);
    if (built) {
      this._imageId = built[1];
      return false;
    }
    if (stream === 'stderr') {
      this.addError(text);
    } else if (this.currentStep && text.length > 0) {
      keep(this.currentStep.lines, text, LINES_PER_STEP);
    }
    return false;
  }

  get progress(): BuildProgress | undefined {
    return this._progress;
  }

  /** The built image's id, when the output named it (legacy: a short id; podman and BuildKit: the full one). */
  get imageId(): string | undefined {
    return this._imageId;
  }

  /** The failing step as the builder printed it (`Step 3/4 : COPY …`), when the failure came in a step. */
  get failingStep(): string | undefined {
    if (this.failedVertex !== undefined) {
      return this.vertices.get(this.failedVertex)?.header;
    }
    return this.errors.length > 0 ? this.currentStep?.header : undefined;
  }

  /**
   * The failing step's lines: its header, what it printed, and the builder's error lines. Without a
   * failing step (e.g. a Dockerfile that does not parse), only the error lines.
   */
  failureLines(): string[] {
    const lines: string[] = [];
    if (this.failedVertex !== undefined) {
      const vertex = this.vertices.get(this.failedVertex);
      if (vertex) {
        lines.push(vertex.header, ...vertex.lines);
      }
    } else if (this.currentStep && this.errors.length > 0) {
      lines.push(this.currentStep.header, ...this.currentStep.lines);
    }
    for (const error of this.errors) {
      if (!lines.includes(error)) {
        lines.push(error);
      }
    }
    return lines;
  }

  /** undefined when the line is not BuildKit's; else whether the progress changed. */
  private feedBuildKit(text: string): boolean | undefined {
    const step = BUILDKIT_STEP.exec(text);
    if (step) {
      const [, id, stage, current, total, instruction] = step;
      if (!this.vertices.has(id)) {
        this.vertices.set(id, { header: text, lines: [] });
      }
      this._progress = { step: Number(current), total: Number(total), instruction: instruction.trim(), ...(stage ? { stage } : {}) };
      return true;
    }
    const failed = BUILDKIT_ERROR.exec(text);
    if (failed) {
      this.failedVertex ??= failed[1];
      this.vertexOf(failed[1], text).lines.push(`ERROR: ${failed[2]}`);
      return false;
    }
    const vertexLine = BUILDKIT_VERTEX_LINE.exec(text);
    if (vertexLine) {
      const written = BUILDKIT_WRITING_IMAGE.exec(vertexLine[2]);
      if (written) {
        this._imageId = written[1];
      }
      keep(this.vertexOf(vertexLine[1], text).lines, vertexLine[2], LINES_PER_STEP);
      return false;
    }
    if (this.vertices.size > 0) {
      // BuildKit's closing summary: the error and the Dockerfile excerpt around the failing line.
      if (/^ERROR:|^\s*\d+ \| >>>/.test(text)) {
        this.addError(text.trim());
      }
      return false;
    }
    return undefined;
  }

  private vertexOf(id: string, header: string): StepLines {
    let vertex = this.vertices.get(id);
    if (!vertex) {
      vertex = { header, lines: [] };
      this.vertices.set(id, vertex);
    }
    return vertex;
  }

  private addError(text: string): void {
    const line = text.trim();
    if (line.length === 0) {
      this.inWarning = false;
      return;
    }
    // docker's "DEPRECATED: The legacy builder is deprecated …" paragraph and WARNING paragraphs run to a blank line.
    if (/^(DEPRECATED|WARNING)\b/.test(line)) {
      this.inWarning = true;
      return;
    }
    if (!this.inWarning && !/^(See|Run) '.*--help'/.test(line)) {
      keep(this.errors, line, ERROR_LINES);
    }
  }
}

function keep(lines: string[], line: string, max: number): void {
  lines.push(line);
  if (lines.length > max) {
    lines.shift();
  }
}
