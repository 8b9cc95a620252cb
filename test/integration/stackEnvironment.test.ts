/**
 * The environment the runner hands the extension host reaches it as given: the stand-in credential
 * helpers first on PATH, so docker started from here meets a desktop keychain (see test/fixtures/README.md).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ecrControl, stackInfo } from './support/stack';

const execFileAsync = promisify(execFile);

describe('stack environment in the extension host', () => {
  it('has the stand-in pass and credential helpers first on PATH, so docker login into an empty config picks the pass store', async () => {
    const { credentialHelpers, registry, dockerHost } = stackInfo();
    const dirs = (process.env.PATH ?? '').split(path.delimiter);
    const passAt = dirs.indexOf(credentialHelpers.passDir);
    assert.ok(passAt >= 0 && dirs.indexOf(credentialHelpers.binDir) === passAt + 1, `PATH is ${process.env.PATH}`);
    // Only VS Code's own remote-cli folder may come before them.
    assert.ok(
      dirs.slice(0, passAt).every((dir) => dir.includes('remote-cli')),
      `PATH is ${process.env.PATH}`,
    );

    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-env-'));
    try {
      const login = execFileAsync('docker', ['--config', configDir, 'login', '--username', 'AWS', '--password-stdin', registry.host], {
        env: { ...process.env, DOCKER_HOST: dockerHost },
      });
      login.child.stdin?.end(registry.password);
      await login;
      const config = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { credsStore?: string };
      assert.equal(config.credsStore, 'pass');
      assert.equal((await ecrControl().keychains()).pass[registry.host]?.Secret, registry.password);
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });
});
