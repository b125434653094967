import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  type IncomingRecord,
  type OutgoingRecord,
  startTransactionalPipeline,
} from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { exampleOutcome, type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { startLifecycle } from '../src/app.ts';

// The lifecycle service beside a plain transactional pass-through over the same outcomes, in one run (kafkajs):
// outcomes tracked per second and their ratio, heap per active update, the time a fresh instance takes to restore
// every update from the changelog, and how long after its deadline a timeout is visible to a read_committed consumer
// while all updates have deadlines running. Run with --expose-gc (the script does) for the heap figure.
const N = Number(process.env.BENCH_UPDATES ?? 100_000);
const DUE = 1000; // updates whose deadlines pass during the timeout phase, spread over DUE_SPREAD_MS
const DUE_SPREAD_MS = 5000;
const HOUR = 3600_000;
const kafkaHandle = await resolveKafka({ ephemeral: true, log: () => undefined });
const brokers = kafkaHandle.brokers;
const connection = { brokers, clientId: 'lifecycle-bench' };
const kafka = createKafka(connection);
const admin = kafka.admin();
await admin.connect();
const tag = randomUUID().slice(0, 6);
const outcomesTopic = `bench.lc.outcomes.${tag}`;
const updatesTopic = `bench.lc.updates.${tag}`;
const passTopic = `bench.lc.pass.${tag}`;
await admin.createTopics({
  waitForLeaders: true,
  topics: [
    { topic: outcomesTopic, numPartitions: 6 },
    { topic: passTopic, numPartitions: 6 },
    {
      topic: updatesTopic,
      numPartitions: 6,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    },
  ],
});

// One open download per device (lwm2m-fw: PT1H deadline). The first DUE devices reported 10 minutes earlier, spread
// over DUE_SPREAD_MS, so their deadlines come first.
const t0 = Date.now();
const base = exampleOutcome('lwm2m-update-succeeded');
const outcome = (i: number): Outcome => ({
  ...base,
  id: randomUUID(),
  device: { id: `dev-${i}` },
  operation: { type: 'firmware_update', stage: 'download', correlation: { campaignId: 'bench' } },
  outcome: { ...base.outcome, code: 'DOWNLOADING', status: 'in_progress', final: false },
  occurredAt: new Date(i < DUE ? t0 - 10 * 60_000 + (i * DUE_SPREAD_MS) / DUE : t0).toISOString(),
});
{
  const publisher = await createPublisher(connection);
  const recordedAt = new Date().toISOString();
  for (let i = 0; i < N; i += 300) {
    const chunk = Array.from({ length: Math.min(300, N - i) }, (_, j) => ({
      topic: outcomesTopic,
      ...toCloudEvent(outcome(i + j), recordedAt),
    }));
    await publisher.publish(chunk);
  }
  await publisher.close();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** From a group's first committed offset to all N: records per second (joining the group is not counted). */
async function committedRate(groupId: string): Promise<number> {
  let first: { at: number; done: number } | undefined;
  for (;;) {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [outcomesTopic] });
    const done = (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    const at = performance.now();
    if (done > 0 && !first) first = { at, done };
    if (first && done >= N) return (N - first.done) / ((at - first.at) / 1000);
    await sleep(50);
  }
}

const passGroup = `bench-pass-${tag}`;
const pass = await startTransactionalPipeline(connection, {
  groupId: passGroup,
  topics: [outcomesTopic],
  transform: (r: IncomingRecord): OutgoingRecord[] => [
    { topic: passTopic, key: r.key?.toString() ?? '', value: r.value ?? Buffer.alloc(0), headers: r.headers },
  ],
});
const passRate = await committedRate(passGroup);
await pass.stop();

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const group = `bench-lifecycle-${tag}`;
const quiet = () => undefined;
const first = await startLifecycle({ brokers, groupId: group, outcomesTopic, updatesTopic, log: quiet });
const trackRate = await committedRate(group);
gc();
const heapPerUpdate = (process.memoryUsage().heapUsed - heapBefore) / first.activeUpdates();
const active = first.activeUpdates();
await first.stop();

// A fresh instance claims all six partitions and restores every update before it handles anything.
let shift = 0;
const restoreStarted = performance.now();
const second = await startLifecycle({
  brokers,
  groupId: group,
  outcomesTopic,
  updatesTopic,
  log: quiet,
  now: () => Date.now() + shift,
});
while (second.counters.restored < N) await sleep(20);
const restoreSeconds = (performance.now() - restoreStarted) / 1000;

// Timeouts: move the instance's clock so that the first DUE deadlines pass over the next DUE_SPREAD_MS, starting 2 s
// from now, and time each timed-out outcome from its deadline to a read_committed consumer.
const reader = kafka.consumer({ groupId: `bench-reader-${tag}`, maxWaitTimeInMs: 10 });
await reader.connect();
await reader.subscribe({ topic: outcomesTopic, fromBeginning: false });
const latencies: number[] = [];
let allSeen: () => void = () => undefined;
const seen = new Promise<void>((resolve) => (allSeen = resolve));
await reader.run({
  eachMessage: async ({ message }) => {
    const value = JSON.parse(message.value?.toString() ?? '{}') as Outcome;
    if (value.outcome?.code !== 'UPDATE_TIMED_OUT') return;
    latencies.push(Date.now() - (Date.parse(value.occurredAt) - shift));
    if (latencies.length >= DUE) allSeen();
  },
});
await sleep(3000); // the reader's group settles at the end of the topic
const firstDeadline = t0 - 10 * 60_000 + HOUR;
shift = firstDeadline - (Date.now() + 2000);
await Promise.race([seen, sleep(60_000)]);
await reader.disconnect();
await second.stop();
await admin.disconnect();
await kafkaHandle.stop();

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const fmt = (n: number) => Math.round(n).toLocaleString('en');
console.log(
  `pass-through consume→produce (transactional): ${fmt(passRate)} outcomes/s; lifecycle (validate, apply, update record): ${fmt(trackRate)} outcomes/s, ${(trackRate / passRate).toFixed(2)}× pass-through`,
);
console.log(
  `heap per active update: ${(heapPerUpdate / 1024).toFixed(2)} KiB (${fmt(active)} active updates, each with a deadline)`,
);
console.log(
  `restore of ${fmt(N)} updates by a fresh instance (6 partitions): ${restoreSeconds.toFixed(1)} s`,
);
console.log(
  `timeout latency, deadline → visible to a read_committed consumer, ${fmt(latencies.length)} of ${fmt(DUE)} deadlines passing over ${DUE_SPREAD_MS / 1000} s among ${fmt(N)} active (tick 1 s): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms`,
);
process.exit(0);
