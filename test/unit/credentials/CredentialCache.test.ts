/**
 * Credentials are kept per source and reused until five minutes before they expire; one resolution
 * serves every caller that waits for it; a failure is never kept.
 */
import * as assert from 'node:assert/strict';
import { CredentialCache } from '../../../src/credentials/CredentialCache';
import type { AwsCredentials } from '../../../src/ecr/EcrRegistry';

describe('CredentialCache', () => {
  let now = Date.parse('2026-11-29T12:00:00Z');
  let runs = 0;
  const minutes = (count: number) => count * 60_000;
  const temporary = (validForMs: number) => async (): Promise<AwsCredentials> => {
    runs++;
    return { accessKeyId: `ASIA${runs}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + validForMs) };
  };
  beforeEach(() => {
    now = Date.parse('2026-11-29T12:00:00Z');
    runs = 0;
  });

  it('reuses credentials with more than five minutes left, then renews them once', async () => {
    const cache = new CredentialCache(() => now);
    const resolve = temporary(minutes(60));
    assert.equal((await cache.get('profile dev', resolve)).accessKeyId, 'ASIA1');
    now += minutes(54);
    assert.equal((await cache.get('profile dev', resolve)).accessKeyId, 'ASIA1');
    now += minutes(1) + 1;
    assert.equal((await cache.get('profile dev', resolve)).accessKeyId, 'ASIA2', 'inside the margin: renewed');
    assert.equal((await cache.get('profile dev', resolve)).accessKeyId, 'ASIA2');
    assert.equal(runs, 2);
  });

  it('keeps credentials without an expiry (static keys) until told to forget them', async () => {
    const cache = new CredentialCache(() => now);
    const resolve = async () => ({ accessKeyId: `AKIA${++runs}`, secretAccessKey: 's' });
    await cache.get('stored key AKIA', resolve);
    now += minutes(24 * 60);
    await cache.get('stored key AKIA', resolve);
    assert.equal(runs, 1);
    cache.forget('stored key AKIA');
    await cache.get('stored key AKIA', resolve);
    assert.equal(runs, 2);
  });

  it('one resolution for concurrent callers of a source (one MFA prompt), one per source', async () => {
    const cache = new CredentialCache(() => now);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = async (): Promise<AwsCredentials> => {
      runs++;
      await gate;
      return { accessKeyId: 'ASIAROLE', secretAccessKey: 's', expiration: new Date(now + minutes(60)) };
    };
    const waiting = [cache.get('profile role', slow), cache.get('profile role', slow), cache.get('profile other', slow)];
    release();
    await Promise.all(waiting);
    assert.equal(runs, 2, 'profile role resolved once for two callers, profile other once');
  });

  it('never keeps a failure: the next call resolves again', async () => {
    const cache = new CredentialCache(() => now);
    await assert.rejects(
      cache.get('profile sso', async () => {
        runs++;
        throw new Error('SSO session expired');
      }),
    );
    assert.equal((await cache.get('profile sso', temporary(minutes(60)))).accessKeyId, 'ASIA2');
  });
});
