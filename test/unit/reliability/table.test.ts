/**
 * docs/reliability.md cannot drift: its table must match the catalogue row for row (every column but
 * Observed, which comes from results), every unit case must have a test in this run, and every
 * integration case a test in the integration suites' sources.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../fakeCli/paths';
import { CASES, caseIdOf } from './cases';
import { docProblems } from './table';

function allTitles(suite: Mocha.Suite): string[] {
  return [...suite.tests.map((t) => t.title), ...suite.suites.flatMap(allTitles)];
}

describe('reliability: the published table', () => {
  it('has unique ids and at least 60 cases', () => {
    const ids = CASES.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate case ids');
    assert.ok(CASES.length >= 60, `${CASES.length} cases`);
  });

  it('docs/reliability.md agrees with the catalogue (run node scripts/reliabilityTable.mjs to regenerate)', () => {
    const doc = fs.readFileSync(path.join(repoRoot(), 'docs', 'reliability.md'), 'utf8');
    assert.deepEqual(docProblems(doc), []);
  });

  it('every unit case has a test in this run', function () {
    let root: Mocha.Suite = this.test!.parent!;
    while (root.parent) root = root.parent;
    const ids = new Set(allTitles(root).map(caseIdOf).filter(Boolean));
    const missing = CASES.filter((c) => c.tier === 'unit' && !ids.has(c.id)).map((c) => c.id);
    assert.deepEqual(missing, []);
  });

  it('every integration case has a test in test/integration/reliability*.test.ts', () => {
    const dir = path.join(repoRoot(), 'test', 'integration');
    const sources = fs
      .readdirSync(dir)
      .filter((f) => /^reliability.*\.test\.ts$/.test(f))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const missing = CASES.filter((c) => c.tier === 'integration' && !sources.includes(`'${c.id}'`)).map((c) => c.id);
    assert.deepEqual(missing, []);
  });
});
