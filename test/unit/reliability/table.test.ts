/**
 * docs/reliability.md cannot drift: npm test ends by comparing it with the doc its own results produce
 * (scripts/reliabilityTable.mjs → docProblems). Here: that comparison really finds a wrong Observed
 * cell, a wrong count, a case that did not run and a changed line outside the table; every unit case
 * has a test in this run, and every integration case a test in the integration suites' sources.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../fakeCli/paths';
import { CASES, caseIdOf, caseTitle } from './cases';
import { docProblems, renderDoc, type ResultTest } from './table';

function allTitles(suite: Mocha.Suite): string[] {
  return [...suite.tests.map((t) => t.title), ...suite.suites.flatMap(allTitles)];
}

/** A result set in which every case's test ran and passed, titled as the suites title them. */
function allPassed(): ResultTest[] {
  return CASES.map((c) => ({ title: `reliability: some suite ${caseTitle(c.id)}`, state: 'passed' as const }));
}

describe('reliability: the published table', () => {
  const committed = fs.readFileSync(path.join(repoRoot(), 'docs', 'reliability.md'), 'utf8');

  it('has unique ids and at least 60 cases', () => {
    const ids = CASES.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate case ids');
    assert.ok(CASES.length >= 60, `${CASES.length} cases`);
  });

  it('finds no difference between a doc and the doc the same results produce', () => {
    const results = allPassed();
    assert.deepEqual(docProblems(renderDoc(committed, results), results), []);
  });

  it('reports a case that failed, in its Observed cell and in the pass counts', () => {
    const passing = renderDoc(committed, allPassed());
    const results = allPassed().map((t) => (caseIdOf(t.title) === 'D05' ? { ...t, state: 'failed' as const } : t));
    const dockerFaults = CASES.filter((c) => c.category === 'Docker faults').length;
    assert.deepEqual(docProblems(passing, results), [
      `count Docker faults, column "pass": the doc says "${dockerFaults}", this run says "${dockerFaults - 1}"`,
      `count **All**, column "pass": the doc says "${CASES.length}", this run says "${CASES.length - 1}"`,
      'case D05, column "Observed": the doc says "pass", this run says "FAIL"',
    ]);
  });

  it('reports a case whose test did not run, and a tier whose results are missing altogether', () => {
    const passing = renderDoc(committed, allPassed());
    const withoutE01 = allPassed().filter((t) => caseIdOf(t.title) !== 'E01');
    assert.ok(docProblems(passing, withoutE01).includes('case E01, column "Observed": the doc says "pass", this run says "not run"'));
    const unitOnly = allPassed().filter((t) => CASES.find((c) => c.id === caseIdOf(t.title))?.tier === 'unit');
    const missing = docProblems(passing, unitOnly).filter((p) => p.endsWith('this run says "not run"'));
    assert.equal(missing.length, CASES.filter((c) => c.tier === 'integration').length);
  });

  it('reports a count edited by hand, and a changed line outside the table', () => {
    const results = allPassed();
    const passing = renderDoc(committed, results);
    const badCount = passing.replace(/^\| Secrets \| (\d+) \|/m, (_, n: string) => `| Secrets | ${Number(n) + 1} |`);
    assert.notEqual(badCount, passing);
    assert.match(docProblems(badCount, results).join('\n'), /^count Secrets, column "Cases": the doc says "\d+", this run says "\d+"$/);
    const badIntro = passing.replace('# Reliability and security cases', '# Reliability cases');
    assert.deepEqual(docProblems(badIntro, results), [
      'line 1: the doc has "# Reliability cases", the generator writes "# Reliability and security cases"',
    ]);
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
