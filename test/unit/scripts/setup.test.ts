import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** This file runs from out/test/unit/scripts/; the set-up module is plain ESM in scripts/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

interface DebianPackage {
  name: string;
  probe: string;
  why: string;
}
type DebianPlan = { action: 'none' } | { action: 'install'; say: string; commands: string[][] } | { action: 'stop'; line: string };
interface SetupModule {
  DEBIAN_PACKAGES_FILE: string;
  readDebianPackages(file?: string): DebianPackage[];
  npmInstallReason(repoRoot: string): string | undefined;
  npmCommand(env?: NodeJS.ProcessEnv): string[];
  parseDpkgStatus(output: string): Set<string>;
  probeFound(probe: string, env?: NodeJS.ProcessEnv): boolean;
  debianPlan(facts: { who: string; missing: DebianPackage[]; debian: boolean; root: boolean; passwordlessSudo: boolean }): DebianPlan;
}

describe('scripts/setup.mjs (the set-up of npm test and npm start)', () => {
  let setup: SetupModule;
  before(async () => {
    setup = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'setup.mjs')).href)) as SetupModule;
  });

  const chromium = { name: 'chromium', probe: '/usr/bin/chromium', why: 'the browser' };
  const ripgrep = { name: 'ripgrep', probe: '/usr/bin/rg', why: 'search' };
  const facts = { who: 'npm test', missing: [chromium, ripgrep], debian: true, root: false, passwordlessSudo: false };

  describe('debianPlan', () => {
    it('does nothing when nothing is missing, whoever runs it', () => {
      for (const root of [true, false]) {
        assert.deepStrictEqual(setup.debianPlan({ ...facts, missing: [], root }), { action: 'none' });
      }
    });

    it('as root: apt-get update, then installs exactly the missing packages without recommends', () => {
      const plan = setup.debianPlan({ ...facts, root: true });
      assert.equal(plan.action, 'install');
      assert.deepStrictEqual(plan.action === 'install' && plan.commands, [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'ripgrep'],
      ]);
    });

    it('with password-less sudo: the same commands through sudo -n, non-interactive', () => {
      const plan = setup.debianPlan({ ...facts, passwordlessSudo: true });
      assert.deepStrictEqual(plan.action === 'install' && plan.commands, [
        ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq'],
        [
          'sudo',
          '-n',
          'env',
          'DEBIAN_FRONTEND=noninteractive',
          'apt-get',
          'install',
          '-y',
          '--no-install-recommends',
          'chromium',
          'ripgrep',
        ],
      ]);
    });

    it('neither root nor password-less sudo: stops with one line holding the exact command', () => {
      const plan = setup.debianPlan(facts);
      assert.equal(plan.action, 'stop');
      const line = plan.action === 'stop' ? plan.line : '';
      assert.ok(!line.includes('\n'), line);
      assert.ok(line.startsWith('npm test: '), line);
      assert.ok(
        line.endsWith(': sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium ripgrep'),
        `the line does not end with the command: ${line}`,
      );
    });

    it('not Debian: stops with one line naming each missing file and its Debian package, never runs apt-get', () => {
      for (const root of [true, false]) {
        const plan = setup.debianPlan({ ...facts, debian: false, root, passwordlessSudo: root });
        assert.equal(plan.action, 'stop');
        const line = plan.action === 'stop' ? plan.line : '';
        assert.ok(!line.includes('\n') && !line.includes('apt-get'), line);
        assert.match(line, /\/usr\/bin\/chromium \(Debian: chromium\), \/usr\/bin\/rg \(Debian: ripgrep\)/);
      }
    });
  });

  describe('the package list', () => {
    it('names each package once, with a probe and a reason, and covers what the stack and code-server run', () => {
      const packages = setup.readDebianPackages();
      const names = packages.map((p) => p.name);
      assert.equal(new Set(names).size, names.length, `a package is listed twice: ${names.join(' ')}`);
      for (const p of packages) assert.ok(p.probe && p.why, `${p.name} lacks a probe or a reason`);
      for (const needed of ['docker.io', 'podman', 'docker-registry', 'apache2-utils', 'chromium', 'ripgrep', 'libkrb5-dev', 'awscli']) {
        assert.ok(names.includes(needed), `${needed} is not in ${setup.DEBIAN_PACKAGES_FILE}`);
      }
    });

    it('reads name, probe and reason, and skips comments and blank lines', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-list-'));
      try {
        const file = path.join(dir, 'list.txt');
        fs.writeFileSync(file, '# a comment\n\nhello  /usr/bin/hello   # says hello\r\nsl\n');
        assert.deepStrictEqual(setup.readDebianPackages(file), [
          { name: 'hello', probe: '/usr/bin/hello', why: 'says hello' },
          { name: 'sl', probe: 'sl', why: '' },
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('.ci/run installs through the same set-up, not a list of its own', () => {
      const ci = fs.readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
      assert.match(ci, /^node scripts\/setup\.mjs$/m);
      assert.doesNotMatch(ci, /apt-get install/);
    });
  });

  describe('parseDpkgStatus', () => {
    it('counts installed and held packages, not removed, half-installed or unpacked ones', () => {
      const output = [
        'docker.io\tinstall ok installed',
        'chromium\thold ok installed',
        'ripgrep\tdeinstall ok config-files',
        'awscli\tinstall ok half-installed',
        'python3\tinstall ok unpacked',
        '',
      ].join('\n');
      assert.deepStrictEqual([...setup.parseDpkgStatus(output)], ['docker.io', 'chromium']);
    });
  });

  describe('probeFound', () => {
    it('finds an absolute file, and a command on the given PATH only', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-probe-'));
      try {
        fs.writeFileSync(path.join(dir, 'tool'), '');
        assert.equal(setup.probeFound(path.join(dir, 'tool')), true);
        assert.equal(setup.probeFound(path.join(dir, 'absent')), false);
        assert.equal(setup.probeFound('tool', { PATH: dir }), true);
        assert.equal(setup.probeFound('tool', { PATH: os.tmpdir() }), false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('npmInstallReason', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-npm-'));
      fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A completed install (npm's node_modules/.package-lock.json) and the lock, with their mtimes in seconds. */
    const completedInstall = (lockChangedAt: number, installedAt: number) => {
      const record = path.join(dir, 'node_modules', '.package-lock.json');
      fs.mkdirSync(path.dirname(record));
      fs.writeFileSync(record, '{}');
      fs.utimesSync(record, installedAt, installedAt);
      fs.utimesSync(path.join(dir, 'package-lock.json'), lockChangedAt, lockChangedAt);
    };

    it('a fresh clone: node_modules is missing', () => {
      assert.equal(setup.npmInstallReason(dir), 'node_modules is missing');
    });

    it('an install that was cut short leaves no node_modules/.package-lock.json', () => {
      fs.mkdirSync(path.join(dir, 'node_modules'));
      assert.equal(setup.npmInstallReason(dir), 'node_modules holds no completed npm install');
    });

    it('package-lock.json newer than the completed install (a pull changed it)', () => {
      completedInstall(1_000_060, 1_000_000);
      assert.equal(setup.npmInstallReason(dir), 'node_modules is older than package-lock.json');
    });

    it('an install completed after the lock changed: nothing to do', () => {
      completedInstall(1_000_000, 1_000_060);
      assert.equal(setup.npmInstallReason(dir), undefined);
    });
  });

  describe('npmCommand', () => {
    it('runs the npm that started us under this Node, and plain npm otherwise', () => {
      const cli = '/opt/npm/bin/npm-cli.js';
      assert.deepStrictEqual(setup.npmCommand({ npm_execpath: cli }), [process.execPath, cli]);
      if (process.platform !== 'win32') assert.deepStrictEqual(setup.npmCommand({}), ['npm']);
    });
  });
});
