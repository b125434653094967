import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  ensureTopics,
  type IncomingRecord,
  KAFKA_CLIENTS,
  type KafkaClientName,
  type OutgoingRecord,
  rawTopic,
  rosettaTopics,
  startTransactionalPipeline,
} from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { standardTranslator } from '@rosetta/mappings';
import { normalize } from '@rosetta/normalize';
import { encodeRawRecord, type RawRecord } from '@rosetta/raw-record';

// Sustained normalizer throughput with 1 KiB raw records (target ≥ 20,000 outcomes/s) beside a plain
// consume→produce pass-through in the same transactional pipeline, and p99 raw→canonical latency at 2,000/s (< 50 ms),
// each measured on both Kafka clients in turn in this one run (kafkajs, then @platformatic/kafka) with their ratio.
const CLIENTS = Object.keys(KAFKA_CLIENTS) as KafkaClientName[];
const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const kafkaHandle = await resolveKafka({ ephemeral: true, log: () => undefined });
const connection = { brokers: kafkaHandle.brokers, clientId: 'bench' };
const kafka = createKafka(connection);
const admin = kafka.admin();
await admin.connect();
const outTopic = (name: string) => `bench.${name}.${randomUUID().slice(0, 6)}`;
await ensureTopics(admin, rosettaTopics({ partitions: 6, rawRetentionMs: 3600_000 }));

function raw(i: number, receivedAt: string): OutgoingRecord {
  const record: RawRecord = {
    rawVersion: 1,
    vocabulary: 'knox-efota',
    tenant: 'bench',
    recordId: `r-${i}`,
    receivedAt,
    received: { contentType: 'application/json', encoding: 'utf8', body: 'x'.repeat(760) },
    results: [
      { code: ['-2402', '900', '-1404', '-7003'][i % 4] ?? '-2402', device: { id: `dev-${i % 5000}` } },
    ],
  };
  return { topic: rawTopic('knox-efota'), key: `bench/dev-${i % 5000}`, value: encodeRawRecord(record) };
}

const publisher = await createPublisher({ ...connection, client: 'kafkajs' });
const now = new Date().toISOString();
console.log(`raw record size: ${Buffer.byteLength(raw(0, now).value as string)} bytes`);
for (let i = 0; i < N; i += 5000)
  await publisher.publish(Array.from({ length: 5000 }, (_, j) => raw(i + j, now)));

const translator = standardTranslator();
async function drain(
  client: KafkaClientName,
  name: string,
  transform: (r: IncomingRecord) => OutgoingRecord[],
  target: string,
): Promise<number> {
  await ensureTopics(admin, [{ topic: target, partitions: 6 }]);
  let consumed = 0;
  let started = 0n;
  let finished = 0n;
  await new Promise<void>((resolve) => {
    void startTransactionalPipeline(
      { ...connection, client },
      {
        groupId: `bench-${name}-${randomUUID()}`,
        topics: [rawTopic('knox-efota')],
        transform,
        maxRecordsPerTransaction: 2000,
        onCommitted: ({ records }) => {
          if (started === 0n) started = process.hrtime.bigint();
          consumed += records;
          if (consumed >= N) {
            finished = process.hrtime.bigint();
            resolve();
          }
        },
      },
    ).then((p) => pipelines.push(p));
  });
  for (const p of pipelines.splice(0)) await p.stop();
  const seconds = Number(finished - started) / 1e9;
  return N / seconds;
}
const pipelines: { stop(): Promise<void> }[] = [];

const passTopic = outTopic('passthrough');
const normTopic = outTopic('outcomes');
const passThrough = (topic: string) => (r: IncomingRecord) => [
  { topic, key: r.key?.toString() ?? '', value: r.value ?? Buffer.alloc(0), headers: r.headers },
];
const normalizeTo = (topic: string) => (r: IncomingRecord) => {
  const result = normalize(r, { translator, now: () => new Date().toISOString(), outcomesTopic: topic });
  const records = result.kind === 'outcomes' ? result.records : [result.record];
  return records.map((x) => ({ ...x, headers: { ...x.headers, sent_at: r.headers.sent_at ?? '' } }));
};
const rates = new Map<string, number>();
for (const client of CLIENTS)
  rates.set(`pass/${client}`, await drain(client, 'pass', passThrough(passTopic), passTopic));
for (const client of CLIENTS)
  rates.set(`norm/${client}`, await drain(client, 'norm', normalizeTo(normTopic), normTopic));
const fmt = (n: number | undefined) => Math.round(n ?? Number.NaN).toLocaleString('en');
const ratio = (what: string) =>
  ((rates.get(`${what}/platformatic`) ?? Number.NaN) / (rates.get(`${what}/kafkajs`) ?? Number.NaN)).toFixed(
    2,
  );
for (const client of CLIENTS) {
  const pass = rates.get(`pass/${client}`) ?? Number.NaN;
  const norm = rates.get(`norm/${client}`) ?? Number.NaN;
  console.log(
    `[${client}] pass-through consume→produce (transactional): ${fmt(pass)} records/s; normalizer (decode, translate, validate, CloudEvent): ${fmt(norm)} outcomes/s (target ≥ 20,000), ${(100 * (norm / pass)).toFixed(0)}% of pass-through`,
  );
}
console.log(
  `platformatic/kafkajs throughput ratio: pass-through ${ratio('pass')}×, normalizer ${ratio('norm')}×`,
);

// Latency at a steady 2,000 records/s: raw receivedAt (stamped at produce) → outcome visible to a read_committed consumer.
async function latency(
  client: KafkaClientName,
  name: string,
  transform: (r: IncomingRecord) => OutgoingRecord[],
  target: string,
): Promise<number[]> {
  await ensureTopics(admin, [{ topic: target, partitions: 6 }]);
  const pipeline = await startTransactionalPipeline(
    { ...connection, client },
    {
      groupId: `lat-${name}-${randomUUID()}`,
      topics: [rawTopic('knox-efota')],
      transform,
      maxRecordsPerTransaction: 200,
      fromBeginning: false,
    },
  );
  await new Promise((r) => setTimeout(r, 4000));
  const latencies: number[] = [];
  const consumer = kafka.consumer({
    groupId: `lat-read-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 10,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: target, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const sentAt = Number(message.headers?.sent_at?.toString());
      latencies.push(Date.now() - sentAt);
    },
  });
  await new Promise((r) => setTimeout(r, 4000));
  const rate = 2000;
  const seconds = 10;
  for (let s = 0; s < seconds * 20; s++) {
    const tick = Date.now();
    const batch = Array.from({ length: rate / 20 }, (_, j) => raw(N + s * 100 + j, new Date().toISOString()));
    await publisher.publish(batch.map((b) => ({ ...b, headers: { sent_at: String(Date.now()) } })));
    await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - tick))));
  }
  await new Promise((r) => setTimeout(r, 3000));
  await consumer.disconnect();
  await pipeline.stop();
  return latencies.sort((a, b) => a - b);
}
const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
for (const client of CLIENTS) {
  const passLat = await latency(client, 'pass', passThrough(`${passTopic}.lat`), `${passTopic}.lat`);
  const normLat = await latency(client, 'norm', normalizeTo(`${normTopic}.lat`), `${normTopic}.lat`);
  console.log(
    `[${client}] latency at 2,000/s, produce → visible to read_committed consumer: pass-through p50 ${pct(passLat, 50)} ms p99 ${pct(passLat, 99)} ms (${passLat.length} msgs); normalizer p50 ${pct(normLat, 50)} ms p99 ${pct(normLat, 99)} ms (${normLat.length} msgs; target p99 < 50 ms)`,
  );
}
await publisher.close();
await admin.disconnect();
await kafkaHandle.stop();
