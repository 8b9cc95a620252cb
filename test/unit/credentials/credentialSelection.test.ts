/**
 * The credential selection rule (a selected profile wins over a stored key; automatic = stored key,
 * else the chain), and each profile kind through the real SDK providers against private temp files:
 * credential_process (with AccountId), SSO with a missing or expired login (→ "SSO session expired"),
 * assume role with mfa_serial (the MFA prompt is called with the device; backing out cancels).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  parseCredentialSelection,
  profileForRegion,
  selectionLabel,
  selectionSettingValue,
  sourceFor,
} from '../../../src/credentials/credentialSelection';
import { CredentialsUnavailableError, MfaCancelledError, SsoSessionExpiredError } from '../../../src/credentials/credentialErrors';
import { createCredentialProvider, resolveCredentials, type CredentialSource } from '../../../src/credentials/credentialSource';
import { EcrSessions } from '../../../src/credentials/EcrSessions';
import { awsSandbox, ssoSessionProfileLines, type AwsSandbox } from './awsEnv';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const STORED = { accessKeyId: 'AKIASTOREDSTOREDSTOR', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' };
/** Profile `sso-dev` signing in through the `[sso-session corp]` section; no login is cached unless a test writes one. */
const SSO_SESSION_CONFIG = [...ssoSessionProfileLines('sso-dev'), ''].join('\n');

describe('credential selection (ecrPush.profile)', () => {
  it('parses the setting: empty → automatic, bracketed words → stored key / default chain, else a profile', () => {
    assert.deepEqual(parseCredentialSelection(''), { kind: 'automatic' });
    assert.deepEqual(parseCredentialSelection('  '), { kind: 'automatic' });
    assert.deepEqual(parseCredentialSelection(undefined), { kind: 'automatic' });
    assert.deepEqual(parseCredentialSelection('[stored key]'), { kind: 'storedKey' });
    assert.deepEqual(parseCredentialSelection('[Stored Key]'), { kind: 'storedKey' });
    assert.deepEqual(parseCredentialSelection('[default chain]'), { kind: 'defaultChain' });
    assert.deepEqual(parseCredentialSelection(' dev '), { kind: 'profile', profile: 'dev' });
  });

  it('round-trips through the setting value', () => {
    // The bracketed values are the ones the README and the setting's description give users.
    for (const value of ['', '[stored key]', '[default chain]', 'team-prod']) {
      assert.equal(selectionSettingValue(parseCredentialSelection(value)), value);
    }
  });

  it('a selected profile wins over a stored key', () => {
    assert.deepEqual(sourceFor({ kind: 'profile', profile: 'dev' }, STORED), { kind: 'profile', profile: 'dev' });
  });

  it('automatic: the stored key when set, else the default chain', () => {
    assert.deepEqual(sourceFor({ kind: 'automatic' }, STORED), { kind: 'storedKey', key: STORED });
    assert.deepEqual(sourceFor({ kind: 'automatic' }, undefined), { kind: 'chain' });
  });

  it('default chain ignores a stored key; stored key without one is a clear error', () => {
    assert.deepEqual(sourceFor({ kind: 'defaultChain' }, STORED), { kind: 'chain' });
    assert.deepEqual(sourceFor({ kind: 'storedKey' }, STORED), { kind: 'storedKey', key: STORED });
    assert.throws(
      () => sourceFor({ kind: 'storedKey' }, undefined),
      (error: unknown) => {
        assert.ok(error instanceof CredentialsUnavailableError);
        assert.match(error.message, /selects the stored access key, but no key is stored/);
        return true;
      },
    );
  });

  it('the region comes from the selected profile, else AWS_PROFILE, else default', () => {
    assert.equal(profileForRegion({ kind: 'profile', profile: 'dev' }, { AWS_PROFILE: 'other' }), 'dev');
    assert.equal(profileForRegion({ kind: 'storedKey' }, { AWS_PROFILE: 'other' }), 'other');
    assert.equal(profileForRegion({ kind: 'defaultChain' }, {}), 'default');
  });

  it('labels for the status bar', () => {
    assert.equal(selectionLabel({ kind: 'automatic' }, true), 'stored key (auto)');
    assert.equal(selectionLabel({ kind: 'automatic' }, false), 'default chain (auto)');
    assert.equal(selectionLabel({ kind: 'profile', profile: 'dev' }, true), 'dev');
  });
});

describe('profile kinds through the SDK providers', function () {
  this.timeout(30_000);
  let sandbox: AwsSandbox;
  let savedHome: string | undefined;

  beforeEach(() => {
    sandbox = awsSandbox();
    savedHome = process.env.HOME;
    // The SSO token cache lives under HOME/.aws/sso/cache: keep it inside the sandbox.
    process.env.HOME = sandbox.dir;
  });
  afterEach(() => {
    process.env.HOME = savedHome;
    sandbox.restore();
  });

  const profile = (name: string): CredentialSource => ({ kind: 'profile', profile: name });

  it('credential_process: runs the command and returns its keys and AccountId', async () => {
    const script = path.join(sandbox.dir, 'creds.js');
    fs.writeFileSync(
      script,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: '${KEY_ID}', SecretAccessKey: '${SECRET}', AccountId: '210987654321' }));\n`,
    );
    sandbox.writeConfig(`[profile proc]\ncredential_process = ${process.execPath} ${script}\n`);
    const credentials = await resolveCredentials(await createCredentialProvider(profile('proc')), profile('proc'));
    assert.equal(credentials.accessKeyId, KEY_ID);
    assert.equal(credentials.secretAccessKey, SECRET);
    assert.equal(credentials.accountId, '210987654321');
  });

  it('a selected profile does not fall through to environment keys when it fails', async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    await assert.rejects(resolveCredentials(await createCredentialProvider(profile('absent')), profile('absent')), (error: unknown) => {
      assert.ok(error instanceof CredentialsUnavailableError);
      assert.match(error.message, /^Could not load AWS credentials from AWS profile "absent"/);
      return true;
    });
  });

  it('SSO (sso_session) with no login cached → SsoSessionExpiredError naming the profile', async () => {
    sandbox.writeConfig(SSO_SESSION_CONFIG);
    await assert.rejects(resolveCredentials(await createCredentialProvider(profile('sso-dev')), profile('sso-dev')), (error: unknown) => {
      assert.ok(error instanceof SsoSessionExpiredError, String(error));
      assert.equal(error.profile, 'sso-dev');
      assert.equal(error.message, 'SSO session expired for profile sso-dev.');
      return true;
    });
  });

  it('SSO (sso_session) with an expired cached login → SsoSessionExpiredError', async () => {
    sandbox.writeConfig(SSO_SESSION_CONFIG);
    const cache = path.join(sandbox.dir, '.aws', 'sso', 'cache');
    fs.mkdirSync(cache, { recursive: true });
    const file = path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        accessToken: 'expired-token',
        expiresAt: new Date(Date.now() - 3600_000).toISOString(),
        region: 'eu-west-1',
        startUrl: 'https://corp.awsapps.com/start',
      }),
    );
    await assert.rejects(
      resolveCredentials(await createCredentialProvider(profile('sso-dev')), profile('sso-dev')),
      SsoSessionExpiredError,
    );
  });

  it('legacy SSO (sso_start_url in the profile) with no login cached → SsoSessionExpiredError', async () => {
    sandbox.writeConfig(
      [
        '[profile legacy]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 111122223333',
        'sso_role_name = ReadOnly',
        '',
      ].join('\n'),
    );
    await assert.rejects(resolveCredentials(await createCredentialProvider(profile('legacy')), profile('legacy')), (error: unknown) => {
      assert.ok(error instanceof SsoSessionExpiredError, String(error));
      assert.equal(error.profile, 'legacy');
      return true;
    });
  });

  it('assume role with mfa_serial asks the MFA provider for that device; backing out cancels', async () => {
    sandbox.writeConfig(
      [
        '[profile deploy]',
        'role_arn = arn:aws:iam::111122223333:role/Deploy',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::111122223333:mfa/me',
        '',
      ].join('\n'),
    );
    sandbox.writeCredentials(`[base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
    const asked: string[] = [];
    const provider = await createCredentialProvider(profile('deploy'), {
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        throw new MfaCancelledError();
      },
    });
    await assert.rejects(resolveCredentials(provider, profile('deploy')), MfaCancelledError);
    assert.deepEqual(asked, ['arn:aws:iam::111122223333:mfa/me']);
  });

  it('resolveCredentials turns the SDK’s SSO messages, and nothing else, into SsoSessionExpiredError', async () => {
    /** What resolveCredentials makes of a provider for profile "dev" that fails with `message`. */
    const failureFor = async (message: string): Promise<unknown> =>
      resolveCredentials(async () => {
        throw new Error(message);
      }, profile('dev')).then(
        () => assert.fail('the provider failed, so resolveCredentials must reject'),
        (error: unknown) => error,
      );
    for (const message of [
      "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    ]) {
      const error = await failureFor(message);
      assert.ok(error instanceof SsoSessionExpiredError, `${message} → ${String(error)}`);
      assert.equal(error.profile, 'dev');
    }
    for (const message of ['Could not load credentials from any providers', 'Profile x could not be found']) {
      const error = await failureFor(message);
      assert.ok(error instanceof CredentialsUnavailableError, `${message} → ${String(error)}`);
      assert.ok(!(error instanceof SsoSessionExpiredError), `${message} is not an SSO login problem`);
    }
  });
});

describe('EcrSessions picks the source by the rule', function () {
  this.timeout(30_000);
  let sandbox: AwsSandbox;
  beforeEach(() => {
    sandbox = awsSandbox();
    sandbox.writeCredentials(`[dev]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
  });
  afterEach(() => sandbox.restore());

  const sessions = (profile: string, stored = true) =>
    new EcrSessions(
      async () => (stored ? STORED : undefined),
      () => ({ profile, endpoint: 'http://127.0.0.1:9', useFipsEndpoint: false }),
    );

  it('a named profile is used even with a stored key; the session remembers identity and region', async () => {
    const factory = sessions('dev');
    const session = await factory.open('eu-west-1');
    assert.equal(session.identity, KEY_ID);
    assert.equal(session.sourceDescription, 'AWS profile "dev"');
    assert.equal(factory.lastSession?.region, 'eu-west-1');
    assert.equal(factory.lastSession?.endpoint, 'http://127.0.0.1:9');
  });

  it('automatic uses the stored key; [default chain] does not', async () => {
    assert.equal((await sessions('').open('eu-west-1')).identity, STORED.accessKeyId);
    process.env.AWS_PROFILE = 'dev';
    assert.equal((await sessions('[default chain]').open('eu-west-1')).identity, KEY_ID);
  });

  it('kept credentials never hide a change of source: a rotated stored key and another profile take effect at once', async () => {
    const ROTATED = { accessKeyId: 'AKIAROTATEDROTATEDRO', secretAccessKey: 'Zq8/kXr2Nw5Lp0Vt7Yb3Hc6Jd9Fg1Ms4EXAMPLEKEY' };
    let stored = STORED;
    let profile = '';
    // One factory, one credential cache, as in the extension host: nothing is cleared between the opens.
    const factory = new EcrSessions(
      async () => stored,
      () => ({ profile, endpoint: 'http://127.0.0.1:9', useFipsEndpoint: false }),
    );
    assert.equal((await factory.open('eu-west-1')).identity, STORED.accessKeyId);
    stored = ROTATED;
    const rotated = await factory.open('eu-west-1');
    assert.equal(rotated.identity, ROTATED.accessKeyId);
    assert.equal((await rotated.credentials()).secretAccessKey, ROTATED.secretAccessKey);
    profile = 'dev';
    assert.equal((await factory.open('eu-west-1')).identity, KEY_ID);
  });

  it('kept credentials follow the files: a key rotated in the credentials file, or a new SSO login in any terminal, takes effect at the next use', async () => {
    const ROTATED = { accessKeyId: 'AKIAFILEROTATEDFILERO', secretAccessKey: 'Zq8/kXr2Nw5Lp0Vt7Yb3Hc6Jd9Fg1Ms4EXAMPLEKEY' };
    const runs = path.join(sandbox.dir, 'runs');
    const script = path.join(sandbox.dir, 'proc.js');
    // A credential_process that counts its runs: each run is one resolution of the profile.
    fs.writeFileSync(
      script,
      `require('fs').appendFileSync(${JSON.stringify(runs)}, 'x');` +
        `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(KEY_ID)}, SecretAccessKey: ${JSON.stringify(SECRET)} }));`,
    );
    sandbox.writeConfig(`[profile proc]\ncredential_process = ${process.execPath} ${script}\n`);
    const savedHome = process.env.HOME;
    process.env.HOME = sandbox.dir;
    try {
      let profile = 'dev';
      const factory = new EcrSessions(
        async () => undefined,
        () => ({ profile, endpoint: 'http://127.0.0.1:9', useFipsEndpoint: false }),
      );
      assert.equal((await factory.open('eu-west-1')).identity, KEY_ID);
      sandbox.writeCredentials(`[dev]\naws_access_key_id = ${ROTATED.accessKeyId}\naws_secret_access_key = ${ROTATED.secretAccessKey}\n`);
      assert.equal((await factory.open('eu-west-1')).identity, ROTATED.accessKeyId, 'the key rotated in the file was not seen');

      profile = 'proc';
      await factory.open('eu-west-1');
      await factory.open('eu-west-1');
      assert.equal(fs.readFileSync(runs, 'utf8'), 'x', 'unchanged files: the kept credentials are reused');
      // What `aws sso login` leaves behind: a token file in ~/.aws/sso/cache.
      fs.mkdirSync(path.join(sandbox.dir, '.aws', 'sso', 'cache'), { recursive: true });
      fs.writeFileSync(path.join(sandbox.dir, '.aws', 'sso', 'cache', 'token.json'), '{}');
      await factory.open('eu-west-1');
      assert.equal(fs.readFileSync(runs, 'utf8'), 'xx', 'a new SSO login did not make the source resolve again');
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('an expired SSO login rejects with SsoSessionExpiredError naming the profile', async () => {
    const savedHome = process.env.HOME;
    process.env.HOME = sandbox.dir;
    try {
      sandbox.writeConfig(SSO_SESSION_CONFIG);
      await assert.rejects(sessions('sso-dev').open('eu-west-1'), (error: unknown) => {
        assert.ok(error instanceof SsoSessionExpiredError, String(error));
        assert.equal(error.profile, 'sso-dev');
        assert.match(error.message, /^SSO session expired for profile sso-dev/);
        return true;
      });
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('backing out of the MFA prompt cancels the push', async () => {
    sandbox.writeConfig(
      [
        '[profile deploy]',
        'role_arn = arn:aws:iam::111122223333:role/Deploy',
        'source_profile = dev',
        'mfa_serial = arn:aws:iam::111122223333:mfa/me',
        '',
      ].join('\n'),
    );
    const factory = new EcrSessions(
      async () => undefined,
      () => ({ profile: 'deploy', endpoint: '', useFipsEndpoint: false }),
      async () => {
        throw new MfaCancelledError();
      },
    );
    await assert.rejects(factory.open('eu-west-1'), (error: unknown) => error instanceof MfaCancelledError);
  });
});
