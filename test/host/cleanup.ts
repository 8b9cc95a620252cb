/** Cleanup actions run once, newest first, at the end of a run or on Ctrl-C / SIGTERM. */
const actions: Array<() => Promise<void> | void> = [];
let installed = false;

/** Registers `action` to run at cleanup; returns a function that unregisters it. */
export function onCleanup(action: () => Promise<void> | void): () => void {
  actions.push(action);
  if (!installed) installSignalHandlers();
  return () => {
    const index = actions.indexOf(action);
    if (index >= 0) actions.splice(index, 1);
  };
}

let running: Promise<void> | undefined;

/**
 * Runs every registered action (newest first), reporting but not stopping on errors. A second call
 * while one runs (Ctrl-C during the normal end) joins it, so nobody exits before the last stop.
 */
export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (actions.length > 0) {
      const action = actions.pop()!;
      try {
        await action();
      } catch (error) {
        console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })().finally(() => (running = undefined));
  return running;
}

function installSignalHandlers(): void {
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping everything this run started…`);
      void runCleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
