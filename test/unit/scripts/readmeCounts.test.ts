/**
 * The README's test counts are written from test/expected-counts.json and checked by every npm test, so
 * the figures it shows are always those of the green run that wrote both.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Counts {
  unit: number;
  fixture: number;
  integration: number;
  packaged: number;
}
interface ReadmeCountsModule {
  countsBlock(counts: Counts): string;
  readmeCountsProblem(repoRoot: string, counts: Counts): string | undefined;
  writeReadmeCounts(repoRoot: string, counts: Counts): void;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('scripts/readmeCounts.mjs (the README figures of npm test)', () => {
  let module: ReadmeCountsModule;
  let dir: string;
  before(async () => {
    module = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'readmeCounts.mjs')).href)) as ReadmeCountsModule;
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-readme-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the committed README shows exactly the committed counts', () => {
    const counts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'expected-counts.json'), 'utf8')) as Counts;
    assert.equal(module.readmeCountsProblem(repoRoot, counts), undefined);
  });

  it('writes the product and fixture totals apart, and then finds no difference; other counts are a problem', () => {
    const counts = { unit: 10, fixture: 4, integration: 5, packaged: 2 };
    fs.writeFileSync(path.join(dir, 'README.md'), 'intro\n<!-- test-counts:start -->\nold\n<!-- test-counts:end -->\nrest\n');
    assert.match(module.readmeCountsProblem(dir, counts) ?? '', /differ from test\/expected-counts\.json/);
    module.writeReadmeCounts(dir, counts);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    assert.ok(readme.startsWith('intro\n') && readme.endsWith('\nrest\n'), readme);
    assert.ok(readme.includes('product tests (unit + integration + packaged): 17 passed, 0 failed'), readme);
    assert.ok(readme.includes('test-stack self-checks (fixture): 4 passed, 0 failed'), readme);
    assert.ok(readme.includes('total: 21 passed, 0 failed'), readme);
    assert.equal(module.readmeCountsProblem(dir, counts), undefined);
    assert.match(module.readmeCountsProblem(dir, { ...counts, unit: 11 }) ?? '', /differ/);
  });

  it('says so when the README has no counts block', () => {
    fs.writeFileSync(path.join(dir, 'README.md'), 'no block here\n');
    assert.match(
      module.readmeCountsProblem(dir, { unit: 1, fixture: 1, integration: 1, packaged: 1 }) ?? '',
      /no <!-- test-counts:start -->/,
    );
  });
});
