import * as fs from 'fs';
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
