import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createKafka, createPublisher, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { freePort, resolveKafka } from '@rosetta/local-kafka';
import { simFleet } from './sim-fleet.ts';

// Rosetta's LwM2M adapter and a minimal Eclipse Leshan server (test/peers/leshan-bench-server: leshan-server-cf,
// in-memory store) side by side, in the same run, driven by one load generator: N simulated devices (raw CoAP, one UDP
// socket each, spread over worker processes and loopback addresses 127.0.0.x) register; each server reads /3/0 and
// observes /5/0; then the devices notify State changes. Rosetta also writes every notification to Kafka, which Leshan
// does not do. Exchange lifetimes are the real ones (247 s): the heap right after the burst is what a registration
// storm costs. Printed per N: registrations/s, time until all observed, notifications delivered/sent, server CPU
// seconds per 1,000 registrations, heap per device (live after the burst, settled and in its middle; the peak with
// garbage), RSS per device, UDP drops, Rosetta/Leshan ratios. Rosetta's heap is its main thread's (the registrations);
// its Kafka and UDP threads are in its RSS.
const PEER = fileURLToPath(new URL('../../../test/peers/leshan-bench-server/', import.meta.url));
const DEVICES_PER_WORKER = 12_500;
const NOTIFY_RATE = 5000;
const NOTIFY_SECONDS = 5;

if (!existsSync(`${PEER}target/classes/dev/rosetta/peers/BenchServer.class`))
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: PEER, stdio: 'inherit' });
const kafka = await resolveKafka({ ephemeral: true, log: () => undefined });
const admin = createKafka({ brokers: kafka.brokers, clientId: 'bench' }).admin();
await admin.connect();
await ensureTopics(admin, [...rosettaTopics(), { topic: 'bench.warmup', partitions: 6 }]);
await admin.disconnect();
await warmBroker();

/**
 * A production broker is long-running: before any measurement, 100,000 records of a raw record's size go through it,
 * so its JIT compilation is not billed to whichever server happens to run first.
 */
async function warmBroker() {
  const publisher = await createPublisher({ brokers: kafka.brokers, clientId: 'bench-warmup' });
  const value = Buffer.alloc(750, 'x');
  for (let batch = 0; batch < 200; batch++)
    await publisher.publish(
      Array.from({ length: 500 }, (_, i) => ({ topic: 'bench.warmup', key: `device-${i}`, value })),
    );
  await publisher.close();
}
/** The local broker's CPU seconds so far (NaN when Kafka is not a local JVM of this run). */
const brokerCpuSeconds = () => {
  const pid = kafka.local?.pid();
  return pid === undefined ? Number.NaN : cpuSeconds(pid);
};

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** The child's next message; a child that exits first (a bad flag, a crash) fails the bench instead of hanging it. */
const next = <T>(child: ChildProcess) =>
  new Promise<T>((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`bench child exited (code ${code}) before answering`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m as T);
    });
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const sumOf = (pids: number[], of: (pid: number) => number) => pids.reduce((sum, pid) => sum + of(pid), 0);
const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) * 1024;
function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/).map(Number) ?? [];
  return values[names.indexOf('RcvbufErrors')] ?? Number.NaN;
}

interface ServerStats {
  heapUsed: number;
  registrations: number;
  delivered: number;
  dropped: number;
}

/** A server under measurement: its processes, port, live heap after a full GC, and notifications it delivered. */
interface Server {
  name: string;
  pids: number[];
  port: number;
  /** After a full GC (the live heap), or with `peek` as it is, garbage included. */
  stats(peek?: 'peek'): Promise<ServerStats>;
  stop(): void;
}

/**
 * Rosetta's adapter in `processes` processes: with more than one they bind the same port with SO_REUSEPORT
 * (`reusePort`, one process per core, README: scaling) and the kernel shares the devices out by address.
 */
async function startRosetta(processes: number, client: string): Promise<Server> {
  const port = processes > 1 ? await freePort() : 0;
  const children = Array.from({ length: processes }, () =>
    fork(here('./adapter-child.ts'), {
      // BENCH_CPU_PROF=<dir>: the adapter's CPU profile of the whole run, written there when it stops.
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ],
      env: {
        ...process.env,
        KAFKA_BROKERS: kafka.brokers.join(','),
        ROSETTA_KAFKA_CLIENT: client,
        BENCH_PORT: String(port),
        ...(processes > 1 ? { BENCH_REUSE_PORT: 'true' } : {}),
      },
    }),
  );
  const ports = await Promise.all(children.map((child) => next<{ port: number }>(child)));
  const all = async (message: string) =>
    Promise.all(
      children.map((child) => {
        child.send(message);
        return next<{ heapUsed: number; registrations: number; published: number; dropped: number }>(child);
      }),
    );
  return {
    name: `Rosetta${processes > 1 ? ` ×${processes}` : ''} ${client}`,
    pids: children.map((child) => child.pid ?? 0),
    port: ports[0]?.port ?? 0,
    stats: async (peek) => {
      const each = await all(peek ?? 'stats');
      return {
        heapUsed: each.reduce((sum, s) => sum + s.heapUsed, 0),
        registrations: each.reduce((sum, s) => sum + s.registrations, 0),
        delivered: each.reduce((sum, s) => sum + s.published, 0),
        // Datagrams the adapter refused on arrival (not CoAP, or its receive queue full): drops like the kernel's.
        dropped: each.reduce((sum, s) => sum + s.dropped, 0),
      };
    },
    stop: () => {
      for (const child of children) child.send('exit');
    },
  };
}

async function startLeshan(): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    'java',
    [
      '-XX:+UseParallelGC',
      '-cp',
      `${PEER}target/classes:${PEER}target/lib/*`,
      'dev.rosetta.peers.BenchServer',
      '127.0.0.1',
      String(port),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const line = () => new Promise<string>((resolve) => waiting.push(resolve));
  if (!(await line()).startsWith('listening')) throw new Error('Leshan bench server did not start');
  return {
    name: 'Leshan',
    pids: [child.pid ?? 0],
    port,
    stats: async (peek) => {
      const answer = line();
      child.stdin?.write(`${peek ?? 'stats'}\n`);
      const s = JSON.parse(await answer) as {
        heapUsed: number;
        registrations: number;
        notifications: number;
      };
      return { heapUsed: s.heapUsed, registrations: s.registrations, delivered: s.notifications, dropped: 0 };
    },
    stop: () => child.kill('SIGKILL'),
  };
}

interface Figures {
  registered: number;
  registrationsPerSecond: number;
  allObservedSeconds: number;
  cpuPerThousand: number;
  /** The broker's CPU for the same registrations (Rosetta writes each device's first state to Kafka). */
  brokerCpuPerThousand: number;
  heapBurstKiB: number;
  /** The largest heap seen while devices registered, without forcing a GC: an upper bound at every moment. */
  heapPeakKiB: number;
  /** The live heap (after a full GC) once half the devices are registered: in the middle of the burst. */
  heapMidBurstKiB: number;
  heapSettledKiB: number;
  rssBurstKiB: number;
  rssSettledKiB: number;
  sent: number;
  delivered: number;
  notificationsPerSecond: number;
  udpDrops: number;
  /** Datagrams the server itself dropped on arrival (Rosetta's receive queue; Leshan reports none). */
  serverDrops: number;
}

async function measure(server: Server, n: number): Promise<Figures> {
  const baseline = await server.stats();
  const rssBaseline = sumOf(server.pids, rssBytes);
  const fleet = await simFleet({ port: server.port, n, perWorker: DEVICES_PER_WORKER });
  const drops = udpDrops();
  const cpu = sumOf(server.pids, cpuSeconds);
  const brokerCpu = brokerCpuSeconds();
  const began = Date.now();
  // The heap as it is (garbage included), sampled through the burst: an upper bound of the heap at every moment. Once
  // half the devices are registered, one sample after a full GC: the live heap in the middle of the burst.
  let peak = 0;
  let midBurst: { heapUsed: number; registered: number } | undefined;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = await server.stats('peek');
      peak = Math.max(peak, now.heapUsed);
      if (midBurst === undefined && now.registrations - baseline.registrations >= n / 2)
        midBurst = {
          heapUsed: (await server.stats()).heapUsed,
          registered: now.registrations - baseline.registrations,
        };
      await sleep(250);
    }
  })();
  const registered = await fleet.register();
  const registerSeconds = (Date.now() - began) / 1000;
  for (
    const deadline = Date.now() + 180_000;
    (await fleet.observed()) < registered && Date.now() < deadline;
  )
    await sleep(100);
  sampling = false;
  await sampler;
  const allObservedSeconds = (Date.now() - began) / 1000;
  const cpuPerThousand = (sumOf(server.pids, cpuSeconds) - cpu) / (n / 1000);
  const brokerCpuPerThousand = (brokerCpuSeconds() - brokerCpu) / (n / 1000);
  const burst = await server.stats();
  const rssBurst = sumOf(server.pids, rssBytes);
  await sleep(10_000);
  const settled = await server.stats();
  const rssSettled = sumOf(server.pids, rssBytes);
  const notifyBegan = Date.now();
  const sent = await fleet.notify(NOTIFY_RATE, NOTIFY_SECONDS);
  let after = await server.stats();
  for (
    const deadline = Date.now() + 30_000;
    after.delivered - settled.delivered < sent && Date.now() < deadline;
  ) {
    await sleep(200);
    after = await server.stats();
  }
  const notifySeconds = (Date.now() - notifyBegan) / 1000;
  fleet.stop();
  server.stop();
  const perDevice = (bytes: number) => bytes / n / 1024;
  return {
    registered,
    registrationsPerSecond: registered / registerSeconds,
    allObservedSeconds,
    cpuPerThousand,
    brokerCpuPerThousand,
    heapBurstKiB: perDevice(burst.heapUsed - baseline.heapUsed),
    heapPeakKiB: perDevice(peak - baseline.heapUsed),
    // Per device registered at that moment.
    heapMidBurstKiB: midBurst
      ? (midBurst.heapUsed - baseline.heapUsed) / midBurst.registered / 1024
      : Number.NaN,
    heapSettledKiB: perDevice(settled.heapUsed - baseline.heapUsed),
    rssBurstKiB: perDevice(rssBurst - rssBaseline),
    rssSettledKiB: perDevice(rssSettled - rssBaseline),
    sent,
    delivered: after.delivered - settled.delivered,
    notificationsPerSecond: (after.delivered - settled.delivered) / notifySeconds,
    udpDrops: udpDrops() - drops,
    serverDrops: after.dropped - baseline.dropped,
  };
}

const fmt = (v: number, digits = 0) => v.toLocaleString('en', { maximumFractionDigits: digits });
const line = (name: string, n: number, f: Figures) =>
  `N=${String(n).padStart(6)} ${name.padEnd(20)}: registered ${f.registered}/${n} at ${fmt(f.registrationsPerSecond)}/s; ` +
  `all observed after ${fmt(f.allObservedSeconds, 1)} s; CPU ${fmt(f.cpuPerThousand, 2)} s per 1,000 registrations` +
  `${name === 'Leshan' ? '' : ` (+ ${fmt(f.brokerCpuPerThousand, 2)} s in the Kafka broker)`}; ` +
  `heap ${fmt(f.heapBurstKiB, 2)} KiB/device after the burst, ${fmt(f.heapSettledKiB, 2)} settled, ${Number.isNaN(f.heapMidBurstKiB) ? '–' : fmt(f.heapMidBurstKiB, 2)} live mid-burst, at most ${fmt(f.heapPeakKiB, 2)} during it (garbage included); ` +
  `RSS ${fmt(f.rssBurstKiB, 2)} / ${fmt(f.rssSettledKiB, 2)} KiB/device; notifications ${f.delivered}/${f.sent} delivered` +
  `${name === 'Leshan' ? '' : ' into Kafka'} at ${fmt(f.notificationsPerSecond)}/s; kernel UDP receive drops ${f.udpDrops}` +
  `${name === 'Leshan' ? '' : `, adapter receive-queue drops ${f.serverDrops}`}`;

const sizes = (process.env.BENCH_LESHAN_DEVICES ?? '1000,20000,100000').split(',').map(Number);
// Rosetta on each Kafka client (BENCH_ROSETTA_CLIENTS), in one process and in one per core sharing the port
// (SO_REUSEPORT, BENCH_ROSETTA_PROCESSES): Leshan's threads use both cores, and so do two adapter processes.
const clients = (process.env.BENCH_ROSETTA_CLIENTS ?? 'kafkajs,platformatic').split(',');
const rosettas = (process.env.BENCH_ROSETTA_PROCESSES ?? '1,2')
  .split(',')
  .map(Number)
  .flatMap((processes) => clients.map((client) => ({ processes, client })));
// BENCH_LESHAN_ONLY=Leshan|Rosetta measures those alone (to profile them); no ratios then.
const only = process.env.BENCH_LESHAN_ONLY;
const servers = [
  { name: 'Leshan', start: startLeshan },
  ...rosettas.map(({ processes, client }) => ({
    name: 'Rosetta',
    start: () => startRosetta(processes, client),
  })),
].filter((server) => only === undefined || server.name === only);
for (const [index, n] of sizes.entries()) {
  // Who goes first rotates with N, so none always meets a cold or a warm machine.
  const order = servers.map((_, i) => servers[(i + index) % servers.length]).filter((s) => s !== undefined);
  const figures = new Map<string, Figures>();
  for (const { start } of order) {
    const server = await start();
    const measured = await measure(server, n);
    figures.set(server.name, measured);
    console.log(line(server.name, n, measured));
    await sleep(2000);
  }
  const leshan = figures.get('Leshan');
  const ratio = (r: number, l: number) => fmt(r / l, 2);
  for (const [name, rosetta] of figures) {
    if (!leshan || name === 'Leshan') continue;
    console.log(
      `N=${String(n).padStart(6)} ${name}/Leshan: registrations/s ${ratio(rosetta.registrationsPerSecond, leshan.registrationsPerSecond)} (higher is better); ` +
        `time to all observed ${ratio(rosetta.allObservedSeconds, leshan.allObservedSeconds)}, CPU per registration ${ratio(rosetta.cpuPerThousand, leshan.cpuPerThousand)}, ` +
        `heap/device after the burst ${ratio(rosetta.heapBurstKiB, leshan.heapBurstKiB)}, RSS/device ${ratio(rosetta.rssBurstKiB, leshan.rssBurstKiB)} (lower is better)`,
    );
  }
}
console.log(
  'targets (issue 19): at 20,000 and 100,000 registrations/s and time to all observed at least Leshan’s, every notification delivered, no UDP receive drops, live heap < 5 KiB/device in the middle of the burst and after it, RSS/device ≤ 0.5× Leshan’s',
);
await kafka.stop();
