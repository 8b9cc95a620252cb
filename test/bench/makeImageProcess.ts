/**
 * Makes one bench image in a process of its own: `node makeImageProcess.js DOCKER_HOST REFERENCE BYTES`.
 * The in-host suites call this instead of makeImage() so the gigabytes of random bytes never pass
 * through the extension host's heap, whose garbage collections would then land in the next
 * measurement and be counted against the extension.
 */
import { makeImage } from '../fixtures/testImages';

async function main(): Promise<void> {
  const [dockerHost, reference, bytes] = process.argv.slice(2);
  if (!dockerHost || !reference || !Number.isFinite(Number(bytes))) {
    throw new Error('usage: makeImageProcess.js DOCKER_HOST REFERENCE BYTES');
  }
  const made = await makeImage(dockerHost, reference, { sizeBytes: Number(bytes) });
  process.stdout.write(`${made.id}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
