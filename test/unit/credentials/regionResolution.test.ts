/**
 * The default region, in order: the ecrPush.region setting, the profile's region in a private temp
 * AWS config (AWS_CONFIG_FILE), AWS_REGION, AWS_DEFAULT_REGION, else nothing.
 */
import * as assert from 'node:assert/strict';
import { RegionResolver, type RegionSource } from '../../../src/credentials/regionResolution';
import { awsSandbox, type AwsSandbox } from './awsEnv';

/** The region in effect for these settings (ecrPush.region as `setting`, ecrPush.profile) and environment. */
function currentRegion(options: { setting: string; profile: string; env: NodeJS.ProcessEnv }): Promise<RegionSource | undefined> {
  return new RegionResolver(() => ({ region: options.setting, profile: options.profile }), options.env).current();
}

describe('RegionResolver.current', () => {
  let sandbox: AwsSandbox;

  beforeEach(() => {
    sandbox = awsSandbox();
    sandbox.writeConfig(
      [
        '[default]',
        'region = eu-west-1',
        '',
        '[profile dev]',
        'region = ap-southeast-2',
        '',
        '[profile noregion]',
        'output = json',
        '',
      ].join('\n'),
    );
  });

  afterEach(() => sandbox.restore());

  it('takes the setting first, over profile and environment', async () => {
    const result = await currentRegion({
      setting: 'us-west-2',
      profile: 'dev',
      env: { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'sa-east-1' },
    });
    assert.deepEqual(result, { region: 'us-west-2', from: 'the ecrPush.region setting' });
  });

  it('then the named profile’s region from the AWS config file', async () => {
    const result = await currentRegion({ setting: '', profile: 'dev', env: { AWS_REGION: 'eu-north-1' } });
    assert.deepEqual(result, { region: 'ap-southeast-2', from: 'AWS profile "dev"' });
  });

  it('uses AWS_PROFILE from the environment when no profile is set', async () => {
    const result = await currentRegion({ setting: '', profile: '', env: { AWS_PROFILE: 'dev' } });
    assert.deepEqual(result, { region: 'ap-southeast-2', from: 'AWS profile "dev"' });
  });

  it('uses the default profile when neither names one', async () => {
    const result = await currentRegion({ setting: '', profile: '', env: {} });
    assert.deepEqual(result, { region: 'eu-west-1', from: 'AWS profile "default"' });
  });

  it('reads a region written in the credentials file when the config file has none', async () => {
    sandbox.writeConfig('');
    sandbox.writeCredentials(
      '[ci]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = ca-central-1\n',
    );
    const result = await currentRegion({ setting: '', profile: 'ci', env: {} });
    assert.deepEqual(result, { region: 'ca-central-1', from: 'AWS profile "ci"' });
  });

  it('then AWS_REGION when the profile has no region', async () => {
    const result = await currentRegion({
      setting: '',
      profile: 'noregion',
      env: { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'sa-east-1' },
    });
    assert.deepEqual(result, { region: 'eu-north-1', from: 'AWS_REGION' });
  });

  it('then AWS_DEFAULT_REGION', async () => {
    const result = await currentRegion({ setting: '', profile: 'noregion', env: { AWS_DEFAULT_REGION: 'sa-east-1' } });
    assert.deepEqual(result, { region: 'sa-east-1', from: 'AWS_DEFAULT_REGION' });
  });

  it('then AWS_REGION for a profile that does not exist at all', async () => {
    const result = await currentRegion({ setting: '', profile: 'missing', env: { AWS_REGION: 'me-central-1' } });
    assert.deepEqual(result, { region: 'me-central-1', from: 'AWS_REGION' });
  });

  it('is undefined when nothing names a region', async () => {
    assert.equal(await currentRegion({ setting: '', profile: 'noregion', env: {} }), undefined);
  });

  it('is undefined when the config files do not exist', async () => {
    process.env.AWS_CONFIG_FILE = `${sandbox.dir}/absent-config`;
    process.env.AWS_SHARED_CREDENTIALS_FILE = `${sandbox.dir}/absent-credentials`;
    assert.equal(await currentRegion({ setting: '', profile: '', env: {} }), undefined);
  });

  it('rereads the config file each time (a region added after activation is seen)', async () => {
    const regions = new RegionResolver(() => ({ region: '', profile: 'later' }), {});
    assert.equal(await regions.current(), undefined);
    sandbox.writeConfig('[profile later]\nregion = eu-south-2\n');
    assert.deepEqual(await regions.current(), { region: 'eu-south-2', from: 'AWS profile "later"' });
  });
});
