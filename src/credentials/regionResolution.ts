/**
 * Which region a push goes to when the user did not say: the ecrPush.region setting, then the
 * profile's `region` in the shared AWS config, then AWS_REGION / AWS_DEFAULT_REGION.
 * No `vscode` import; the UI adds the last resort (a quick pick).
 */
import { parseCredentialSelection, profileForRegion } from './credentialSelection';

export interface RegionSource {
  readonly region: string;
  readonly from: string;
}

/**
 * The one place that answers "which region now?" for pushes, the Repositories view, the status bar and
 * the region picker, from the current settings and environment.
 */
export class RegionResolver {
  constructor(
    private readonly settings: () => { readonly region: string; readonly profile: string },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The region in effect; undefined when nothing names one (a push then asks). */
  current(): Promise<RegionSource | undefined> {
    const { region, profile } = this.settings();
    return resolveDefaultRegion({ setting: region, profile, env: this.env });
  }

  /** What the region would be with ecrPush.region empty: the "Automatic" choice of the region picker. */
  automatic(): Promise<RegionSource | undefined> {
    return resolveDefaultRegion({ setting: '', profile: this.settings().profile, env: this.env });
  }
}

async function resolveDefaultRegion(options: {
  setting: string;
  profile: string;
  env: NodeJS.ProcessEnv;
}): Promise<RegionSource | undefined> {
  if (options.setting) {
    return { region: options.setting, from: 'the ecrPush.region setting' };
  }
  // ecrPush.profile may also hold "[stored key]" / "[default chain]": those read AWS_PROFILE or default.
  const profile = profileForRegion(parseCredentialSelection(options.profile), options.env);
  const fromProfile = await profileRegion(profile);
  if (fromProfile) {
    return { region: fromProfile, from: `AWS profile "${profile}"` };
  }
  const fromEnv = options.env.AWS_REGION || options.env.AWS_DEFAULT_REGION;
  if (fromEnv) {
    return { region: fromEnv, from: options.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION' };
  }
  return undefined;
}

/** The `region` of a profile in the shared config file (honours AWS_CONFIG_FILE); undefined if none or unreadable. */
async function profileRegion(profile: string): Promise<string | undefined> {
  try {
    const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
    const files = await loadSharedConfigFiles({ ignoreCache: true });
    return files.configFile[profile]?.region ?? files.credentialsFile[profile]?.region;
  } catch {
    return undefined;
  }
}

/** Regions offered in the picker (ECR is in all of them); recently used ones are shown first by the UI. */
const KNOWN_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-east-1',
  'us-gov-west-1',
];

/**
 * The regions a picker offers, most useful first: the current one, then recently used (newest first),
 * then every known region; each once. Unknown-but-valid recent regions (new launches) are kept.
 */
export function orderRegionsForPick(options: {
  current?: string;
  recent: readonly string[];
}): Array<{ region: string; recent: boolean; current: boolean }> {
  const recent = [...(options.current ? [options.current] : []), ...options.recent];
  const recentSet = new Set(recent);
  return [...new Set([...recent, ...KNOWN_REGIONS])].map((region) => ({
    region,
    recent: recentSet.has(region) && region !== options.current,
    current: region === options.current,
  }));
}
