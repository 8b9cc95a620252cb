import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { preparePrivateDockerConfig, userDockerConfigDir, usesEcrLoginHelper } from '../../../src/docker/dockerConfig';

describe('docker config', () => {
  let dir: string;
  let user: string;
  let priv: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerconfig-'));
    user = path.join(dir, 'user');
    priv = path.join(dir, 'private', 'docker-config');
    fs.mkdirSync(user);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const writeUser = (config: object) => fs.writeFileSync(path.join(user, 'config.json'), JSON.stringify(config));
  const readPrivate = () => JSON.parse(fs.readFileSync(path.join(priv, 'config.json'), 'utf8')) as Record<string, unknown>;

  describe('userDockerConfigDir', () => {
    it('uses DOCKER_CONFIG, else ~/.docker', () => {
      assert.strictEqual(userDockerConfigDir({ DOCKER_CONFIG: '/x/cfg', HOME: '/home/u' }), '/x/cfg');
      assert.strictEqual(userDockerConfigDir({ HOME: '/home/u' }), path.join('/home/u', '.docker'));
    });
  });

  describe('preparePrivateDockerConfig', () => {
    const userConfig = {
      auths: { 'ghcr.io': { auth: 'dXNlcjpwYXNz' } },
      credsStore: 'desktop',
      credHelpers: { '123456789012.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
      HttpHeaders: { 'X-Token': 'secret' },
      proxies: { default: { httpProxy: 'http://proxy:3128', noProxy: 'localhost' } },
      currentContext: 'colima',
      experimental: 'enabled',
      psFormat: 'table {{.ID}}',
    };

    it('copies only proxies, currentContext and experimental, never credentials', () => {
      writeUser(userConfig);
      preparePrivateDockerConfig(priv, user);
      assert.deepStrictEqual(readPrivate(), { proxies: userConfig.proxies, currentContext: 'colima', experimental: 'enabled' });
      if (process.platform !== 'win32') {
        assert.strictEqual(fs.statSync(path.join(priv, 'config.json')).mode & 0o777, 0o600);
      }
      // The user's file is only read.
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(user, 'config.json'), 'utf8')), userConfig);
    });

    it("keeps the private folder's own logins and drops credential helpers found there", () => {
      fs.mkdirSync(priv, { recursive: true });
      fs.writeFileSync(
        path.join(priv, 'config.json'),
        JSON.stringify({ auths: { '127.0.0.1:5055': { auth: 'QVdTOng=' } }, credsStore: 'desktop', proxies: { old: {} } }),
      );
      writeUser({ proxies: { default: { httpsProxy: 'http://p:1' } } });
      preparePrivateDockerConfig(priv, user);
      assert.deepStrictEqual(readPrivate(), {
        auths: { '127.0.0.1:5055': { auth: 'QVdTOng=' } },
        proxies: { default: { httpsProxy: 'http://p:1' } },
      });
    });

    it('works with no user config, or an unreadable one', () => {
      preparePrivateDockerConfig(priv, path.join(dir, 'missing'));
      assert.deepStrictEqual(readPrivate(), {});
      fs.writeFileSync(path.join(user, 'config.json'), '{ not json');
      preparePrivateDockerConfig(priv, user);
      assert.deepStrictEqual(readPrivate(), {});
    });

    it("makes the user's contexts reachable so currentContext resolves", () => {
      fs.mkdirSync(path.join(user, 'contexts', 'meta', 'abc'), { recursive: true });
      fs.writeFileSync(path.join(user, 'contexts', 'meta', 'abc', 'meta.json'), '{"Name":"colima"}');
      writeUser({ currentContext: 'colima' });
      preparePrivateDockerConfig(priv, user);
      preparePrivateDockerConfig(priv, user); // idempotent
      assert.strictEqual(fs.readFileSync(path.join(priv, 'contexts', 'meta', 'abc', 'meta.json'), 'utf8'), '{"Name":"colima"}');
    });

    it("refuses to use the user's own folder", () => {
      assert.throws(() => preparePrivateDockerConfig(user, user), /must not be the user's own/);
    });
  });

  describe('usesEcrLoginHelper', () => {
    const host = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

    it('is true for a per-host ecr-login helper (with or without scheme)', () => {
      writeUser({ credHelpers: { [host]: 'ecr-login' } });
      assert.strictEqual(usesEcrLoginHelper(host, user), true);
      assert.strictEqual(usesEcrLoginHelper(`https://${host}`, user), true);
      assert.strictEqual(usesEcrLoginHelper('other.example', user), false);
    });

    it('is true for credsStore ecr-login unless a per-host helper overrides it', () => {
      writeUser({ credsStore: 'ecr-login', credHelpers: { [host]: 'desktop' } });
      assert.strictEqual(usesEcrLoginHelper(host, user), false);
      assert.strictEqual(usesEcrLoginHelper('999999999999.dkr.ecr.eu-west-1.amazonaws.com', user), true);
    });

    it('is false with no config or other helpers', () => {
      assert.strictEqual(usesEcrLoginHelper(host, path.join(dir, 'missing')), false);
      writeUser({ credsStore: 'desktop' });
      assert.strictEqual(usesEcrLoginHelper(host, user), false);
    });
  });
});
