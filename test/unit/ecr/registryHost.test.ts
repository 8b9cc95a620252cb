/**
 * Recognising ECR registry hosts and pasted repository URIs across partitions. Only used to describe
 * and to spot a pasted URI; non-ECR hosts must come back undefined.
 */
import * as assert from 'node:assert/strict';
import { parseEcrRegistryHost, parseEcrRepositoryUri, type EcrRegistryHostInfo } from '../../../src/ecr/registryHost';

describe('parseEcrRegistryHost', () => {
  const table: ReadonlyArray<[host: string, info: EcrRegistryHostInfo]> = [
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-1', fips: false, dualStack: false, partition: 'aws' },
    ],
    [
      '123456789012.dkr.ecr.eu-central-2.amazonaws.com',
      { accountId: '123456789012', region: 'eu-central-2', fips: false, dualStack: false, partition: 'aws' },
    ],
    [
      '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-east-1', fips: true, dualStack: false, partition: 'aws' },
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { accountId: '123456789012', region: 'cn-north-1', fips: false, dualStack: false, partition: 'aws-cn' },
    ],
    [
      '123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      { accountId: '123456789012', region: 'cn-northwest-1', fips: false, dualStack: false, partition: 'aws-cn' },
    ],
    [
      '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-west-1', fips: false, dualStack: false, partition: 'aws-us-gov' },
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { accountId: '123456789012', region: 'us-gov-west-1', fips: true, dualStack: false, partition: 'aws-us-gov' },
    ],
    [
      '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov',
      { accountId: '123456789012', region: 'us-iso-east-1', fips: false, dualStack: false, partition: 'aws-iso' },
    ],
    [
      '123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov',
      { accountId: '123456789012', region: 'us-isob-east-1', fips: false, dualStack: false, partition: 'aws-iso-b' },
    ],
    [
      '123456789012.dkr-ecr.us-east-1.on.aws',
      { accountId: '123456789012', region: 'us-east-1', fips: false, dualStack: true, partition: 'aws' },
    ],
    [
      '123456789012.dkr-ecr-fips.us-east-1.on.aws',
      { accountId: '123456789012', region: 'us-east-1', fips: true, dualStack: true, partition: 'aws' },
    ],
    [
      '123456789012.DKR.ECR.US-WEST-2.AMAZONAWS.COM',
      { accountId: '123456789012', region: 'us-west-2', fips: false, dualStack: false, partition: 'aws' },
    ],
  ];
  for (const [host, info] of table) {
    it(`${host} → ${info.partition} ${info.region}${info.fips ? ' fips' : ''}${info.dualStack ? ' dual-stack' : ''}`, () => {
      assert.deepEqual(parseEcrRegistryHost(host), info);
    });
  }

  const notEcr = [
    'ghcr.io',
    'docker.io',
    'registry-1.docker.io',
    '127.0.0.1:5000',
    'localhost:5000',
    '12345678901.dkr.ecr.us-east-1.amazonaws.com', // 11 digits
    '1234567890123.dkr.ecr.us-east-1.amazonaws.com', // 13 digits
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example', // suffix attack
    'evil.example.123456789012.dkr.ecr.us-east-1.amazonaws.com', // prefix
    '123456789012.dkr.ecr.us-east-1.amazonaws.com:443', // a port is not part of an ECR host
    'public.ecr.aws',
    '123456789012.dkr.ecr.us-east-1.example.com',
    '',
  ];
  for (const host of notEcr) {
    it(`${JSON.stringify(host)} is not an ECR host`, () => {
      assert.equal(parseEcrRegistryHost(host), undefined);
    });
  }
});

describe('parseEcrRepositoryUri', () => {
  const host = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

  it('splits HOST/REPO', () => {
    const parsed = parseEcrRepositoryUri(`${host}/app`);
    assert.ok(parsed);
    assert.equal(parsed.host, host);
    assert.equal(parsed.repository, 'app');
    assert.equal(parsed.tag, undefined);
    assert.equal(parsed.info.accountId, '123456789012');
    assert.equal(parsed.info.region, 'us-east-1');
  });

  it('splits HOST/PATH/REPO:TAG', () => {
    const parsed = parseEcrRepositoryUri(`${host}/team/app:1.2.3`);
    assert.ok(parsed);
    assert.equal(parsed.repository, 'team/app');
    assert.equal(parsed.tag, '1.2.3');
  });

  it('drops a digest, keeping the tag before it', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const withTag = parseEcrRepositoryUri(`${host}/app:1.0@${digest}`);
    assert.equal(withTag?.repository, 'app');
    assert.equal(withTag?.tag, '1.0');
    const digestOnly = parseEcrRepositoryUri(`${host}/app@${digest}`);
    assert.equal(digestOnly?.repository, 'app');
    assert.equal(digestOnly?.tag, undefined);
  });

  it('accepts a pasted https:// prefix and surrounding whitespace', () => {
    const parsed = parseEcrRepositoryUri(`  https://${host}/app:latest \n`);
    assert.equal(parsed?.host, host);
    assert.equal(parsed?.repository, 'app');
    assert.equal(parsed?.tag, 'latest');
  });

  it('recognises China and dual-stack hosts', () => {
    assert.equal(parseEcrRepositoryUri('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app')?.info.partition, 'aws-cn');
    assert.equal(parseEcrRepositoryUri('123456789012.dkr-ecr.us-east-1.on.aws/app')?.info.dualStack, true);
  });

  for (const uri of ['ghcr.io/acme/api:1.0', 'acme/api', 'app:latest', '127.0.0.1:5000/app', host, '/app', '']) {
    it(`${JSON.stringify(uri)} is not an ECR URI`, () => {
      assert.equal(parseEcrRepositoryUri(uri), undefined);
    });
  }
});
