import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root (the folder holding package.json), found from the compiled test's location. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

/** Path of a fake CLI script in test/unit/fakeCli (the .js sources are run as they are, not compiled). */
export function fakeCli(name: string): string {
  return path.join(repoRoot(), 'test', 'unit', 'fakeCli', name);
}

/** Path of a captured real docker output in test/unit/fixtures/captured. */
export function captured(name: string): string {
  return path.join(repoRoot(), 'test', 'unit', 'fixtures', 'captured', name);
}

/** Reads a captured output file. */
export function readCaptured(name: string): string {
  return fs.readFileSync(captured(name), 'utf8');
}

/** A fresh temporary folder for one test of the fake docker CLI, with where it logs its calls and reads its scenario. */
export function fakeDockerFolder(prefix: string): { dir: string; log: string; scenarioFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, log: path.join(dir, 'calls.jsonl'), scenarioFile: path.join(dir, 'scenario.json') };
}

/** The calls the fake docker CLI logged, one JSON object a line; none when it never ran. */
export function loggedCalls<Call>(log: string): Call[] {
  return fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Call)
    : [];
}
