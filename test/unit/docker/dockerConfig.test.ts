import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  hasLogin,
  preparePrivateDockerConfig,
  privateDockerConfigDir,
  removeAllLogins,
  userDockerConfigDir,
  usesEcrLoginHelper,
} from '../../../src/docker/dockerConfig';

const HOST = '127.0.0.1:5055';

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
      assert.strictEqual(userDockerConfigDir({ HOME: '/home/u' }, 'linux'), '/home/u/.docker');
    });

    it('on Windows takes USERPROFILE, as docker does, even when Git Bash has set a HOME', () => {
      const env = { USERPROFILE: 'C:\\Users\\Zoë Müller', HOME: '/c/Users/zoe' };
      assert.strictEqual(userDockerConfigDir(env, 'win32'), 'C:\\Users\\Zoë Müller\\.docker');
      assert.strictEqual(userDockerConfigDir({ ...env, DOCKER_CONFIG: 'D:\\docker cfg' }, 'win32'), 'D:\\docker cfg');
    });

    it('on macOS and Linux takes HOME, and ignores a USERPROFILE', () => {
      const env = { HOME: '/Users/zoë müller', USERPROFILE: 'C:\\Users\\x' };
      assert.strictEqual(userDockerConfigDir(env, 'darwin'), '/Users/zoë müller/.docker');
      assert.strictEqual(userDockerConfigDir(env, 'linux'), '/Users/zoë müller/.docker');
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
      preparePrivateDockerConfig(priv, HOST, user);
      assert.deepStrictEqual(readPrivate(), {
        auths: { [HOST]: {} },
        proxies: userConfig.proxies,
        currentContext: 'colima',
        experimental: 'enabled',
      });
      if (process.platform !== 'win32') {
        assert.strictEqual(fs.statSync(path.join(priv, 'config.json')).mode & 0o777, 0o600);
      }
      // The user's file is only read.
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(user, 'config.json'), 'utf8')), userConfig);
    });

    it("lists the user's plugin folders, so docker --config <private> still finds buildx", () => {
      fs.mkdirSync(path.join(user, 'cli-plugins'));
      writeUser({ cliPluginsExtraDirs: ['/opt/homebrew/lib/docker/cli-plugins', 7] });
      preparePrivateDockerConfig(priv, HOST, user);
      assert.deepStrictEqual(readPrivate().cliPluginsExtraDirs, [path.join(user, 'cli-plugins'), '/opt/homebrew/lib/docker/cli-plugins']);
    });

    it("keeps the private folder's own logins and drops credential helpers found there", () => {
      fs.mkdirSync(priv, { recursive: true });
      fs.writeFileSync(
        path.join(priv, 'config.json'),
        JSON.stringify({ auths: { '127.0.0.1:5055': { auth: 'QVdTOng=' } }, credsStore: 'desktop', proxies: { old: {} } }),
      );
      writeUser({ proxies: { default: { httpsProxy: 'http://p:1' } } });
      preparePrivateDockerConfig(priv, HOST, user);
      assert.deepStrictEqual(readPrivate(), {
        auths: { '127.0.0.1:5055': { auth: 'QVdTOng=' } },
        proxies: { default: { httpsProxy: 'http://p:1' } },
      });
    });

    it('works with no user config, or an unreadable one', () => {
      preparePrivateDockerConfig(priv, HOST, path.join(dir, 'missing'));
      assert.deepStrictEqual(readPrivate(), { auths: { [HOST]: {} } });
      fs.writeFileSync(path.join(user, 'config.json'), '{ not json');
      preparePrivateDockerConfig(priv, HOST, user);
      assert.deepStrictEqual(readPrivate(), { auths: { [HOST]: {} } });
    });

    it("makes the user's contexts reachable so currentContext resolves", () => {
      fs.mkdirSync(path.join(user, 'contexts', 'meta', 'abc'), { recursive: true });
      fs.writeFileSync(path.join(user, 'contexts', 'meta', 'abc', 'meta.json'), '{"Name":"colima"}');
      writeUser({ currentContext: 'colima' });
      preparePrivateDockerConfig(priv, HOST, user);
      preparePrivateDockerConfig(priv, HOST, user); // idempotent
      assert.strictEqual(fs.readFileSync(path.join(priv, 'contexts', 'meta', 'abc', 'meta.json'), 'utf8'), '{"Name":"colima"}');
    });

    it("refuses to use the user's own folder", () => {
      assert.throws(() => preparePrivateDockerConfig(user, HOST, user), /must not be the user's own/);
    });

    it('always holds an auths entry for the host, so docker never picks a platform credential store', () => {
      // docker/cli detects osxkeychain, wincred, pass or secretservice only for a config with no auths,
      // credsStore or credHelpers; the stand-in helpers of the integration stack show it for real.
      preparePrivateDockerConfig(priv, HOST, user);
      const config = readPrivate();
      assert.ok(Object.keys(config.auths as object).length > 0);
      assert.equal(config.credsStore, undefined);
      assert.equal(config.credHelpers, undefined);
    });

    it('enforces 0700 on the folder and 0600 on the file, also when they already existed wider', function () {
      if (process.platform === 'win32') this.skip();
      fs.mkdirSync(priv, { recursive: true, mode: 0o777 });
      fs.chmodSync(priv, 0o777);
      fs.writeFileSync(path.join(priv, 'config.json'), '{}', { mode: 0o666 });
      fs.chmodSync(path.join(priv, 'config.json'), 0o666);
      preparePrivateDockerConfig(priv, HOST, user);
      assert.strictEqual(fs.statSync(priv).mode & 0o777, 0o700);
      assert.strictEqual(fs.statSync(path.join(priv, 'config.json')).mode & 0o777, 0o600);
    });
  });

  describe('privateDockerConfigDir', () => {
    it('gives each identity and registry a folder of its own under the root, the same one every time', () => {
      const root = path.join(dir, 'root');
      const a = privateDockerConfigDir(root, 'profile dev|127.0.0.1:5055');
      assert.equal(path.dirname(a), root);
      assert.equal(privateDockerConfigDir(root, 'profile dev|127.0.0.1:5055'), a);
      assert.notEqual(privateDockerConfigDir(root, 'profile prod|127.0.0.1:5055'), a);
    });
  });

  describe('hasLogin and removeAllLogins', () => {
    const login = { username: 'AWS', password: 'registry-password' };
    const auth = Buffer.from('AWS:registry-password').toString('base64');

    it('hasLogin is true only for exactly this login on disk', () => {
      preparePrivateDockerConfig(priv, HOST, user);
      assert.equal(hasLogin(priv, HOST, login), false, 'the empty placeholder is no login');
      fs.writeFileSync(path.join(priv, 'config.json'), JSON.stringify({ auths: { [HOST]: { auth } } }));
      assert.equal(hasLogin(priv, HOST, login), true);
      assert.equal(hasLogin(priv, HOST, { ...login, password: 'another-window-token' }), false);
      assert.equal(hasLogin(priv, 'other:5000', login), false);
    });

    it('removeAllLogins empties every folder under the root and the legacy root config, keeping settings', () => {
      const root = path.join(dir, 'root');
      const one = privateDockerConfigDir(root, 'a');
      const two = privateDockerConfigDir(root, 'b');
      for (const folder of [one, two]) {
        preparePrivateDockerConfig(folder, HOST, user);
        fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ auths: { [HOST]: { auth } }, proxies: { p: 1 } }));
      }
      fs.writeFileSync(path.join(root, 'config.json'), JSON.stringify({ auths: { 'x.example': { auth } } }));
      assert.equal(removeAllLogins(root), 3);
      for (const folder of [root, one, two]) {
        const text = fs.readFileSync(path.join(folder, 'config.json'), 'utf8');
        assert.ok(!text.includes(auth), `${folder} still holds the login`);
      }
      assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(one, 'config.json'), 'utf8')), { auths: {}, proxies: { p: 1 } });
      assert.equal(removeAllLogins(path.join(dir, 'absent')), 0);
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
