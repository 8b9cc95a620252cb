/**
 * Worker-thread entry of {@link SyncSpawnThread}: runs each short command with `spawnSync` (the runner
 * rule for docker login and tag) and posts back what it returned. Blocking here blocks only this
 * thread, never the extension host's event loop. Requests are answered one at a time, in order.
 */
import { parentPort } from 'node:worker_threads';
import { spawnSyncOutcome } from './runProcess';
import type { SyncSpawnRequest, SyncSpawnReply } from './syncSpawnThread';

parentPort?.on('message', (request: SyncSpawnRequest) => {
  let reply: SyncSpawnReply;
  try {
    reply = { id: request.id, outcome: spawnSyncOutcome(request.resolved, request.cmd, request.options) };
  } catch (err) {
    reply = { id: request.id, failure: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
