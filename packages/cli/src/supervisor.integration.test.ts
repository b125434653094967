import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.ts';

// Real child processes: a service that runs until told to stop, and one that crashes at once.
const dir = mkdtempSync(join(tmpdir(), 'rosetta-supervisor-'));
const steady = join(dir, 'steady.mjs');
const crashing = join(dir, 'crashing.mjs');
writeFileSync(
  steady,
  "console.log('up ' + process.env.NAME); process.on('SIGTERM', () => { console.log('drained'); process.exit(0); }); setInterval(() => {}, 1000);",
);
writeFileSync(crashing, "console.error('boom'); process.exit(3);");

const until = async (condition: () => boolean, timeoutMs = 20_000) => {
  for (const end = Date.now() + timeoutMs; Date.now() < end && !condition(); )
    await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
};

describe('Supervisor', () => {
  it('runs each service in its own process, restarts one that was killed, and stops all with SIGTERM', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      print: (l) => lines.push(l),
      backoff: { initialMs: 50, maxMs: 100 },
    });
    supervisor.start({ name: 'a', run: { main: steady }, env: { NAME: 'a' } });
    supervisor.start({ name: 'b', run: { main: steady }, env: { NAME: 'b' } });
    expect(await until(() => lines.includes('[a] up a') && lines.includes('[b] up b'))).toBe(true);
    const first = supervisor.pids();
    expect(first.a).not.toBe(first.b);
    process.kill(first.a ?? 0, 'SIGKILL');
    expect(await until(() => lines.filter((l) => l === '[a] up a').length === 2)).toBe(true);
    expect(lines.some((l) => /\[supervisor\] a exited \(signal SIGKILL\); restarting/.test(l))).toBe(true);
    expect(supervisor.pids().b).toBe(first.b); // the other service was not disturbed
    await supervisor.stop();
    expect(lines.filter((l) => l.endsWith('drained'))).toHaveLength(2);
  }, 60_000);

  it('gives up on a service that keeps failing: everything stops, with the reason', async () => {
    const lines: string[] = [];
    let reason = '';
    const supervisor = new Supervisor({
      print: (l) => lines.push(l),
      maxRestarts: 2,
      backoff: { initialMs: 10, maxMs: 20 },
      onGiveUp: (why) => {
        reason = why;
      },
    });
    supervisor.start({ name: 'steady', run: { main: steady }, env: { NAME: 'steady' } });
    supervisor.start({ name: 'crashing', run: { main: crashing }, env: {} });
    expect(await until(() => reason !== '')).toBe(true);
    expect(reason).toMatch(/crashing exited 3 times within 60 s \(last: code 3\)/);
    expect(lines.filter((l) => l === '[crashing] boom')).toHaveLength(3);
    expect(lines).toContain('[steady] drained');
  }, 60_000);
});
