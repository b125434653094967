import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createKafka, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';

// LwM2M scale on this machine: N simulated devices (each its own source port) register, get Object 5 observed, then
// notify State changes. Targets: 20,000 registered, registration ≥ 2,000/s, ≥ 5,000 notifications/s into Kafka,
// memory per registered device < 5 KiB. Printed for N = 1k, 5k, 20k.
const kafka = await resolveKafka({ ephemeral: true, log: () => undefined });
const admin = createKafka({ brokers: kafka.brokers, clientId: 'bench' }).admin();
await admin.connect();
await ensureTopics(admin, rosettaTopics());
await admin.disconnect();

/** The kernel's UDP counters (/proc/net/snmp): RcvbufErrors counts datagrams dropped because a socket's receive buffer was full. */
function udpCounters(): { rcvbufErrors: number; inErrors: number } {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/).map(Number) ?? [];
    const get = (name: string) => values[names.indexOf(name)] ?? Number.NaN;
    return { rcvbufErrors: get('RcvbufErrors'), inErrors: get('InErrors') };
  } catch {
    return { rcvbufErrors: Number.NaN, inErrors: Number.NaN };
  }
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const next = <T>(child: ChildProcess) =>
  new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
interface Stats {
  heapUsed: number;
  rss: number;
  registrations: number;
  published: number;
  notifications: number;
}

async function measure(n: number) {
  const adapter = fork(here('./adapter-child.ts'), {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, KAFKA_BROKERS: kafka.brokers.join(','), BENCH_SHORT_EXCHANGE_LIFETIME: '1' },
  });
  const { port } = await next<{ port: number }>(adapter);
  const stats = async () => {
    adapter.send('stats');
    return next<Stats>(adapter);
  };
  const baseline = await stats();
  const perWorker = 7000;
  const workers = Array.from({ length: Math.ceil(n / perWorker) }, () =>
    fork(here('./sim-worker.ts'), { execArgv: ['--import', 'tsx'] }),
  );
  const began = Date.now();
  const results = await Promise.all(
    workers.map((w, i) => {
      w.send({
        cmd: 'start',
        port,
        from: i * perWorker,
        count: Math.min(perWorker, n - i * perWorker),
        window: 64,
      });
      return next<{ registered: number; ms: number }>(w);
    }),
  );
  const registerSeconds = (Date.now() - began) / 1000;
  const registered = results.reduce((s, r) => s + r.registered, 0);
  // Each device's first notification of /5/0 (State and Update Result) becomes one raw record once it is observed.
  const deadline = Date.now() + 120_000;
  let s = await stats();
  while (s.published < n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    s = await stats();
  }
  const followSeconds = (Date.now() - began) / 1000;
  const perDeviceAfterBurst = (s.heapUsed - baseline.heapUsed) / n;
  // Steady state: once the registration exchanges have expired (the child shortened their lifetime to ~5 s).
  await new Promise((r) => setTimeout(r, 6000));
  const steady = await stats();
  const perDevice = (steady.heapUsed - baseline.heapUsed) / n;
  const before = s.published;
  const udpBefore = udpCounters();
  const t0 = Date.now();
  const rate = 6000;
  const sent = (
    await Promise.all(
      workers.map((w) => {
        w.send({ cmd: 'notify', rate: rate / workers.length, seconds: 5 });
        return next<{ sent: number }>(w);
      }),
    )
  ).reduce((sum, r) => sum + r.sent, 0);
  // Rate = records published between the first notification and the moment the last one reached Kafka.
  let after = await stats();
  const drainDeadline = Date.now() + 30_000;
  while (after.published - before < sent && Date.now() < drainDeadline) {
    await new Promise((r) => setTimeout(r, 100));
    after = await stats();
  }
  const notifySeconds = (Date.now() - t0) / 1000;
  const udpAfter = udpCounters();
  const received = after.notifications - s.notifications;
  console.log(
    `N=${String(n).padStart(6)}: registered ${registered}/${n} at ${Math.round(registered / registerSeconds).toLocaleString('en')}/s; ` +
      `all observed and first records in Kafka after ${followSeconds.toFixed(1)} s; heap per registered device ${(perDevice / 1024).toFixed(2)} KiB (${(perDeviceAfterBurst / 1024).toFixed(2)} KiB while the registration exchanges are held) ` +
      `(rss ${(after.rss / 1048576).toFixed(0)} MiB); notifications sent ${sent} at ${Math.round(sent / 5).toLocaleString('en')}/s → ${received} received, ${after.published - before} raw records in Kafka at ${Math.round((after.published - before) / notifySeconds).toLocaleString('en')}/s; ` +
      `kernel UDP drops meanwhile: RcvbufErrors ${udpAfter.rcvbufErrors - udpBefore.rcvbufErrors}, InErrors ${udpAfter.inErrors - udpBefore.inErrors} (machine-wide)`,
  );
  for (const w of workers) w.send({ cmd: 'stop' });
  adapter.kill('SIGKILL');
}

for (const n of (process.env.BENCH_DEVICES ?? '1000,5000,20000').split(',').map(Number)) await measure(n);
console.log(
  'targets: 20,000 registered; registration ≥ 2,000/s; ≥ 5,000 notifications/s into Kafka; < 5 KiB per device',
);
await kafka.stop();
