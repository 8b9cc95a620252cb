/** The shared pipeline harness, plus what only the reliability tables need. */
export * from '../push/pipelineHarness';

/** A stderr file of this folder's fixtures, as fake-docker resolves it (relative to the captures). */
export function ownFixture(name: string): string {
  return `../../reliability/fixtures/${name}`;
}
