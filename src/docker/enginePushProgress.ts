/**
 * Push output of the engines that do not speak docker's: podman (containers/image) and nerdctl (and
 * Finch, which runs nerdctl in its VM). Each parser follows the lines of both streams and reports layer
 * progress in the same {@link PushProgress} shape as docker's, so the views and the log do not care
 * which engine pushed.
 */
import { FINISHED, progressOf, type LayerState, type PushLineParser, type PushProgress } from './pushProgress';

/**
 * `podman push` without a terminal (captured from podman 4.3), all on stderr:
 *
 *     Getting image source signatures
 *     Copying blob sha256:<64 hex>                      one line per layer, as its copy starts
 *     Copying blob sha256:<64 hex> skipped: already exists   (newer podman, or a terminal)
 *     Copying config sha256:<64 hex>                    every layer is written before the config
 *     Writing manifest to image destination
 *     Storing signatures
 *
 * The pushed manifest's digest is not in the output: podman writes it to `--digestfile`.
 */
export class PodmanPushOutputParser implements PushLineParser {
  private readonly states = new Map<string, LayerState>();

  /** podman reports on stderr; the stream does not change what a line means. */
  feed(line: string, _stream?: 'stdout' | 'stderr'): boolean {
    const text = line.trim();
    const blob = /^Copying blob (?:sha256:)?([0-9a-f]{12,64})\b\s*(.*)$/.exec(text);
    if (blob) {
      const [, id, rest] = blob;
      const state: LayerState = /already exists/i.test(rest) ? 'exists' : /\bdone\b/i.test(rest) ? 'pushed' : 'pushing';
      return this.set(id, state);
    }
    if (/^Copying config\b|^Writing manifest\b/.test(text)) {
      // The config and the manifest follow the last layer: every layer still in flight has been written.
      let changed = false;
      for (const [id, state] of this.states) {
        if (!FINISHED.has(state)) {
          this.states.set(id, 'pushed');
          changed = true;
        }
      }
      return changed;
    }
    return false;
  }

  get progress(): PushProgress {
    return progressOf(this.states);
  }

  private set(id: string, state: LayerState): boolean {
    const previous = this.states.get(id);
    if (previous === state || (previous !== undefined && FINISHED.has(previous))) {
      return false;
    }
    this.states.set(id, state);
    return true;
  }
}

/** nerdctl's job states (containerd's push tracker) as layer states. */
const NERDCTL_STATES: Readonly<Record<string, LayerState>> = {
  waiting: 'waiting',
  resolving: 'waiting',
  resolved: 'waiting',
  uploading: 'pushing',
  committing: 'pushing',
  done: 'pushed',
  exists: 'exists',
};

// Cursor movement and colour: a terminal's concern, never part of what a line says.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * `nerdctl push` (and `finch push`), from nerdctl's source (pkg/imgutil/push, pkg/imgutil/jobs): every
 * 100 ms it prints the whole table again on stdout, one row per blob, then an `elapsed:` row:
 *
 *     manifest-sha256:<hex>: waiting        |--------------------------------------|
 *     layer-sha256:<hex>:    uploading      |+++++++++++---------------------------| 1.0 MiB/3.0 MiB
 *     config-sha256:<hex>:   done           |++++++++++++++++++++++++++++++++++++++|
 *     elapsed: 0.3 s                                       total:  1.0 Mi (3.3 MiB/s)
 *
 * Only `layer-` rows are layers. On a terminal the table is redrawn with cursor escapes, which are
 * dropped. The pushed digest is in nerdctl's log line on stderr,
 * `pushing as a reduced-platform image (<media type>, sha256:<hex>)`: without `--all-platforms`
 * nerdctl always pushes that image.
 */
export class NerdctlPushOutputParser implements PushLineParser {
  private readonly states = new Map<string, LayerState>();
  private _digest?: string;

  /** The table is on stdout, the digest's log line on stderr; each is recognised by its shape. */
  feed(line: string, _stream?: 'stdout' | 'stderr'): boolean {
    const text = line.replace(ANSI_ESCAPE, '').trim();
    const pushed = /pushing as a reduced-platform image \([^,]+, (sha256:[0-9a-f]{64})\)/.exec(text);
    if (pushed) {
      const changed = this._digest !== pushed[1];
      this._digest = pushed[1];
      return changed;
    }
    const row = /^layer-(sha256:[0-9a-f]{64}):\s+([a-z]+)\b/.exec(text);
    const state = row ? NERDCTL_STATES[row[2]] : undefined;
    if (!row || state === undefined) {
      return false;
    }
    const previous = this.states.get(row[1]);
    if (previous === state || (previous !== undefined && FINISHED.has(previous))) {
      return false;
    }
    this.states.set(row[1], state);
    return true;
  }

  get progress(): PushProgress {
    return progressOf(this.states);
  }

  get digest(): string | undefined {
    return this._digest;
  }
}
