/**
 * Test helpers: a private AWS config/credentials pair in a temp folder, and the AWS_* environment
 * saved and restored around each test, so the machine's own ~/.aws and environment never leak in.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const AWS_VARIABLES = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
] as const;

export interface AwsSandbox {
  readonly dir: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  writeConfig(text: string): void;
  writeCredentials(text: string): void;
  restore(): void;
}

/**
 * Points the SDK at empty files in a fresh temp folder, clears every other AWS_* variable and turns off
 * instance metadata (no network lookups). `restore()` puts the environment back and deletes the folder.
 */
export function awsSandbox(): AwsSandbox {
  const saved = new Map<string, string | undefined>(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of AWS_VARIABLES) {
    delete process.env[name];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecr-push-aws-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  fs.writeFileSync(configFile, '');
  fs.writeFileSync(credentialsFile, '');
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return {
    dir,
    configFile,
    credentialsFile,
    writeConfig: (text) => fs.writeFileSync(configFile, text),
    writeCredentials: (text) => fs.writeFileSync(credentialsFile, text),
    restore: () => {
      for (const [name, value] of saved) {
        if (value === undefined) {
          delete process.env[name];
        } else {
          process.env[name] = value;
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Config lines of a profile that signs in through the `[sso-session corp]` section (account 111122223333, role Admin). */
export function ssoSessionProfileLines(profile: string): string[] {
  return [
    `[profile ${profile}]`,
    'sso_session = corp',
    'sso_account_id = 111122223333',
    'sso_role_name = Admin',
    '[sso-session corp]',
    'sso_start_url = https://corp.awsapps.com/start',
    'sso_region = eu-west-1',
  ];
}
