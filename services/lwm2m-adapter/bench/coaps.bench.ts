import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafka, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { freePort, resolveKafka } from '@rosetta/local-kafka';
import { dtlsGatewayCommand, ensureDtlsGateway } from '../src/dtls-gateway.ts';
import { benchCredential } from './bench-credentials.ts';
import { simFleet } from './sim-fleet.ts';

// LwM2M over coaps and over NoSec, side by side in one run: N simulated devices (DTLS PSK from node-dtls-client, one
// session and UDP socket each) handshake with the DTLS gateway (Eclipse Californium Scandium), register with the
// adapter through it, get Object 5 observed, then notify State changes into Kafka; the same N over NoSec follow.
// Printed: PSK handshakes/s, registrations/s, time until all observed, notifications/s into Kafka, adapter heap per
// device, gateway RSS per DTLS session, and the coaps/NoSec ratio of each.
const kafka = await resolveKafka({ ephemeral: true, log: () => undefined });
const admin = createKafka({ brokers: kafka.brokers, clientId: 'bench' }).admin();
await admin.connect();
await ensureTopics(admin, rosettaTopics());
await admin.disconnect();
ensureDtlsGateway(() => undefined);

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const next = <T>(child: ChildProcess) =>
  new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
interface Stats {
  heapUsed: number;
  rss: number;
  registrations: number;
  published: number;
  notifications: number;
}
interface Figures {
  handshakesPerSecond: number;
  registrationsPerSecond: number;
  registered: number;
  allObservedSeconds: number;
  notificationsPerSecond: number;
  notificationsSent: number;
  notificationsPublished: number;
  heapPerDeviceKiB: number;
  gatewayRssPerSessionKiB: number;
}

/** Resident memory of a process (KiB), from /proc. */
function rssKiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

async function startGateway(n: number, sessionSocket: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-coaps-'));
  const securityFile = join(dir, 'security.json');
  writeFileSync(
    securityFile,
    JSON.stringify({
      psk: Array.from({ length: n }, (_, i) => {
        const c = benchCredential(i);
        return { identity: c.identity, key: c.key.toString('hex'), endpoint: c.endpoint };
      }),
    }),
  );
  const [port, adminPort] = [await freePort(), await freePort()];
  const run = dtlsGatewayCommand({
    enabled: true,
    listen: { host: '127.0.0.1', port },
    sessionSocket,
    securityFile,
    admin: { host: '127.0.0.1', port: adminPort },
    maxSessions: n + 1000,
    idleSeconds: 3600,
  });
  const child = spawn(run.command, run.args, {
    env: { ...process.env, ...run.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${adminPort}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    await sleep(200);
  }
  return { child, port };
}

async function measure(mode: 'nosec' | 'coaps', n: number): Promise<Figures> {
  const sessionSocket = join(mkdtempSync(join(tmpdir(), 'bench-sessions-')), 'sessions.sock');
  const adapter = fork(here('./adapter-child.ts'), {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      KAFKA_BROKERS: kafka.brokers.join(','),
      ...(mode === 'coaps' ? { BENCH_SESSION_SOCKET: sessionSocket } : {}),
    },
  });
  const { port: adapterPort } = await next<{ port: number }>(adapter);
  const stats = async () => {
    adapter.send('stats');
    return next<Stats>(adapter);
  };
  const gateway = mode === 'coaps' ? await startGateway(n, sessionSocket) : undefined;
  const gatewayBaseline = gateway ? rssKiB(gateway.child.pid) : 0;
  const baseline = await stats();
  const fleet = await simFleet({
    port: gateway ? gateway.port : adapterPort,
    n,
    perWorker: 5000,
    secure: mode === 'coaps',
  });
  const handshakeSeconds = fleet.openSeconds;
  const began = Date.now();
  const registered = await fleet.register();
  const registerSeconds = (Date.now() - began) / 1000;
  const deadline = Date.now() + 180_000;
  let s = await stats();
  while (s.published < registered && Date.now() < deadline) {
    await sleep(500);
    s = await stats();
  }
  const allObservedSeconds = (Date.now() - began) / 1000;
  await sleep(6000); // then the settled heap is measured (real exchange lifetimes: what a registration storm costs)
  const settled = await stats();
  const gatewayRss = gateway ? rssKiB(gateway.child.pid) : 0;
  const before = settled.published;
  const t0 = Date.now();
  const sent = await fleet.notify(4000, 5);
  let after = await stats();
  const drain = Date.now() + 30_000;
  while (after.published - before < sent && Date.now() < drain) {
    await sleep(100);
    after = await stats();
  }
  const notifySeconds = (Date.now() - t0) / 1000;
  fleet.stop();
  adapter.kill('SIGKILL');
  gateway?.child.kill('SIGKILL');
  return {
    handshakesPerSecond: mode === 'coaps' ? n / handshakeSeconds : Number.NaN,
    registrationsPerSecond: registered / registerSeconds,
    registered,
    allObservedSeconds,
    notificationsPerSecond: (after.published - before) / notifySeconds,
    notificationsSent: sent,
    notificationsPublished: after.published - before,
    heapPerDeviceKiB: (settled.heapUsed - baseline.heapUsed) / n / 1024,
    gatewayRssPerSessionKiB: gateway ? (gatewayRss - gatewayBaseline) / n : Number.NaN,
  };
}

const fmt = (v: number, digits = 0) =>
  Number.isNaN(v) ? '—' : v.toLocaleString('en', { maximumFractionDigits: digits });
for (const n of (process.env.BENCH_COAPS_DEVICES ?? '1000,20000').split(',').map(Number)) {
  const secure = await measure('coaps', n);
  const plain = await measure('nosec', n);
  console.log(
    `N=${String(n).padStart(6)} coaps: ${fmt(secure.handshakesPerSecond)} PSK handshakes/s; registered ${secure.registered}/${n} at ${fmt(secure.registrationsPerSecond)}/s; ` +
      `all observed after ${fmt(secure.allObservedSeconds, 1)} s; notifications ${secure.notificationsPublished}/${secure.notificationsSent} into Kafka at ${fmt(secure.notificationsPerSecond)}/s; ` +
      `adapter heap ${fmt(secure.heapPerDeviceKiB, 2)} KiB/device; gateway RSS ${fmt(secure.gatewayRssPerSessionKiB, 2)} KiB/session`,
  );
  console.log(
    `N=${String(n).padStart(6)} NoSec: registered ${plain.registered}/${n} at ${fmt(plain.registrationsPerSecond)}/s; all observed after ${fmt(plain.allObservedSeconds, 1)} s; ` +
      `notifications ${plain.notificationsPublished}/${plain.notificationsSent} into Kafka at ${fmt(plain.notificationsPerSecond)}/s; adapter heap ${fmt(plain.heapPerDeviceKiB, 2)} KiB/device`,
  );
  console.log(
    `N=${String(n).padStart(6)} coaps/NoSec: registrations/s ${fmt(secure.registrationsPerSecond / plain.registrationsPerSecond, 2)}; ` +
      `time to all observed ${fmt(secure.allObservedSeconds / plain.allObservedSeconds, 2)}; notifications/s ${fmt(secure.notificationsPerSecond / plain.notificationsPerSecond, 2)}; ` +
      `adapter heap/device ${fmt(secure.heapPerDeviceKiB / plain.heapPerDeviceKiB, 2)}`,
  );
}
await kafka.stop();
