import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandTagPattern, readGitHead, tagFromRefName, tagSuggestions, toTagPattern } from '../../../src/push/tagSuggestions';
import { parseTagList } from '../../../src/push/validation';

describe('tag suggestions from git', () => {
  it('makes ref names valid tags', () => {
    assert.equal(tagFromRefName('main'), 'main');
    assert.equal(tagFromRefName('feature/Login-Page'), 'feature-Login-Page');
    assert.equal(tagFromRefName('.hidden'), 'hidden');
    assert.equal(tagFromRefName('-x'), 'x');
    assert.equal(tagFromRefName('release/1.4 (rc)'), 'release-1.4-rc');
    assert.equal(tagFromRefName('é/ü'), undefined);
    const long = tagFromRefName(`b/${'x'.repeat(300)}`) ?? '';
    assert.equal(long.length, 128);
    for (const name of ['feature/Login-Page', '.hidden', 'release/1.4 (rc)', `b/${'x'.repeat(300)}`]) {
      assert.ok('tags' in parseTagList(tagFromRefName(name)!), `${name} gives a valid tag`);
    }
  });

  it('suggests the short commit, the branch and latest', () => {
    assert.deepEqual(tagSuggestions({ commit: 'abc1234', branch: 'feature/x' }), [
      { tag: 'abc1234', why: 'short commit of HEAD' },
      { tag: 'feature-x', why: 'branch feature/x' },
      { tag: 'latest', why: 'the usual moving tag' },
    ]);
    assert.deepEqual(
      tagSuggestions({}).map((s) => s.tag),
      ['latest'],
    );
    assert.deepEqual(
      tagSuggestions({ commit: 'abc1234', branch: 'latest' }).map((s) => s.tag),
      ['abc1234', 'latest'],
    );
  });

  it('remembers commit and branch tags as placeholders and fills them with the HEAD of later', () => {
    const pattern = toTagPattern(['abc1234', 'main', 'stable'], { commit: 'abc1234', branch: 'main' });
    assert.deepEqual(pattern, ['{commit}', '{branch}', 'stable']);
    assert.deepEqual(expandTagPattern(pattern, { commit: 'def5678', branch: 'release/2' }), ['def5678', 'release-2', 'stable']);
    assert.deepEqual(expandTagPattern(['{commit}'], {}), ['latest'], 'no git any more: latest');
    assert.deepEqual(expandTagPattern(['{commit}', '{branch}'], { commit: 'x1', branch: 'x1' }), ['x1'], 'no duplicate tags');
  });

  describe('readGitHead with the real git CLI', function () {
    this.timeout(20_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'githead-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }).trim();

    it('reads the short commit and the branch, from a subfolder too', async () => {
      git('init', '-q', '-b', 'feature/build');
      fs.mkdirSync(path.join(dir, 'app'));
      fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'one');
      const head = await readGitHead(path.join(dir, 'app'));
      assert.deepEqual(head, { commit: git('rev-parse', '--short', 'HEAD'), branch: 'feature/build' });
    });

    it('leaves the branch out on a detached HEAD, and everything outside a repository', async () => {
      git('init', '-q');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'one');
      git('checkout', '-q', '--detach');
      assert.deepEqual(Object.keys(await readGitHead(dir)), ['commit']);
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'nogit-'));
      try {
        assert.deepEqual(await readGitHead(outside, { git: 'git' }), {});
        assert.deepEqual(await readGitHead(outside, { git: path.join(outside, 'no-such-git') }), {}, 'no git installed');
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
});
