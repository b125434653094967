import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createKafka,
  ensureTopics,
  KAFKA_CLIENTS,
  type KafkaClientName,
  rosettaTopics,
} from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import autocannon from 'autocannon';

// HTTP → raw topic acknowledged (acks=all), end to end, with the real broker; beside a no-op fastify route.
// Targets: webhook ≥ 8,000 events/s in batches of 100 and ≥ 3,000 single-event requests/s, p99 < 50 ms at half rate;
// OMA-DM ≥ 5,000 Generic Alert messages/s, p99 < 50 ms at 1,000/s. Each figure is measured on both Kafka clients in
// turn in this one run (kafkajs, then @platformatic/kafka), with their ratio.
const kafka = await resolveKafka({ ephemeral: true, log: () => undefined });
const admin = createKafka({ brokers: kafka.brokers, clientId: 'bench' }).admin();
await admin.connect();
await ensureTopics(admin, rosettaTopics());
await admin.disconnect();

const knox = (i: number) => ({
  imei: String(356938035600000 + (i % 100000)),
  agentError: { code: ['-2402', '900', '-1404'][i % 3] },
});
const single = JSON.stringify(knox(1));
const batch = JSON.stringify(Array.from({ length: 100 }, (_, i) => knox(i)));
const syncml = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>IMEI:493005100592800</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta><Data>${Buffer.from('u:p').toString('base64')}</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Correlator>c1</Correlator><Item><Source><LocURI>./FwUpdate/P/DownloadAndUpdate</LocURI></Source><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.downloadandupdate</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>402</Data></Item></Alert><Final/></SyncBody></SyncML>`;

interface Run {
  port: number;
  path: string;
  body: string;
  contentType: string;
  connections: number;
  rate?: number;
}
async function run(r: Run) {
  const result = await autocannon({
    url: `http://127.0.0.1:${r.port}${r.path}`,
    method: 'POST',
    body: r.body,
    headers: { 'content-type': r.contentType, authorization: 'Bearer bench-token' },
    connections: r.connections,
    duration: 8,
    ...(r.rate ? { overallRate: r.rate } : {}),
  });
  const ok = result['2xx'];
  return {
    rps: Math.round(ok / 8),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}
const json = 'application/json';
const line = (name: string, x: { rps: number; p50: number; p99: number; errors: number }, unit = 'req/s') =>
  console.log(
    `${name.padEnd(58)} ${String(x.rps.toLocaleString('en')).padStart(8)} ${unit}  p50 ${x.p50} ms  p99 ${x.p99} ms  non-2xx/errors ${x.errors}`,
  );

type Result = Awaited<ReturnType<typeof run>>;
async function measure(client: KafkaClientName) {
  const child = fork(fileURLToPath(new URL('./http-servers.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KAFKA_BROKERS: kafka.brokers.join(','), ROSETTA_KAFKA_CLIENT: client },
  });
  const ports = await new Promise<{ webhook: number; omadm: number; noop: number }>((resolve) =>
    child.once('message', (m) => resolve(m as never)),
  );
  const webhook = { port: ports.webhook, path: '/webhooks/knox-efota', contentType: json };
  const omadm = {
    port: ports.omadm,
    path: '/omadm',
    body: syncml,
    contentType: 'application/vnd.syncml.dm+xml',
  };
  await run({ ...webhook, body: single, connections: 16 }); // warm-up
  const results = {
    noop: await run({ port: ports.noop, path: '/noop', body: single, contentType: json, connections: 32 }),
    batchMax: await run({ ...webhook, body: batch, connections: 16 }),
    singleMax: await run({ ...webhook, body: single, connections: 32 }),
    singleHalf: await run({ ...webhook, body: single, connections: 32, rate: 1500 }),
    dmMax: await run({ ...omadm, connections: 32 }),
    dmAt: await run({ ...omadm, connections: 16, rate: 1000 }),
  } satisfies Record<string, Result>;
  child.kill('SIGTERM');
  return results;
}

const clients = Object.keys(KAFKA_CLIENTS) as KafkaClientName[];
const measured = new Map<KafkaClientName, Awaited<ReturnType<typeof measure>>>();
for (const client of clients) measured.set(client, await measure(client));
for (const [client, r] of measured) {
  console.log(`[${client}]`);
  line('  no-op fastify route, max', r.noop);
  console.log(
    `  webhook, batches of 100 events, max: ${(r.batchMax.rps * 100).toLocaleString('en')} events/s (${r.batchMax.rps} req/s, p99 ${r.batchMax.p99} ms; target ≥ 8,000 events/s)`,
  );
  line('  webhook, single event, max (target ≥ 3,000)', r.singleMax);
  line('  webhook, single event at 1,500 req/s (target p99 < 50 ms)', r.singleHalf);
  line('  OMA-DM Generic Alert messages, max (target ≥ 5,000)', r.dmMax, 'msg/s');
  line('  OMA-DM at 1,000 msg/s (target p99 < 50 ms)', r.dmAt, 'msg/s');
  console.log(`  ratio adapter/no-op (single event): ${(r.singleMax.rps / r.noop.rps).toFixed(2)}`);
}
const k = measured.get('kafkajs');
const p = measured.get('platformatic');
if (k && p) {
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `platformatic/kafkajs: webhook batches ${ratio(p.batchMax.rps, k.batchMax.rps)}×, webhook single ${ratio(p.singleMax.rps, k.singleMax.rps)}×, OMA-DM ${ratio(p.dmMax.rps, k.dmMax.rps)}× (max throughput)`,
  );
}

await kafka.stop();
