/**
 * What an ECR registry host says about itself: account, region, partition, FIPS, dual-stack.
 * Used to recognise a pasted repository URI and to describe a target; never to build a host
 * (the host always comes from the token's proxyEndpoint).
 */

export interface EcrRegistryHostInfo {
  readonly accountId: string;
  readonly region: string;
  readonly fips: boolean;
  readonly dualStack: boolean;
  readonly partition: 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'unknown';
}

// 123456789012.dkr.ecr.us-east-1.amazonaws.com, 123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com,
// 123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, 123456789012.dkr-ecr.us-east-1.on.aws (dual-stack),
// 123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov, 123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov
const ECR_HOST =
  /^(\d{12})\.dkr(?:\.|-)ecr(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(amazonaws\.com|amazonaws\.com\.cn|on\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;

/** Parses an ECR registry host (no scheme, no path); undefined for any other registry. */
export function parseEcrRegistryHost(host: string): EcrRegistryHostInfo | undefined {
  const match = ECR_HOST.exec(host.trim().toLowerCase());
  if (!match) {
    return undefined;
  }
  const [, accountId, fips, region, domain] = match;
  return {
    accountId,
    region,
    fips: fips !== undefined,
    dualStack: domain === 'on.aws' || host.includes('dkr-ecr'),
    partition: partitionOf(region, domain),
  };
}

function partitionOf(region: string, domain: string): EcrRegistryHostInfo['partition'] {
  if (domain === 'amazonaws.com.cn' || region.startsWith('cn-')) {
    return 'aws-cn';
  }
  if (region.startsWith('us-gov-')) {
    return 'aws-us-gov';
  }
  if (domain === 'c2s.ic.gov') {
    return 'aws-iso';
  }
  if (domain === 'sc2s.sgov.gov') {
    return 'aws-iso-b';
  }
  return region ? 'aws' : 'unknown';
}

/** A pasted ECR image or repository URI (`HOST/REPO[:TAG]`), split; undefined when HOST is not an ECR host. */
export function parseEcrRepositoryUri(
  uri: string,
): { host: string; info: EcrRegistryHostInfo; repository: string; tag?: string } | undefined {
  const text = uri.trim().replace(/^[a-z]+:\/\//i, '');
  const slash = text.indexOf('/');
  if (slash <= 0) {
    return undefined;
  }
  const host = text.slice(0, slash);
  const info = parseEcrRegistryHost(host);
  if (!info) {
    return undefined;
  }
  let repository = text.slice(slash + 1);
  let tag: string | undefined;
  const at = repository.indexOf('@');
  if (at >= 0) {
    repository = repository.slice(0, at);
  }
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
  }
  return { host, info, repository, tag };
}
