/**
 * Diagnostic, not part of the report (`node out/test/bench/runBench.js --only=profile`): CPU-profiles
 * the extension host through a warm and a cold push and lists the event-loop stalls over 20 ms with the
 * functions that ran longest in the profile, to find what blocks the host during a push.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, now, runSuite, workDir, writeResult } from './benchHost';
import { dropExtensionTokens, extensionPush, freshImage, unique } from './pushTools';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Stalls: gaps between 5 ms ticks longer than 20 ms, as [startMs, lengthMs] relative to `origin`. */
function stallWatcher(origin: number): { stop(): Array<[number, number]> } {
  const stalls: Array<[number, number]> = [];
  let last = now();
  const timer = setInterval(() => {
    const t = now();
    if (t - last > 25) stalls.push([last - origin, t - last - 5]);
    last = t;
  }, 5);
  return { stop: () => (clearInterval(timer), stalls) };
}

/** Functions with the most samples inside [from, to] ms of the profile. */
function topFunctions(profile: Profile, fromMs: number, toMs: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<string, number>();
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] / 1000;
    if (t < fromMs || t > toMs) continue;
    const frame = byId.get(profile.samples[i])!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, n]) => `${n} ${name}`);
}

export async function run(): Promise<void> {
  await runSuite('profile', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const repo = unique('bench/prof');
    await extensionPush(await freshImage('bench/prof', 64 * 1024), repo, 'setup');
    const warmImage = await freshImage('bench/prof', 5 * 1024 * 1024);
    const coldImage = await freshImage('bench/prof', 5 * 1024 * 1024);
    const session = new inspector.Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
    const report: Record<string, unknown> = {};
    for (const [name, push] of [
      ['warm', () => extensionPush(warmImage, repo, 'warm')],
      [
        'cold',
        async () => {
          await dropExtensionTokens();
          await extensionPush(coldImage, unique('bench/prof-cold'), 'cold');
        },
      ],
    ] as const) {
      await post(session, 'Profiler.start');
      const origin = now();
      const watcher = stallWatcher(origin);
      await push();
      const stalls = watcher.stop();
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      fs.writeFileSync(path.join(workDir(), `${name}.cpuprofile`), JSON.stringify(profile));
      report[name] = stalls.map(([start, length]) => ({
        startMs: Math.round(start),
        lengthMs: Math.round(length),
        top: topFunctions(profile, start, start + length + 5),
      }));
    }
    session.disconnect();
    writeResult(report);
  });
}
