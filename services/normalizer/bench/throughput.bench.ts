import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createPublisher,
  ensureTopics,
  type IncomingRecord,
  type OutgoingRecord,
  rawTopic,
  rosettaTopics,
  startTransactionalPipeline,
} from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { standardTranslator } from '@rosetta/mappings';
import { encodeRawRecord, type RawRecord } from '@rosetta/raw-record';
import { normalize } from '../src/normalize.ts';

// Sustained normalizer throughput with 1 KiB raw records (target ≥ 20,000 outcomes/s) beside a plain
// consume→produce pass-through in the same transactional pipeline, and p99 raw→canonical latency at 2,000/s (< 50 ms).
const N = Number(process.env.BENCH_RECORDS ?? 100_000);
const kafkaHandle = await resolveKafka({ ephemeral: true, log: () => undefined });
const kafka = createKafka({ brokers: kafkaHandle.brokers, clientId: 'bench' });
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
    results: [{ code: ['-2402', '900', '-1404', '-7003'][i % 4]!, device: { id: `dev-${i % 5000}` } }],
  };
  return { topic: rawTopic('knox-efota'), key: `bench/dev-${i % 5000}`, value: encodeRawRecord(record) };
}

const publisher = await createPublisher(kafka);
const now = new Date().toISOString();
console.log(`raw record size: ${Buffer.byteLength(raw(0, now).value as string)} bytes`);
for (let i = 0; i < N; i += 5000)
  await publisher.publish(Array.from({ length: 5000 }, (_, j) => raw(i + j, now)));

const translator = standardTranslator();
async function drain(
  name: string,
  transform: (r: IncomingRecord) => OutgoingRecord[],
  target: string,
): Promise<number> {
  await ensureTopics(admin, [{ topic: target, partitions: 6 }]);
  let consumed = 0;
  let started = 0n;
  let finished = 0n;
  await new Promise<void>((resolve) => {
    void startTransactionalPipeline({
      kafka,
      groupId: `bench-${name}-${randomUUID()}`,
      transactionalId: `bench-${name}-${randomUUID()}`,
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
    }).then((p) => resolve2.push(p));
  });
  const seconds = Number(finished - started) / 1e9;
  return N / seconds;
}
const resolve2: { stop(): Promise<void> }[] = [];

const passTopic = outTopic('passthrough');
const passRate = await drain(
  'pass',
  (r) => [{ topic: passTopic, key: r.key?.toString() ?? '', value: r.value ?? Buffer.alloc(0) }],
  passTopic,
);
const normTopic = outTopic('outcomes');
const normRate = await drain(
  'norm',
  (r) => {
    const result = normalize(r, {
      translator,
      now: () => new Date().toISOString(),
      outcomesTopic: normTopic,
    });
    return result.kind === 'outcomes' ? result.records : [result.record];
  },
  normTopic,
);
for (const p of resolve2) await p.stop();
console.log(
  `pass-through consume→produce (transactional): ${Math.round(passRate).toLocaleString('en')} records/s`,
);
console.log(
  `normalizer (decode, translate, validate, CloudEvent): ${Math.round(normRate).toLocaleString('en')} outcomes/s (target ≥ 20,000); normalization costs ${(100 * (1 - normRate / passRate)).toFixed(0)}% of pass-through throughput`,
);

// Latency at a steady 2,000 records/s: raw receivedAt (stamped at produce) → outcome visible to a read_committed consumer.
async function latency(
  name: string,
  transform: (r: IncomingRecord) => OutgoingRecord[],
  target: string,
): Promise<number[]> {
  await ensureTopics(admin, [{ topic: target, partitions: 6 }]);
  const pipeline = await startTransactionalPipeline({
    kafka,
    groupId: `lat-${name}-${randomUUID()}`,
    transactionalId: `lat-${name}-${randomUUID()}`,
    topics: [rawTopic('knox-efota')],
    transform,
    maxRecordsPerTransaction: 200,
    fromBeginning: false,
  });
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
const passLat = await latency(
  'pass',
  (r) => [
    {
      topic: `${passTopic}.lat`,
      key: r.key?.toString() ?? '',
      value: r.value ?? Buffer.alloc(0),
      headers: r.headers,
    },
  ],
  `${passTopic}.lat`,
);
const normLat = await latency(
  'norm',
  (r) => {
    const result = normalize(r, {
      translator,
      now: () => new Date().toISOString(),
      outcomesTopic: `${normTopic}.lat`,
    });
    const records = result.kind === 'outcomes' ? result.records : [result.record];
    return records.map((x) => ({ ...x, headers: { ...x.headers, sent_at: r.headers.sent_at ?? '' } }));
  },
  `${normTopic}.lat`,
);
console.log(
  `latency at 2,000/s, produce → visible to read_committed consumer: pass-through p50 ${pct(passLat, 50)} ms p99 ${pct(passLat, 99)} ms (${passLat.length} msgs); normalizer p50 ${pct(normLat, 50)} ms p99 ${pct(normLat, 99)} ms (${normLat.length} msgs; target p99 < 50 ms)`,
);
await publisher.close();
await admin.disconnect();
await kafkaHandle.stop();
