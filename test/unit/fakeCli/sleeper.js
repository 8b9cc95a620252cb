#!/usr/bin/env node
// Prints "pid <n>" and stays alive. Flags:
//   --grandchild   also start a child of its own (another sleeper) and print "grandchild <n>"
//   --ignore-term  ignore SIGTERM (only SIGKILL stops it)
//   --close-pipes  exit at once but leave a grandchild holding stdout/stderr open
//   --own-session  start the grandchild in a session of its own (as podman starts a RUN step's container)
'use strict';
const { spawn } = require('child_process');
const flags = new Set(process.argv.slice(2));
if (flags.has('--ignore-term')) {
  process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
}
console.log(`pid ${process.pid}`);
if (flags.has('--grandchild') || flags.has('--close-pipes')) {
  const args = [__filename];
  if (flags.has('--ignore-term')) args.push('--ignore-term');
  const gc = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: flags.has('--own-session') });
  console.log(`grandchild ${gc.pid}`);
  if (flags.has('--close-pipes')) {
    gc.unref();
    setTimeout(() => process.exit(0), 200);
    return;
  }
}
setInterval(() => undefined, 1000);
