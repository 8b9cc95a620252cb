// The reliability table check that ends `npm test` (scripts/test.mjs): docs/reliability.md is rebuilt
// from the case catalogue (test/unit/reliability/cases.ts, compiled to out/) and the unit and
// integration results of that same run, written to test-results/reliability.md, and compared with the
// committed doc, row by row and count by count. With `--update-docs` (after a green full run) the
// rebuilt doc is written over docs/reliability.md. There is no other way to write it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The tiers whose results fill the Observed column: every case runs in one of them. */
export const RELIABILITY_TIERS = ['unit', 'integration'];

/**
 * Checks docs/reliability.md against this run's results. `results` maps a tier name to its result
 * (undefined when the tier wrote none); `fullRun` is false when a tier was narrowed or shrank, and
 * `green` false when any tier failed. Returns `{ problem?, lines }`: `problem` set means the check failed.
 */
export function checkReliabilityDoc({ repoRoot, results, fullRun, green, update }) {
  const require = createRequire(import.meta.url);
  const table = require(path.join(repoRoot, 'out', 'test', 'unit', 'reliability', 'table.js'));
  const { CASES } = require(path.join(repoRoot, 'out', 'test', 'unit', 'reliability', 'cases.js'));
  const docFile = path.join(repoRoot, 'docs', 'reliability.md');
  const written = path.join(repoRoot, 'test-results', 'reliability.md');
  const missing = RELIABILITY_TIERS.filter((tier) => !results[tier]);
  if (missing.length > 0) {
    return { problem: `not checked: no ${missing.join(' or ')} results from this run`, lines: [] };
  }
  if (!fullRun) {
    return { problem: 'not checked: this run did not run every test (narrowed, or fewer than expected)', lines: [] };
  }
  const tests = RELIABILITY_TIERS.flatMap((tier) => results[tier].tests);
  const committed = fs.existsSync(docFile) ? fs.readFileSync(docFile, 'utf8') : '';
  const rebuilt = table.renderDoc(committed, tests);
  fs.mkdirSync(path.dirname(written), { recursive: true });
  fs.writeFileSync(written, rebuilt);
  const cases = CASES.length;
  const passing = CASES.filter((c) => table.observed(c, tests) === 'pass').length;
  if (update) {
    if (!green) return { problem: 'docs/reliability.md not updated: the run is not green', lines: [] };
    if (rebuilt !== committed) fs.writeFileSync(docFile, rebuilt);
    return {
      lines: [
        `docs/reliability.md ${rebuilt === committed ? 'already matched' : 'rewritten from'} this run: ${cases} cases, ${passing} pass`,
      ],
    };
  }
  const problems = table.docProblems(committed, tests);
  if (problems.length === 0) return { lines: [`docs/reliability.md matches this run: ${cases} cases, ${passing} pass`] };
  const shown = problems.slice(0, 40).map((p) => `  ${p}`);
  if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more`);
  return {
    problem: `docs/reliability.md differs from this run in ${problems.length} place(s)`,
    lines: [
      `docs/reliability.md differs from what this run's results produce (test-results/reliability.md):`,
      ...shown,
      'If the change is intended, regenerate it with a full green run: npm test -- --update-docs',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  console.error(
    `${path.relative(process.cwd(), fileURLToPath(import.meta.url))} is run by npm test, which checks docs/reliability.md ` +
      'against its own results. To rewrite the doc from a full green run: npm test -- --update-docs',
  );
  process.exit(1);
}
