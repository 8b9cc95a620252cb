/**
 * Region resolution with the selection values of ecrPush.profile, and the picker order: current,
 * recently used (newest first), then every known region, each once.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_CHAIN_SETTING, STORED_KEY_SETTING } from '../../../src/credentials/credentialSelection';
import { KNOWN_REGIONS, orderRegionsForPick, resolveDefaultRegion } from '../../../src/credentials/regionResolution';
import { awsSandbox, type AwsSandbox } from './awsEnv';

describe('resolveDefaultRegion with a credential selection', () => {
  let sandbox: AwsSandbox;
  beforeEach(() => {
    sandbox = awsSandbox();
    sandbox.writeConfig('[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-southeast-2\n');
  });
  afterEach(() => sandbox.restore());

  it('a selected profile gives its region', async () => {
    assert.deepEqual(await resolveDefaultRegion({ setting: '', profile: 'dev', env: { AWS_PROFILE: 'default' } }), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
  });

  it('"[stored key]" and "[default chain]" are not profile names: AWS_PROFILE, else default, gives the region', async () => {
    assert.deepEqual(await resolveDefaultRegion({ setting: '', profile: STORED_KEY_SETTING, env: {} }), {
      region: 'eu-west-1',
      from: 'AWS profile "default"',
    });
    assert.deepEqual(await resolveDefaultRegion({ setting: '', profile: DEFAULT_CHAIN_SETTING, env: { AWS_PROFILE: 'dev' } }), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
  });

  it('the setting still comes first', async () => {
    assert.deepEqual(await resolveDefaultRegion({ setting: 'us-east-2', profile: 'dev', env: {} }), {
      region: 'us-east-2',
      from: 'the ecrPush.region setting',
    });
  });
});

describe('orderRegionsForPick', () => {
  it('current, then recent newest first, then the rest, each once', () => {
    const ordered = orderRegionsForPick({ current: 'eu-west-1', recent: ['us-east-2', 'eu-west-1', 'ap-south-1'] });
    assert.deepEqual(ordered.slice(0, 3), [
      { region: 'eu-west-1', recent: false, current: true },
      { region: 'us-east-2', recent: true, current: false },
      { region: 'ap-south-1', recent: true, current: false },
    ]);
    assert.equal(ordered.length, KNOWN_REGIONS.length);
    assert.equal(new Set(ordered.map((o) => o.region)).size, ordered.length);
    assert.ok(ordered.slice(3).every((o) => !o.recent && !o.current));
  });

  it('keeps a recently used region that is not in the known list (a new launch)', () => {
    const ordered = orderRegionsForPick({ recent: ['xx-new-1'] });
    assert.deepEqual(ordered[0], { region: 'xx-new-1', recent: true, current: false });
    assert.equal(ordered.length, KNOWN_REGIONS.length + 1);
  });

  it('with nothing recent, the known regions in their order', () => {
    assert.deepEqual(
      orderRegionsForPick({ recent: [] }).map((o) => o.region),
      [...KNOWN_REGIONS],
    );
  });
});
