/** State of one layer as `docker push` reports it. */
export type LayerState = 'preparing' | 'waiting' | 'pushing' | 'pushed' | 'exists' | 'mounted' | 'retrying';

/** Snapshot of a push: each layer's last state, and how many are finished. */
export interface PushProgress {
  layers: ReadonlyMap<string, LayerState>;
  total: number;
  /** pushed + exists + mounted */
  done: number;
}

/**
 * Follows one engine's push output, line by line from both streams: which layers it reports, and the
 * pushed manifest's digest when its output names it. One implementation per output shape (docker's here,
 * podman's and nerdctl's in enginePushProgress.ts).
 */
export interface PushLineParser {
  /** Feeds one line (without newline). Returns true when the progress or result changed. */
  feed(line: string, stream?: 'stdout' | 'stderr'): boolean;
  /** A snapshot; later lines do not change a progress object already handed out. */
  readonly progress: PushProgress;
  readonly digest?: string;
  readonly manifestSize?: number;
}

/** Counts the finished layers of a state map: the progress every parser reports. */
export function progressOf(states: ReadonlyMap<string, LayerState>): PushProgress {
  let done = 0;
  for (const state of states.values()) {
    if (FINISHED.has(state)) {
      done++;
    }
  }
  return { layers: new Map(states), total: states.size, done };
}

const LAYER_LINE = /^([0-9a-f]{12,64}): (.+)$/;
// "<tag>: digest: sha256:<hex> size: <n>" — the last line of a successful push.
const DIGEST_LINE = /^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)$/;
const REPOSITORY_LINE = /^The push refers to repository \[(.+)\]$/;
/** The states a layer ends in: pushed, already there, or mounted from another repository. */
export const FINISHED: ReadonlySet<LayerState> = new Set<LayerState>(['pushed', 'exists', 'mounted']);

function stateOf(status: string): LayerState | undefined {
  if (status === 'Preparing') return 'preparing';
  if (status === 'Waiting') return 'waiting';
  // TTY output adds a progress bar after "Pushing"; non-TTY output may print it bare.
  if (status === 'Pushing' || status.startsWith('Pushing ')) return 'pushing';
  if (status === 'Pushed') return 'pushed';
  if (status === 'Layer already exists') return 'exists';
  if (status.startsWith('Mounted from ')) return 'mounted';
  if (/^Retrying in \d+ seconds?$/.test(status)) return 'retrying';
  return undefined;
}

/**
 * Follows the non-TTY output of `docker push`, one line at a time:
 *
 *     The push refers to repository [host/repo]
 *     ea6b9c94d7c5: Preparing | Waiting | Pushing | Pushed | Layer already exists | Mounted from x | Retrying in N seconds
 *     1.0: digest: sha256:<64 hex> size: 947
 *
 * Unknown lines are ignored (they still go to the log through the caller).
 */
export class PushOutputParser implements PushLineParser {
  private readonly states = new Map<string, LayerState>();
  private _digest?: string;
  private _manifestSize?: number;
  private _tag?: string;
  private _repository?: string;
  private _retries = 0;

  /** Feeds one line (without newline). Returns true when the progress or result changed. docker reports on stdout only. */
  feed(line: string, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
    if (stream !== 'stdout') {
      return false;
    }
    const text = line.trim();
    const digest = DIGEST_LINE.exec(text);
    if (digest) {
      this._tag = digest[1];
      this._digest = digest[2];
      this._manifestSize = Number(digest[3]);
      return true;
    }
    const repository = REPOSITORY_LINE.exec(text);
    if (repository) {
      this._repository = repository[1];
      return true;
    }
    const layer = LAYER_LINE.exec(text);
    if (!layer) {
      return false;
    }
    const state = stateOf(layer[2].trim());
    if (state === undefined) {
      return false;
    }
    const previous = this.states.get(layer[1]);
    // A finished layer stays finished: late lines must not make counts go backwards.
    if (previous !== undefined && FINISHED.has(previous) && !FINISHED.has(state)) {
      return false;
    }
    if (state === 'retrying') {
      this._retries++;
    }
    this.states.set(layer[1], state);
    return previous !== state || state === 'retrying';
  }

  /** A snapshot; later lines do not change a progress object already handed out. */
  get progress(): PushProgress {
    return progressOf(this.states);
  }

  /** `sha256:…` of the pushed manifest, from the final line. */
  get digest(): string | undefined {
    return this._digest;
  }

  get manifestSize(): number | undefined {
    return this._manifestSize;
  }

  /** The tag named on the digest line. */
  get tag(): string | undefined {
    return this._tag;
  }

  /** `host/repo` from "The push refers to repository […]". */
  get repository(): string | undefined {
    return this._repository;
  }

  /** How many "Retrying in N seconds" lines were seen. */
  get retries(): number {
    return this._retries;
  }
}
