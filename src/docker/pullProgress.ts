/** State of one layer as `docker pull` reports it. */
export type PullLayerState = 'waiting' | 'downloading' | 'verifying' | 'downloaded' | 'extracting' | 'complete' | 'exists' | 'retrying';

/** Snapshot of a pull: each layer's last state, and how many are in the local store. */
export interface PullProgress {
  readonly layers: ReadonlyMap<string, PullLayerState>;
  readonly total: number;
  /** Pull complete + Already exists */
  readonly done: number;
}

const LAYER_LINE = /^([0-9a-f]{12,64}): (.+)$/;
const DIGEST_LINE = /^Digest: (sha256:[0-9a-f]{64})$/;
const STATUS_LINE = /^Status: (.+)$/;
const FINISHED: ReadonlySet<PullLayerState> = new Set<PullLayerState>(['complete', 'exists']);

function stateOf(status: string): PullLayerState | undefined {
  if (status === 'Pulling fs layer' || status === 'Waiting') return 'waiting';
  // TTY output adds a progress bar after "Downloading"/"Extracting"; non-TTY output prints none.
  if (status === 'Downloading' || status.startsWith('Downloading ')) return 'downloading';
  if (status === 'Verifying Checksum') return 'verifying';
  if (status === 'Download complete') return 'downloaded';
  if (status === 'Extracting' || status.startsWith('Extracting ')) return 'extracting';
  if (status === 'Pull complete') return 'complete';
  if (status === 'Already exists') return 'exists';
  if (/^Retrying in \d+ seconds?$/.test(status)) return 'retrying';
  return undefined;
}

/**
 * Follows the non-TTY output of `docker pull`, one line at a time:
 *
 *     1.0: Pulling from team/app
 *     220242a301b7: Pulling fs layer | Waiting | Verifying Checksum | Download complete | Pull complete | Already exists
 *     Digest: sha256:<64 hex>
 *     Status: Downloaded newer image for host/team/app:1.0   (or: Image is up to date for …)
 *     host/team/app:1.0
 *
 * Unknown lines are ignored (they still go to the log through the caller).
 */
export class PullOutputParser {
  private readonly states = new Map<string, PullLayerState>();
  private _digest?: string;
  private _status?: string;

  /** Feeds one line (without newline). Returns true when the progress or result changed. */
  feed(line: string): boolean {
    const text = line.trim();
    const digest = DIGEST_LINE.exec(text);
    if (digest) {
      this._digest = digest[1];
      return true;
    }
    const status = STATUS_LINE.exec(text);
    if (status) {
      this._status = status[1];
      return true;
    }
    const layer = LAYER_LINE.exec(text);
    const state = layer && stateOf(layer[2].trim());
    if (!layer || !state) {
      return false;
    }
    const previous = this.states.get(layer[1]);
    // A layer in the store stays there: late lines must not make counts go backwards.
    if (previous !== undefined && FINISHED.has(previous) && !FINISHED.has(state)) {
      return false;
    }
    this.states.set(layer[1], state);
    return previous !== state;
  }

  /** A snapshot; later lines do not change a progress object already handed out. */
  get progress(): PullProgress {
    let done = 0;
    for (const state of this.states.values()) {
      if (FINISHED.has(state)) {
        done++;
      }
    }
    return { layers: new Map(this.states), total: this.states.size, done };
  }

  /** The manifest digest the registry served (`Digest: sha256:…`). */
  get digest(): string | undefined {
    return this._digest;
  }

  /** docker's last status: "Downloaded newer image for …" or "Image is up to date for …". */
  get status(): string | undefined {
    return this._status;
  }

  /** True when docker already had the image (nothing was downloaded). */
  get upToDate(): boolean {
    return this._status?.startsWith('Image is up to date') === true;
  }
}
