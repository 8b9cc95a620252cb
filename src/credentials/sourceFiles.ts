/**
 * What a profile or the default chain reads from disk: the shared config and credentials files and the
 * SSO token cache. Their sizes and modification times make a fingerprint, so credentials kept for the
 * source (CredentialCache) are resolved again as soon as a key is rotated in the files or `aws sso login`
 * runs in any terminal. A few stats per use; nothing is read.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CredentialSource } from './credentialSource';

export async function sourceFilesFingerprint(source: CredentialSource, env: NodeJS.ProcessEnv): Promise<string> {
  if (source.kind === 'storedKey') {
    // A stored key lives in SecretStorage; a new one has a new key id, and so a new source key.
    return '';
  }
  // os.homedir() follows the SDK's rule: HOME on macOS and Linux, USERPROFILE on Windows.
  const awsDir = path.join(os.homedir(), '.aws');
  const ssoCache = path.join(awsDir, 'sso', 'cache');
  const files = [env.AWS_CONFIG_FILE || path.join(awsDir, 'config'), env.AWS_SHARED_CREDENTIALS_FILE || path.join(awsDir, 'credentials')];
  try {
    files.push(
      ...(await fs.readdir(ssoCache))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => path.join(ssoCache, name)),
    );
  } catch {
    // No SSO cache yet: nothing to watch there.
  }
  const stamps = await Promise.all(
    files.map(async (file) => {
      try {
        const stat = await fs.stat(file);
        return `${file}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        return `${file}:-`;
      }
    }),
  );
  return stamps.join('\n');
}
