#!/usr/bin/env node
// A stand-in for the docker CLI. It appends {argv, stdin} as one JSON line to $FAKE_DOCKER_LOG, then
// replays real captured output for the subcommand, chosen from the JSON file $FAKE_DOCKER_SCENARIO:
//   { "<subcommand>": { "stdout": "file in fixtures/captured", "stderr": "file", "exit": 1, "waitMs": 0, "hang": false,
//                       "echoStdin": false /* also print stdin on stderr, like a careless CLI would */ } }
// File names are relative to fixtures/captured (an absolute path is taken as it is).
// <subcommand> is the first argument after global flags (--config DIR), plus the next one for
// "image", "buildx" and "manifest" (e.g. "image ls", "buildx build", "manifest push"). A build that exits 0 writes the step's "iid" to
// its --iidfile and the captured file "metadata" to its --metadata-file, as the real CLI does. `{}` answers with exit 0 and no output. A subcommand the scenario does not
// script fails loudly (exit 125, the docker CLI's own "docker failed" code, and a message naming it):
// a test that forgot a step, or code that runs a call nobody expected, must not pass by accident.
// A login that exits 0 keeps the login in <--config DIR>/config.json as docker's file store does
// (auths[host].auth = base64 of user:password), so the config files the pipeline reads are real.
// $FAKE_DOCKER_ENGINE plays another engine's CLI with the same scenarios: `podman` keeps a login in its
// `--authfile FILE` and writes a push's digest to `--digestfile FILE` (from the step's "digest" capture);
// `nerdctl` and `finch` keep a login in $DOCKER_CONFIG/config.json, as they do.
'use strict';
const fs = require('fs');
const path = require('path');
const captured = path.join(__dirname, '..', 'fixtures', 'captured');

const argv = process.argv.slice(2);
let i = 0;
while (i < argv.length && argv[i].startsWith('-')) {
  i += argv[i] === '--config' ? 2 : 1;
}
let sub = argv[i] || '';
if (sub === 'image' || sub === 'buildx' || sub === 'manifest') sub += ` ${argv[i + 1] || ''}`;

let stdin = '';
const readStdin = !process.stdin.isTTY && argv.includes('--password-stdin');
if (readStdin) {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => (stdin += d));
  process.stdin.on('end', run);
} else {
  run();
}

function run() {
  if (process.env.FAKE_DOCKER_LOG) {
    // The AWS_* variables it got: a credential helper docker runs (ecr-login) would see exactly these.
    const aws = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('AWS_')));
    fs.appendFileSync(
      process.env.FAKE_DOCKER_LOG,
      JSON.stringify({
        argv,
        stdin,
        sub,
        dockerHost: process.env.DOCKER_HOST,
        dockerConfig: process.env.DOCKER_CONFIG,
        pid: process.pid,
        aws,
      }) + '\n',
    );
  }
  const scenario = process.env.FAKE_DOCKER_SCENARIO ? JSON.parse(fs.readFileSync(process.env.FAKE_DOCKER_SCENARIO, 'utf8')) : {};
  if (!Object.hasOwn(scenario, sub)) {
    process.stderr.write(`fake-docker: no scripted answer for "${sub}" (argv: ${JSON.stringify(argv)}); add it to the scenario\n`, () => {
      process.exitCode = 125;
    });
    return;
  }
  const step = pickStep(scenario[sub]);
  if (step.hang) {
    console.log(`pid ${process.pid}`);
    setInterval(() => undefined, 1000);
    return;
  }
  const out = step.stdout ? fs.readFileSync(path.resolve(captured, step.stdout), 'utf8') : '';
  const err = (step.stderr ? fs.readFileSync(path.resolve(captured, step.stderr), 'utf8') : '') + (step.echoStdin ? `got: ${stdin}\n` : '');
  // Line by line, like the real CLI streams a push.
  const lines = out.split(/(?<=\n)/).filter((l) => l.length > 0);
  const writeNext = () => {
    if (lines.length === 0) {
      process.stderr.write(err, () => {
        process.exitCode = step.exit || 0;
        if (sub === 'login' && !step.exit) keepLogin();
        if (!step.exit) writeBuildFiles(step);
        if ((sub === 'push' || sub === 'manifest push') && !step.exit && step.digest) writeDigest(step.digest);
      });
      return;
    }
    process.stdout.write(lines.shift(), () => setTimeout(writeNext, step.waitMs || 0));
  };
  writeNext();
}

function writeBuildFiles(step) {
  const iidAt = argv.indexOf('--iidfile');
  if (iidAt >= 0 && step.iid) fs.writeFileSync(argv[iidAt + 1], step.iid);
  const metadataAt = argv.indexOf('--metadata-file');
  if (metadataAt >= 0 && step.metadata) fs.copyFileSync(path.join(captured, step.metadata), argv[metadataAt + 1]);
}

function keepLogin() {
  const engine = process.env.FAKE_DOCKER_ENGINE || 'docker';
  let file;
  if (engine === 'podman') {
    const authAt = argv.indexOf('--authfile');
    if (authAt < 0) return;
    file = argv[authAt + 1];
  } else if (engine === 'nerdctl' || engine === 'finch') {
    if (!process.env.DOCKER_CONFIG) return;
    file = path.join(process.env.DOCKER_CONFIG, 'config.json');
  } else {
    const configAt = argv.indexOf('--config');
    if (configAt < 0) return;
    file = path.join(argv[configAt + 1], 'config.json');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const user = argv[argv.indexOf('--username') + 1];
  const host = argv[argv.length - 1];
  config.auths = { ...config.auths, [host]: { auth: Buffer.from(`${user}:${stdin.trim()}`).toString('base64') } };
  fs.writeFileSync(file, JSON.stringify(config, null, '\t'));
}

function writeDigest(capture) {
  const at = argv.indexOf('--digestfile');
  if (at >= 0) fs.writeFileSync(argv[at + 1], fs.readFileSync(path.resolve(captured, capture)));
}

function pickStep(entry) {
  if (!Array.isArray(entry)) return entry || {};
  let call = 0;
  if (process.env.FAKE_DOCKER_STATE) {
    const counter = path.join(process.env.FAKE_DOCKER_STATE, `${sub.replace(/\W+/g, '-')}.count`);
    call = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
    fs.writeFileSync(counter, String(call + 1));
  }
  return entry[Math.min(call, entry.length - 1)] || {};
}
