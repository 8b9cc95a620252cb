// The README's "What `npm test` counts" block, written from test/expected-counts.json (the counts of the
// last green full run, which `npm test -- --update-counts` writes together with this block), and checked
// by every run so the README never shows figures that no run printed.
import * as fs from 'node:fs';
import * as path from 'node:path';

const START = '<!-- test-counts:start -->';
const END = '<!-- test-counts:end -->';

/** The block for these per-tier counts (all passed: the file is only written by a green run). */
export function countsBlock(counts) {
  const product = counts.unit + counts.integration + counts.packaged;
  return [
    START,
    'The last green full run that wrote `test/expected-counts.json` (`npm test -- --update-counts`) printed:',
    '',
    '```',
    `product tests (unit + integration + packaged): ${product} passed, 0 failed`,
    `test-stack self-checks (fixture): ${counts.fixture} passed, 0 failed`,
    `total: ${product + counts.fixture} passed, 0 failed`,
    '```',
    '',
    `The ${product} product tests test the extension: ${counts.unit} unit, ${counts.integration} in real VS Code extension hosts (the main window, a`,
    'second window, an untrusted workspace, a first-run profile and the podman run) and ' + `${counts.packaged} against the`,
    `packaged \`.vsix\`. The ${counts.fixture} fixture tests are counted apart: they check the test stack itself (engines,`,
    'registry, ECR-compatible API, STS and SSO stand-ins), not the extension.',
    END,
  ].join('\n');
}

function currentBlock(readme) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  return start < 0 || end < start ? undefined : readme.slice(start, end + END.length);
}

/** A problem when README.md's block is not the one these counts give; undefined when it is. */
export function readmeCountsProblem(repoRoot, counts) {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = currentBlock(readme);
  if (block === undefined) return `README.md has no ${START} … ${END} block`;
  return block === countsBlock(counts)
    ? undefined
    : "README.md's test counts differ from test/expected-counts.json: regenerate both with a green full run, npm test -- --update-counts";
}

/** Rewrites README.md's block from these counts. */
export function writeReadmeCounts(repoRoot, counts) {
  const file = path.join(repoRoot, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const block = currentBlock(readme);
  if (block === undefined) throw new Error(`README.md has no ${START} … ${END} block`);
  fs.writeFileSync(file, readme.replace(block, countsBlock(counts)));
}
