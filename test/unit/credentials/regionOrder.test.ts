/**
 * Region resolution with the selection values of ecrPush.profile, and the picker order: current,
 * recently used (newest first), then every known region, each once.
 */
import * as assert from 'node:assert/strict';
import { orderRegionsForPick, RegionResolver } from '../../../src/credentials/regionResolution';
import { validateRegion } from '../../../src/push/validation';
import { awsSandbox, type AwsSandbox } from './awsEnv';

describe('RegionResolver with a credential selection', () => {
  let sandbox: AwsSandbox;
  beforeEach(() => {
    sandbox = awsSandbox();
    sandbox.writeConfig('[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-southeast-2\n');
  });
  afterEach(() => sandbox.restore());

  const resolver = (settings: { region: string; profile: string }, env: NodeJS.ProcessEnv) => new RegionResolver(() => settings, env);

  it('a selected profile gives its region', async () => {
    assert.deepEqual(await resolver({ region: '', profile: 'dev' }, { AWS_PROFILE: 'default' }).current(), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
  });

  it('"[stored key]" and "[default chain]" are not profile names: AWS_PROFILE, else default, gives the region', async () => {
    assert.deepEqual(await resolver({ region: '', profile: '[stored key]' }, {}).current(), {
      region: 'eu-west-1',
      from: 'AWS profile "default"',
    });
    assert.deepEqual(await resolver({ region: '', profile: '[default chain]' }, { AWS_PROFILE: 'dev' }).current(), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
  });

  it('the setting still comes first', async () => {
    assert.deepEqual(await resolver({ region: 'us-east-2', profile: 'dev' }, {}).current(), {
      region: 'us-east-2',
      from: 'the ecrPush.region setting',
    });
  });

  it('automatic() is what the region would be without the setting: the profile’s region', async () => {
    assert.deepEqual(await resolver({ region: 'us-east-2', profile: 'dev' }, {}).automatic(), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
    assert.deepEqual(await resolver({ region: 'us-east-2', profile: '[stored key]' }, { AWS_PROFILE: 'dev' }).automatic(), {
      region: 'ap-southeast-2',
      from: 'AWS profile "dev"',
    });
  });
});

describe('orderRegionsForPick', () => {
  /** What the picker offers when nothing is current or recent: the known regions. */
  const offered = orderRegionsForPick({ recent: [] });
  const offeredRegions = offered.map((o) => o.region);

  it('current, then recent newest first, then the rest, each once', () => {
    const ordered = orderRegionsForPick({ current: 'eu-west-1', recent: ['us-east-2', 'eu-west-1', 'ap-south-1'] });
    assert.deepEqual(ordered.slice(0, 3), [
      { region: 'eu-west-1', recent: false, current: true },
      { region: 'us-east-2', recent: true, current: false },
      { region: 'ap-south-1', recent: true, current: false },
    ]);
    assert.equal(ordered.length, offered.length);
    assert.equal(new Set(ordered.map((o) => o.region)).size, ordered.length);
    assert.ok(ordered.slice(3).every((o) => !o.recent && !o.current));
  });

  it('keeps a recently used region that is not in the known list (a new launch)', () => {
    const ordered = orderRegionsForPick({ recent: ['xx-new-1'] });
    assert.deepEqual(ordered[0], { region: 'xx-new-1', recent: true, current: false });
    assert.equal(ordered.length, offered.length + 1);
  });

  it('after the current and recent ones, the known regions keep their order', () => {
    const ordered = orderRegionsForPick({ current: 'eu-west-1', recent: ['ap-south-1'] });
    assert.deepEqual(
      ordered.slice(2).map((o) => o.region),
      offeredRegions.filter((region) => region !== 'eu-west-1' && region !== 'ap-south-1'),
    );
  });

  it('with nothing current or recent, offers every partition’s regions, none marked, each once and valid', () => {
    assert.ok(offered.every((o) => !o.recent && !o.current));
    assert.equal(new Set(offeredRegions).size, offeredRegions.length);
    for (const region of offeredRegions) {
      assert.equal(validateRegion(region), undefined, region);
    }
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1']) {
      assert.ok(offeredRegions.includes(region), `${region} is offered`);
    }
  });
});
