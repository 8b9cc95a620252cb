#!/usr/bin/env node
// Plays a plan given as JSON in argv[2]: [{ "out": "text", "repeat"?: n } | { "err": "text" } | { "waitMs": n }, ...],
// then exits with argv[3] (default 0). Each write is a separate chunk, so lines can be split anywhere.
'use strict';
const plan = JSON.parse(process.argv[2] || '[]');
const exitCode = Number(process.argv[3] || 0);
let i = 0;
function next() {
  if (i >= plan.length) {
    // Exit once both pipes have flushed.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
    return;
  }
  const step = plan[i++];
  if (step.out !== undefined) {
    process.stdout.write(step.out.repeat(step.repeat || 1), next);
  } else if (step.err !== undefined) {
    process.stderr.write(step.err, next);
  } else {
    setTimeout(next, step.waitMs || 0);
  }
}
next();
