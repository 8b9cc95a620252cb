/**
 * Token reuse rules with an injected clock: reuse before half the lifetime, drop after it, never
 * within five minutes of expiresAt; one entry per identity/region/registry/endpoint.
 */
import * as assert from 'node:assert/strict';
import { AuthorizationCache, LoginTracker, type AuthorizationKey } from '../../../src/ecr/AuthorizationCache';
import type { RegistryAuthorization } from '../../../src/ecr/authorizationToken';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2030-01-01T00:00:00Z');

class Clock {
  now = T0;
  readonly read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

function authorization(expiresInMs: number | undefined, password = 'pw', clock?: Clock): RegistryAuthorization {
  return {
    username: 'AWS',
    password,
    registryHost: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    proxyEndpoint: 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com',
    expiresAt: expiresInMs === undefined ? undefined : new Date((clock?.now ?? T0) + expiresInMs),
  };
}

const KEY: AuthorizationKey = { identity: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1' };

describe('AuthorizationCache', () => {
  let clock: Clock;
  let cache: AuthorizationCache;

  beforeEach(() => {
    clock = new Clock();
    cache = new AuthorizationCache(clock.read);
  });

  it('is empty at first', () => {
    assert.equal(cache.get(KEY), undefined);
    assert.equal(cache.reusableUntil(KEY), undefined);
  });

  it('reuses a 12-hour token until half its lifetime, then drops it', () => {
    const auth = authorization(12 * HOUR);
    cache.set(KEY, auth);
    assert.equal(cache.get(KEY), auth);
    clock.advance(6 * HOUR - 1);
    assert.equal(cache.get(KEY), auth, 'still reused just before the half-life');
    assert.deepEqual(cache.reusableUntil(KEY), new Date(T0 + 6 * HOUR));
    clock.advance(1);
    assert.equal(cache.get(KEY), undefined, 'dropped at the half-life');
    assert.equal(cache.reusableUntil(KEY), undefined);
  });

  it('stops handing out a short-lived token five minutes before it expires, even before its half-life', () => {
    // 8 minutes of life: half-life at 4 min, but expiresAt - 5 min = 3 min comes first.
    const auth = authorization(8 * MINUTE);
    cache.set(KEY, auth);
    clock.advance(3 * MINUTE - 1);
    assert.equal(cache.get(KEY), auth);
    clock.advance(1);
    assert.equal(cache.get(KEY), undefined);
  });

  it('never hands out a token that arrives already within five minutes of expiry', () => {
    cache.set(KEY, authorization(4 * MINUTE));
    assert.equal(cache.get(KEY), undefined);
  });

  it('never hands out a token that is already expired', () => {
    cache.set(KEY, authorization(-MINUTE));
    assert.equal(cache.get(KEY), undefined);
  });

  it('keeps a token without expiresAt for half an hour (half of a default hour)', () => {
    const auth = authorization(undefined);
    cache.set(KEY, auth);
    clock.advance(30 * MINUTE - 1);
    assert.equal(cache.get(KEY), auth);
    clock.advance(1);
    assert.equal(cache.get(KEY), undefined);
  });

  it('measures the half-life from when the token was stored, not from the epoch', () => {
    clock.advance(5 * HOUR);
    const auth = authorization(12 * HOUR, 'pw', clock);
    cache.set(KEY, auth);
    clock.advance(5 * HOUR);
    assert.equal(cache.get(KEY), auth);
    clock.advance(HOUR);
    assert.equal(cache.get(KEY), undefined);
  });

  it('a dropped entry stays dropped when the clock goes back', () => {
    cache.set(KEY, authorization(12 * HOUR));
    clock.advance(7 * HOUR);
    assert.equal(cache.get(KEY), undefined);
    clock.now = T0;
    assert.equal(cache.get(KEY), undefined);
  });

  const otherKeys: ReadonlyArray<[label: string, key: AuthorizationKey]> = [
    ['another identity', { ...KEY, identity: 'AKIAI44QH8DHBEXAMPLE' }],
    ['another region', { ...KEY, region: 'eu-west-1' }],
    ['another registry id', { ...KEY, registryId: '210987654321' }],
    ['another endpoint', { ...KEY, endpoint: 'http://127.0.0.1:4566' }],
  ];
  for (const [label, other] of otherKeys) {
    it(`does not hand a token to ${label}`, () => {
      const mine = authorization(12 * HOUR, 'mine');
      cache.set(KEY, mine);
      assert.equal(cache.get(other), undefined);
      const theirs = authorization(12 * HOUR, 'theirs');
      cache.set(other, theirs);
      assert.equal(cache.get(KEY), mine);
      assert.equal(cache.get(other), theirs);
    });
  }

  it('treats a missing registryId and endpoint as the same key each time', () => {
    const auth = authorization(12 * HOUR);
    cache.set({ identity: 'id', region: 'us-east-1' }, auth);
    assert.equal(cache.get({ identity: 'id', region: 'us-east-1', registryId: undefined, endpoint: undefined }), auth);
  });

  it('invalidate drops only that key', () => {
    const a = authorization(12 * HOUR, 'a');
    const b = authorization(12 * HOUR, 'b');
    const other = { ...KEY, region: 'eu-west-1' };
    cache.set(KEY, a);
    cache.set(other, b);
    cache.invalidate(KEY);
    assert.equal(cache.get(KEY), undefined);
    assert.equal(cache.get(other), b);
  });

  it('clear drops everything', () => {
    cache.set(KEY, authorization(12 * HOUR));
    cache.set({ ...KEY, region: 'eu-west-1' }, authorization(12 * HOUR));
    cache.clear();
    assert.equal(cache.get(KEY), undefined);
    assert.equal(cache.get({ ...KEY, region: 'eu-west-1' }), undefined);
  });

  it('a later set replaces the token and restarts its half-life', () => {
    cache.set(KEY, authorization(12 * HOUR, 'old'));
    clock.advance(5 * HOUR);
    const fresh = authorization(12 * HOUR, 'new', clock);
    cache.set(KEY, fresh);
    clock.advance(5 * HOUR);
    assert.equal(cache.get(KEY), fresh);
  });
});

describe('LoginTracker', () => {
  const host = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const dir = '/tmp/ecr-push/docker-config';

  it('knows a login only for the exact token, host and config folder', () => {
    const tracker = new LoginTracker();
    const auth = authorization(12 * HOUR);
    assert.equal(tracker.isLoggedIn(host, dir, auth), false);
    tracker.recordLogin(host, dir, auth);
    assert.equal(tracker.isLoggedIn(host, dir, auth), true);
    assert.equal(tracker.isLoggedIn(host, dir, { ...auth }), false, 'an equal-looking but new token needs a new login');
    assert.equal(tracker.isLoggedIn('127.0.0.1:5000', dir, auth), false);
    assert.equal(tracker.isLoggedIn(host, '/another/config', auth), false);
    assert.equal(tracker.isLoggedIn(host, undefined, auth), false, "the user's own config is a separate login");
  });

  it('tracks the user config (undefined folder) separately', () => {
    const tracker = new LoginTracker();
    const auth = authorization(12 * HOUR);
    tracker.recordLogin(host, undefined, auth);
    assert.equal(tracker.isLoggedIn(host, undefined, auth), true);
    assert.equal(tracker.isLoggedIn(host, dir, auth), false);
  });

  it('a new login replaces the old token', () => {
    const tracker = new LoginTracker();
    const first = authorization(12 * HOUR, 'first');
    const second = authorization(12 * HOUR, 'second');
    tracker.recordLogin(host, dir, first);
    tracker.recordLogin(host, dir, second);
    assert.equal(tracker.isLoggedIn(host, dir, first), false);
    assert.equal(tracker.isLoggedIn(host, dir, second), true);
  });

  it('forget and clear drop logins', () => {
    const tracker = new LoginTracker();
    const auth = authorization(12 * HOUR);
    tracker.recordLogin(host, dir, auth);
    tracker.recordLogin('127.0.0.1:5000', dir, auth);
    tracker.forget(host, dir);
    assert.equal(tracker.isLoggedIn(host, dir, auth), false);
    assert.equal(tracker.isLoggedIn('127.0.0.1:5000', dir, auth), true);
    tracker.clear();
    assert.equal(tracker.isLoggedIn('127.0.0.1:5000', dir, auth), false);
  });
});
