/**
 * Where credentials come from: a stored key is handed back as is; the chain reads a named profile from
 * private temp AWS files; when nothing yields credentials the error names the source and holds no secret.
 */
import * as assert from 'node:assert/strict';
import { CredentialsUnavailableError } from '../../../src/credentials/credentialErrors';
import { createCredentialProvider, resolveCredentials, type CredentialSource } from '../../../src/credentials/credentialSource';
import { awsSandbox, type AwsSandbox } from './awsEnv';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const OTHER_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';

describe('createCredentialProvider', function () {
  // The SDK's chain is loaded on first use.
  this.timeout(20_000);

  let sandbox: AwsSandbox;

  beforeEach(() => {
    sandbox = awsSandbox();
  });

  afterEach(() => sandbox.restore());

  it('a stored key provider returns that key, session token included', async () => {
    const source: CredentialSource = {
      kind: 'storedKey',
      key: { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: 'token-value' },
    };
    const provider = await createCredentialProvider(source);
    const credentials = await resolveCredentials(provider, source);
    assert.deepEqual(credentials, { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, sessionToken: 'token-value' });
  });

  it('a stored key wins over keys in the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAENVENVENVENVENVE';
    process.env.AWS_SECRET_ACCESS_KEY = OTHER_SECRET;
    const source: CredentialSource = { kind: 'storedKey', key: { accessKeyId: KEY_ID, secretAccessKey: SECRET } };
    const credentials = await (await createCredentialProvider(source))();
    assert.equal(credentials.accessKeyId, KEY_ID);
    assert.equal(credentials.secretAccessKey, SECRET);
  });

  it('the chain with a profile returns that profile’s static keys from AWS_SHARED_CREDENTIALS_FILE', async () => {
    sandbox.writeCredentials(
      [
        '[default]',
        'aws_access_key_id = AKIADEFAULTDEFAULT22',
        `aws_secret_access_key = ${OTHER_SECRET}`,
        '',
        '[deploy]',
        `aws_access_key_id = ${KEY_ID}`,
        `aws_secret_access_key = ${SECRET}`,
        '',
      ].join('\n'),
    );
    const source: CredentialSource = { kind: 'chain', profile: 'deploy' };
    const credentials = await resolveCredentials(await createCredentialProvider(source), source);
    assert.equal(credentials.accessKeyId, KEY_ID);
    assert.equal(credentials.secretAccessKey, SECRET);
  });

  it('the chain with a profile defined only in AWS_CONFIG_FILE returns its keys', async () => {
    sandbox.writeConfig(
      [
        '[profile cfg]',
        `aws_access_key_id = ${KEY_ID}`,
        `aws_secret_access_key = ${SECRET}`,
        'aws_session_token = cfg-session',
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    const source: CredentialSource = { kind: 'chain', profile: 'cfg' };
    const credentials = await resolveCredentials(await createCredentialProvider(source), source);
    assert.equal(credentials.accessKeyId, KEY_ID);
    assert.equal(credentials.secretAccessKey, SECRET);
    assert.equal(credentials.sessionToken, 'cfg-session');
  });

  it('the chain without a profile uses the default profile', async () => {
    sandbox.writeCredentials(['[default]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, ''].join('\n'));
    const source: CredentialSource = { kind: 'chain' };
    const credentials = await resolveCredentials(await createCredentialProvider(source), source);
    assert.equal(credentials.accessKeyId, KEY_ID);
  });

  it('a new provider sees a key rotated in the file (the chain is created anew each time)', async () => {
    sandbox.writeCredentials(['[rot]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, ''].join('\n'));
    const source: CredentialSource = { kind: 'chain', profile: 'rot' };
    assert.equal((await (await createCredentialProvider(source))()).accessKeyId, KEY_ID);
    sandbox.writeCredentials(
      ['[rot]', 'aws_access_key_id = AKIAROTATEDROTATED22', `aws_secret_access_key = ${OTHER_SECRET}`, ''].join('\n'),
    );
    assert.equal((await (await createCredentialProvider(source))()).accessKeyId, 'AKIAROTATEDROTATED22');
  });

  it('a missing profile → CredentialsUnavailableError naming the profile, with no secret in it', async () => {
    sandbox.writeCredentials(['[deploy]', `aws_access_key_id = ${KEY_ID}`, `aws_secret_access_key = ${SECRET}`, ''].join('\n'));
    const source: CredentialSource = { kind: 'chain', profile: 'does-not-exist' };
    const provider = await createCredentialProvider(source);
    await assert.rejects(resolveCredentials(provider, source), (error: unknown) => {
      assert.ok(error instanceof CredentialsUnavailableError, `expected CredentialsUnavailableError, got ${String(error)}`);
      assert.equal(error.name, 'CredentialsUnavailableError');
      assert.match(error.message, /^Could not load AWS credentials from AWS profile "does-not-exist"/);
      assert.ok(!error.message.includes(SECRET));
      assert.ok(!error.message.includes(KEY_ID));
      assert.ok(!error.message.includes('\n'), 'one line for a notification');
      assert.ok(error.cause, 'the SDK error is kept as the cause for the log');
      return true;
    });
  });

  it('an empty chain → CredentialsUnavailableError naming the default chain', async () => {
    const source: CredentialSource = { kind: 'chain' };
    await assert.rejects(resolveCredentials(await createCredentialProvider(source), source), (error: unknown) => {
      assert.ok(error instanceof CredentialsUnavailableError);
      assert.match(
        error.message,
        /^Could not load AWS credentials from the AWS default credential chain \(environment, ~\/\.aws\/credentials and config, SSO, instance role\)/,
      );
      return true;
    });
  });

  it('a failing stored-key provider → CredentialsUnavailableError naming the stored key, not echoing it', async () => {
    const source: CredentialSource = { kind: 'storedKey', key: { accessKeyId: KEY_ID, secretAccessKey: SECRET } };
    const failing = async (): Promise<never> => {
      throw new Error('decryption failed\nsecond line with detail');
    };
    await assert.rejects(resolveCredentials(failing, source), (error: unknown) => {
      assert.ok(error instanceof CredentialsUnavailableError);
      assert.equal(error.message, 'Could not load AWS credentials from the access key stored in VS Code (decryption failed).');
      assert.ok(!error.message.includes(SECRET));
      return true;
    });
  });
});
