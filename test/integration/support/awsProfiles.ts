/**
 * AWS profiles a suite adds to the private AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE the runner gave
 * the extension host, and takes away again afterwards. Profile names are unique per suite run, so the
 * extension's credentials kept per source (CredentialCache) never carry over from another test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackInfo, unique } from './stack';

export class AwsProfileFiles {
  readonly config: string;
  readonly credentials: string;
  private readonly saved = new Map<string, string | undefined>();

  constructor() {
    const config = process.env.AWS_CONFIG_FILE;
    const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE;
    assert.ok(config && credentials, 'the runner points AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at private files');
    this.config = config;
    this.credentials = credentials;
  }

  /** Appends `[profile <name>]` with these `key = value` lines to the config file. */
  addConfigProfile(name: string, lines: Readonly<Record<string, string>>): void {
    this.append(this.config, `[profile ${name}]`, lines);
  }

  /** Appends `[<name>]` with these `key = value` lines to the credentials file. */
  addCredentialsProfile(name: string, lines: Readonly<Record<string, string>>): void {
    this.append(this.credentials, `[${name}]`, lines);
  }

  /**
   * A source profile with the stack's first account's key, and a role profile of the second account
   * assumed from it (with `extra` lines, e.g. an mfa_serial). Names start with `namePrefix`; returns the role's.
   */
  addAssumedRole(namePrefix: string, extra: Readonly<Record<string, string>> = {}): string {
    const { ecr } = stackInfo();
    const [first, second] = ecr.accounts;
    const source = unique(`${namePrefix}-source`);
    const role = unique(`${namePrefix}-role`);
    this.addCredentialsProfile(source, { aws_access_key_id: first.accessKeyId, aws_secret_access_key: first.secretAccessKey });
    this.addConfigProfile(role, {
      role_arn: `arn:aws:iam::${second.accountId}:role/ecr-pusher`,
      source_profile: source,
      region: ecr.region,
      ...extra,
    });
    return role;
  }

  /** Puts both files back as they were before the first addition. */
  restore(): void {
    for (const [file, text] of this.saved) {
      if (text === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, text);
    }
    this.saved.clear();
  }

  private append(file: string, header: string, lines: Readonly<Record<string, string>>): void {
    if (!this.saved.has(file)) {
      this.saved.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
      fs.mkdirSync(path.dirname(file), { recursive: true });
    }
    const body = Object.entries(lines).map(([key, value]) => `${key} = ${value}`);
    fs.appendFileSync(file, `\n${[header, ...body].join('\n')}\n`);
  }
}
