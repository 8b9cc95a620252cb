/**
 * Entry of the helper process of {@link ShortCommandProcess}: runs each short command with `spawnSync`
 * (the runner rule for docker login and tag) and sends back what it returned. Blocking here blocks only
 * this process, never the extension host. Requests are answered one at a time, in order. The helper
 * ends when its parent closes the channel or goes away.
 */
import { spawnSyncOutcome } from './runProcess';
import type { ShortCommandReply, ShortCommandRequest } from './ShortCommandProcess';

process.on('message', (request: ShortCommandRequest) => {
  let reply: ShortCommandReply;
  try {
    reply = { id: request.id, outcome: spawnSyncOutcome(request.resolved, request.cmd, request.options) };
  } catch (err) {
    reply = { id: request.id, failure: err instanceof Error ? err.message : String(err) };
  }
  process.send?.(reply);
});
process.on('disconnect', () => process.exit(0));
