#!/usr/bin/env node
// Reads all of stdin, then prints {"argv": [...], "stdin": "...", "dockerHost": $DOCKER_HOST} on stdout, a warning on stderr,
// and exits with argv[2] (default 0).
'use strict';
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), stdin: input, dockerHost: process.env.DOCKER_HOST }) + '\n');
  process.stderr.write('WARNING! this is only a warning\n');
  process.exitCode = Number(process.argv[2] || 0);
});
