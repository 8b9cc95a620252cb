import { runCleanup } from './cleanup';

/**
 * How every runner ends (integration, packaged, desktop, bench). When `entry` is the program Node
 * started, not a module something imported, runs `main` and exits with the code it resolves to;
 * when it throws, prints the error under `label`, stops everything the run started and exits 1.
 */
export function runMain(entry: NodeModule, label: string, main: () => Promise<number>): void {
  if (require.main !== entry) return;
  main().then(
    (code) => process.exit(code),
    async (error: unknown) => {
      console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      await runCleanup();
      process.exit(1);
    },
  );
}
