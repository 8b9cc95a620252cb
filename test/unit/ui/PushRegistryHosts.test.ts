/**
 * The registries the Local Images grouping treats as push targets: ECR hosts always, other hosts once a
 * push went there (kept in globalState across windows and restarts).
 */
import * as assert from 'node:assert/strict';
import { PushRegistryHosts } from '../../../src/ui/PushRegistryHosts';

/** globalState as VS Code keeps it: a key-value store whose values survive a new instance. */
class MemoryMemento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

/** What the constructor takes (vscode.Memento); the in-memory store has every member the class uses. */
type Memento = ConstructorParameters<typeof PushRegistryHosts>[0];
const memento = (): MemoryMemento & Memento => new MemoryMemento() as MemoryMemento & Memento;

describe('PushRegistryHosts', () => {
  it('counts every ECR registry host, pushed to or not', () => {
    const hosts = new PushRegistryHosts(memento());
    assert.equal(hosts.includes('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), true);
    assert.equal(hosts.includes('123456789012.dkr-ecr.us-east-1.on.aws'), true);
    assert.equal(hosts.includes('ghcr.io'), false);
    assert.equal(hosts.includes('localhost:4566'), false);
  });

  it('counts another host (LocalStack, a test registry) from the push that went there, at once and after a restart', async () => {
    const state = memento();
    const hosts = new PushRegistryHosts(state);
    const saved = hosts.rememberPush('localhost.localstack.cloud:4566/team/app');
    assert.equal(hosts.includes('localhost.localstack.cloud:4566'), true, 'known before the save completes');
    await saved;
    assert.equal(new PushRegistryHosts(state).includes('localhost.localstack.cloud:4566'), true);
    assert.equal(new PushRegistryHosts(state).includes('ghcr.io'), false);
  });

  it('keeps no ECR host (they count anyway) and at most the 20 newest others', async () => {
    const state = memento();
    const hosts = new PushRegistryHosts(state);
    await hosts.rememberPush('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app');
    for (let port = 5000; port < 5025; port++) {
      await hosts.rememberPush(`127.0.0.1:${port}/team/app`);
    }
    await hosts.rememberPush('127.0.0.1:5024/team/other');
    const kept = state.get<string[]>('ecrPush.pushRegistryHosts') ?? [];
    assert.equal(kept.length, 20);
    assert.deepEqual(kept.slice(-2), ['127.0.0.1:5023', '127.0.0.1:5024']);
    assert.equal(hosts.includes('127.0.0.1:5004'), false, 'the oldest went');
  });
});
