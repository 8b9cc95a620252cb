/**
 * Profile listing from private temp AWS files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): every
 * kind is recognised, both files are merged as the SDK merges them, and malformed or unreadable files
 * give problems instead of errors. No secret is copied into a description.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listProfiles } from '../../../src/credentials/profiles';
import { awsSandbox, ssoSessionProfileLines, type AwsSandbox } from './awsEnv';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('listProfiles', function () {
  this.timeout(20_000);
  let sandbox: AwsSandbox;

  beforeEach(() => {
    sandbox = awsSandbox();
  });
  afterEach(() => sandbox.restore());

  it('reads files written on Windows (CRLF) from a folder with spaces and a non-ASCII user name, profile names as the SDK reads them', async () => {
    const dir = path.join(sandbox.dir, 'Users', 'Zoë Müller', '.aws');
    fs.mkdirSync(dir, { recursive: true });
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    fs.writeFileSync(
      process.env.AWS_CONFIG_FILE,
      ['[profile team-eu]', 'region = eu-west-3', ...ssoSessionProfileLines('sso-crlf'), ''].join('\r\n'),
    );
    fs.writeFileSync(
      process.env.AWS_SHARED_CREDENTIALS_FILE,
      ['[team-eu]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, ''].join('\r\n'),
    );
    const { profiles, problems } = await listProfiles();
    assert.deepEqual(problems, []);
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.equal(byName['team-eu']?.kind, 'static');
    assert.equal(byName['team-eu']?.region, 'eu-west-3');
    assert.equal(byName['sso-crlf']?.kind, 'sso');
    assert.ok(!JSON.stringify(profiles).includes('\r'), 'no \\r left in any name, region or description');
  });

  it('reads the files the environment names and classifies each kind', async () => {
    sandbox.writeConfig(
      [
        '[default]',
        'region = eu-west-1',
        '[profile deploy]',
        'role_arn = arn:aws:iam::111122223333:role/Deploy',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::111122223333:mfa/me',
        '[profile ci-role]',
        'role_arn = arn:aws:iam::111122223333:role/Ci',
        'credential_source = Environment',
        '[profile sso-new]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Admin',
        'region = us-west-2',
        '[profile sso-legacy]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 444455556666',
        'sso_role_name = ReadOnly',
        '[profile proc]',
        'credential_process = /usr/local/bin/get-creds --json',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = eu-west-1',
        '',
      ].join('\n'),
    );
    sandbox.writeCredentials(['[base]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, ''].join('\n'));

    const listing = await listProfiles();
    assert.equal(listing.configFile, sandbox.configFile);
    assert.equal(listing.credentialsFile, sandbox.credentialsFile);
    assert.deepEqual(listing.problems, []);
    const byName = Object.fromEntries(listing.profiles.map((p) => [p.name, p]));
    assert.deepEqual(
      listing.profiles.map((p) => p.name),
      ['default', 'base', 'ci-role', 'deploy', 'proc', 'sso-legacy', 'sso-new'],
      'default first, then by name',
    );
    assert.equal(byName.default.kind, 'regionOnly');
    assert.equal(byName.default.region, 'eu-west-1');
    assert.equal(byName.base.kind, 'static');
    assert.deepEqual(byName.base.files, ['credentials']);
    assert.equal(byName.deploy.kind, 'assumeRole');
    assert.equal(byName.deploy.mfaSerial, 'arn:aws:iam::111122223333:mfa/me');
    assert.equal(byName.deploy.description, 'assume role arn:aws:iam::111122223333:role/Deploy via base (MFA)');
    assert.equal(byName['ci-role'].kind, 'assumeRole');
    assert.match(byName['ci-role'].description, /via Environment$/);
    assert.equal(byName['sso-new'].kind, 'sso');
    assert.equal(byName['sso-new'].ssoSession, 'corp');
    assert.equal(byName['sso-new'].description, 'SSO corp · 111122223333 / Admin');
    assert.equal(byName['sso-new'].region, 'us-west-2');
    assert.equal(byName['sso-legacy'].kind, 'sso');
    assert.equal(byName['sso-legacy'].ssoSession, undefined);
    assert.equal(byName['sso-legacy'].description, 'SSO (legacy) · 444455556666 / ReadOnly');
    assert.equal(byName.proc.kind, 'process');
    for (const profile of listing.profiles) {
      assert.ok(!JSON.stringify(profile).includes(SECRET), `${profile.name} holds no secret`);
      assert.ok(!JSON.stringify(profile).includes(KEY_ID), `${profile.name} holds no key id`);
    }
  });

  it('merges a profile present in both files; the credentials file wins a key set twice', async () => {
    sandbox.writeConfig('[profile both]\nregion = ap-south-1\naws_access_key_id = AKIACONFIGCONFIGCONF\n');
    sandbox.writeCredentials(`[both]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`);
    const { profiles } = await listProfiles();
    assert.equal(profiles.length, 1);
    assert.deepEqual(profiles[0].files, ['config', 'credentials']);
    assert.equal(profiles[0].kind, 'static');
    assert.equal(profiles[0].region, 'ap-south-1');
  });

  it('flags incomplete profiles with the reason', async () => {
    sandbox.writeConfig(
      [
        '[profile lonely-role]',
        'role_arn = arn:aws:iam::111122223333:role/X',
        '[profile missing-session]',
        'sso_session = nowhere',
        'sso_account_id = 111122223333',
        'sso_role_name = Admin',
        '[profile half-sso]',
        'sso_start_url = https://x.awsapps.com/start',
        '',
      ].join('\n'),
    );
    sandbox.writeCredentials(`[half]\naws_access_key_id = ${KEY_ID}\n`);
    const byName = Object.fromEntries((await listProfiles()).profiles.map((p) => [p.name, p]));
    assert.equal(byName['lonely-role'].kind, 'incomplete');
    assert.match(byName['lonely-role'].problem ?? '', /role_arn but neither source_profile nor credential_source/);
    assert.equal(byName['missing-session'].kind, 'incomplete');
    assert.match(byName['missing-session'].problem ?? '', /no \[sso-session nowhere\] section/);
    assert.equal(byName['half-sso'].kind, 'incomplete');
    assert.match(byName['half-sso'].problem ?? '', /lacks sso_account_id or sso_role_name/);
    assert.equal(byName.half.kind, 'incomplete');
    assert.match(byName.half.problem ?? '', /only one of aws_access_key_id and aws_secret_access_key/);
  });

  it('reports malformed lines and config sections without the profile prefix, and still lists the good profiles', async () => {
    sandbox.writeConfig(
      ['[profile ok]', 'region = eu-west-1', 'this line is junk', '[forgot-prefix]', 'region = us-east-1', '[profile broken', ''].join(
        '\n',
      ),
    );
    const listing = await listProfiles();
    assert.deepEqual(
      listing.profiles.map((p) => p.name),
      ['ok'],
    );
    assert.equal(listing.problems.length, 3, listing.problems.join('\n'));
    assert.match(listing.problems[0], /line 3: not a "key = value" line/);
    assert.match(listing.problems[1], /line 4: \[forgot-prefix\] is ignored in the config file; write \[profile forgot-prefix\]/);
    assert.match(listing.problems[2], /line 6: a section header must end with "\]"/);
  });

  it('missing files are no problem; an unreadable one (a folder) is reported', async () => {
    fs.rmSync(sandbox.configFile);
    fs.rmSync(sandbox.credentialsFile);
    fs.mkdirSync(sandbox.credentialsFile);
    const listing = await listProfiles();
    assert.deepEqual(listing.profiles, []);
    assert.equal(listing.problems.length, 1);
    assert.match(listing.problems[0], /credentials file .* could not be read \(EISDIR\)/);
  });

  it('sees a profile added after the first listing (no stale cache)', async () => {
    assert.deepEqual((await listProfiles()).profiles, []);
    sandbox.writeConfig('[profile later]\nregion = eu-south-2\n');
    assert.deepEqual(
      (await listProfiles()).profiles.map((p) => p.name),
      ['later'],
    );
  });
});

describe('listProfiles: where the files are', function () {
  this.timeout(20_000);
  let sandbox: AwsSandbox;
  beforeEach(() => {
    sandbox = awsSandbox();
  });
  afterEach(() => sandbox.restore());

  /** Writes a profile named `name` into `<home>/.aws/config`. */
  function writeHomeConfig(home: string, name: string): void {
    fs.mkdirSync(path.join(home, '.aws'), { recursive: true });
    fs.writeFileSync(path.join(home, '.aws', 'config'), `[profile ${name}]\nregion = eu-west-1\n`);
  }

  it('follows AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE over HOME/.aws', async () => {
    const home = path.join(sandbox.dir, 'home');
    writeHomeConfig(home, 'from-home');
    sandbox.writeConfig('[profile from-env]\nregion = eu-west-1\n');
    const listing = await listProfiles({
      AWS_CONFIG_FILE: sandbox.configFile,
      AWS_SHARED_CREDENTIALS_FILE: sandbox.credentialsFile,
      HOME: home,
    });
    assert.equal(listing.configFile, sandbox.configFile);
    assert.equal(listing.credentialsFile, sandbox.credentialsFile);
    assert.deepEqual(
      listing.profiles.map((p) => p.name),
      ['from-env'],
    );
  });

  it('else reads HOME/.aws, or USERPROFILE/.aws where there is no HOME (Windows)', async () => {
    for (const variable of ['HOME', 'USERPROFILE']) {
      const home = path.join(sandbox.dir, variable);
      writeHomeConfig(home, `in-${variable}`);
      const listing = await listProfiles({ [variable]: home });
      assert.equal(listing.configFile, path.join(home, '.aws', 'config'));
      assert.equal(listing.credentialsFile, path.join(home, '.aws', 'credentials'));
      assert.deepEqual(
        listing.profiles.map((p) => p.name),
        [`in-${variable}`],
      );
      assert.deepEqual(listing.problems, [], 'a missing credentials file is no problem');
    }
  });

  it('recognises a web identity role and a session-token key pair', async () => {
    sandbox.writeConfig('[profile w]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /t\n');
    sandbox.writeCredentials('[s]\naws_access_key_id = a\naws_secret_access_key = b\naws_session_token = c\n');
    const byName = Object.fromEntries((await listProfiles()).profiles.map((p) => [p.name, p]));
    assert.equal(byName.w.kind, 'webIdentity');
    assert.equal(byName.s.description, 'static keys with session token');
  });

  it('reports no problem for comments, blank lines, sub-sections and sso-session/services sections', async () => {
    sandbox.writeConfig('# c\n; c\n[profile a]\ns3 =\n  max_concurrent_requests = 10\n[sso-session x]\n[services y]\n');
    sandbox.writeCredentials('[plain]\nk = v\n');
    const listing = await listProfiles();
    assert.deepEqual(listing.problems, [], 'sections need no prefix in the credentials file');
    assert.deepEqual(
      listing.profiles.map((p) => p.name),
      ['a', 'plain'],
    );
  });
});
