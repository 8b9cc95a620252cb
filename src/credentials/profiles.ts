/**
 * The profiles of the shared AWS config and credentials files, each described by how it gets
 * credentials (static keys, assume role, SSO, credential_process, …), for "ECR: Select AWS Profile".
 * Read with `@smithy/shared-ini-file-loader`, so AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are
 * honoured exactly as the SDK honours them. Secrets are never copied out of the files. No `vscode` import.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export type ProfileKind = 'static' | 'assumeRole' | 'sso' | 'process' | 'webIdentity' | 'regionOnly' | 'incomplete';

export interface AwsProfile {
  readonly name: string;
  readonly kind: ProfileKind;
  /** One line for a quick pick: "static keys", "assume role arn:… via dev (MFA)", "SSO my-sso · 1234… / Admin". */
  readonly description: string;
  readonly region?: string;
  /** Files the profile appears in. */
  readonly files: readonly ('config' | 'credentials')[];
  /** For SSO profiles: the sso_session name, when the profile uses one (else legacy sso_start_url). */
  readonly ssoSession?: string;
  /** For assume-role profiles that need an MFA code. */
  readonly mfaSerial?: string;
  /** Why an `incomplete` profile cannot work. */
  readonly problem?: string;
}

export interface ProfileListing {
  readonly profiles: readonly AwsProfile[];
  /** Things in the files that were ignored or unreadable, said so the user can fix them. */
  readonly problems: readonly string[];
  readonly configFile: string;
  readonly credentialsFile: string;
}

/** Where the SDK reads the shared files from, given an environment (the same rule as the SDK's). */
function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { configFile: string; credentialsFile: string } {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return {
    configFile: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/**
 * Every profile in the shared files, sorted by name (`default` first), freshly read (no SDK cache).
 * Never throws for a missing, unreadable or malformed file: what could not be used is in `problems`.
 */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileListing> {
  const { configFile, credentialsFile } = sharedFilePaths(env);
  const { loadSharedConfigFiles, loadSsoSessionData } = await import('@smithy/shared-ini-file-loader');
  const problems: string[] = [];
  const configText = await readIfPresent(configFile, 'config', problems);
  const credentialsText = await readIfPresent(credentialsFile, 'credentials', problems);
  if (configText !== undefined) {
    problems.push(...lintIni(configText, configFile, true));
  }
  if (credentialsText !== undefined) {
    problems.push(...lintIni(credentialsText, credentialsFile, false));
  }

  let files: {
    configFile: Record<string, Record<string, string | undefined>>;
    credentialsFile: Record<string, Record<string, string | undefined>>;
  };
  let ssoSessions: Record<string, Record<string, string | undefined>> = {};
  try {
    files = await loadSharedConfigFiles({ filepath: credentialsFile, configFilepath: configFile, ignoreCache: true });
    ssoSessions = await loadSsoSessionData({ configFilepath: configFile });
  } catch (error) {
    problems.push(`The AWS shared files could not be parsed: ${(error as Error).message}`);
    files = { configFile: {}, credentialsFile: {} };
  }

  // The loader keeps [sso-session x] and [services x] sections in configFile as "sso-session.x"; they are not profiles.
  const isProfile = (key: string) => !/^(sso-session|services)\./.test(key);
  const names = new Set([...Object.keys(files.configFile).filter(isProfile), ...Object.keys(files.credentialsFile)]);
  const profiles: AwsProfile[] = [];
  for (const name of names) {
    const fromConfig = files.configFile[name];
    const fromCredentials = files.credentialsFile[name];
    // As the SDK merges them: the credentials file wins for a key set in both.
    const merged = { ...fromConfig, ...fromCredentials };
    const where: ('config' | 'credentials')[] = [];
    if (fromConfig) where.push('config');
    if (fromCredentials) where.push('credentials');
    profiles.push(describeProfile(name, merged, where, ssoSessions));
  }
  profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
  return { profiles, problems, configFile, credentialsFile };
}

/** Classifies one merged profile section. */
function describeProfile(
  name: string,
  values: Record<string, string | undefined>,
  files: readonly ('config' | 'credentials')[],
  ssoSessions: Record<string, Record<string, string | undefined>> = {},
): AwsProfile {
  const region = values.region || undefined;
  const base = { name, region, files };
  if (values.role_arn) {
    const via = values.source_profile
      ? `via ${values.source_profile}`
      : values.credential_source
        ? `via ${values.credential_source}`
        : undefined;
    if (!via && !values.web_identity_token_file) {
      return {
        ...base,
        kind: 'incomplete',
        description: 'assume role without source_profile or credential_source',
        problem: `Profile "${name}" has role_arn but neither source_profile nor credential_source.`,
      };
    }
    if (values.web_identity_token_file) {
      return { ...base, kind: 'webIdentity', description: `web identity role ${values.role_arn}` };
    }
    const mfa = values.mfa_serial ? ' (MFA)' : '';
    return {
      ...base,
      kind: 'assumeRole',
      description: `assume role ${values.role_arn} ${via}${mfa}`,
      mfaSerial: values.mfa_serial || undefined,
    };
  }
  if (values.sso_session || values.sso_start_url) {
    const session = values.sso_session;
    if (session && !ssoSessions[session]) {
      return {
        ...base,
        kind: 'incomplete',
        description: `SSO session "${session}" is not defined`,
        ssoSession: session,
        problem: `Profile "${name}" names sso_session "${session}", but the config file has no [sso-session ${session}] section.`,
      };
    }
    if (!values.sso_account_id || !values.sso_role_name) {
      return {
        ...base,
        kind: 'incomplete',
        description: 'SSO without sso_account_id or sso_role_name',
        ssoSession: session,
        problem: `Profile "${name}" is an SSO profile but lacks sso_account_id or sso_role_name.`,
      };
    }
    const label = session ? `SSO ${session}` : 'SSO (legacy)';
    return { ...base, kind: 'sso', description: `${label} · ${values.sso_account_id} / ${values.sso_role_name}`, ssoSession: session };
  }
  if (values.credential_process) {
    return { ...base, kind: 'process', description: 'credential_process' };
  }
  if (values.aws_access_key_id && values.aws_secret_access_key) {
    return { ...base, kind: 'static', description: values.aws_session_token ? 'static keys with session token' : 'static keys' };
  }
  if (values.aws_access_key_id || values.aws_secret_access_key) {
    return {
      ...base,
      kind: 'incomplete',
      description: 'half a key pair',
      problem: `Profile "${name}" has only one of aws_access_key_id and aws_secret_access_key.`,
    };
  }
  return { ...base, kind: 'regionOnly', description: region ? `settings only (region ${region}), no credentials` : 'no credentials' };
}

async function readIfPresent(file: string, what: string, problems: string[]): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      problems.push(`The AWS ${what} file ${file} could not be read (${code ?? (error as Error).message}).`);
    }
    return undefined;
  }
}

/**
 * Lines the SDK's parser silently skips, reported so a typo does not make a profile vanish unexplained:
 * text that is neither a section, `key = value`, a comment nor blank; and config sections without the
 * `profile ` prefix (the SDK ignores them).
 */
function lintIni(text: string, file: string, isConfig: boolean): string[] {
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.split(/(^|\s)[;#]/)[0].trim();
    if (!line) {
      continue;
    }
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) {
        problems.push(`${file} line ${index + 1}: a section header must end with "]".`);
        continue;
      }
      const section = line.slice(1, -1).trim();
      if (isConfig && section !== 'default' && !/^(profile|sso-session|services)\s+\S/.test(section)) {
        problems.push(`${file} line ${index + 1}: [${section}] is ignored in the config file; write [profile ${section}].`);
      }
      continue;
    }
    if (line.indexOf('=') <= 0) {
      problems.push(`${file} line ${index + 1}: not a "key = value" line.`);
    }
  }
  return problems.slice(0, 20);
}
