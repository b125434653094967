// Child process for the HTTP benchmarks: the adapters under test (real Kafka publisher, on the client that
// ROSETTA_KAFKA_CLIENT names) and a no-op fastify route, so the load generator in the parent process does not share
// their event loop.
import { batchingPublisher, createPublisher, createTransactionalPublisher } from '@rosetta/kafka';
import { buildOmadmApp } from '@rosetta/omadm-adapter';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';
import Fastify from 'fastify';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
// As in production: OMA-DM shares produce requests (batching); webhook requests are each one transaction (group commit).
const publisher = batchingPublisher(await createPublisher({ brokers, clientId: 'bench-adapters' }));
const webhookPublisher = await createTransactionalPublisher(
  { brokers, clientId: 'bench-webhook' },
  `bench-webhook-${process.pid}`,
);
const webhook = await buildWebhookApp({
  publisher: webhookPublisher,
  credentials: credentialStore({ bench: { tokens: ['bench-token'] } }),
  bodyLimit: 4 * 1024 * 1024,
});
await webhook.listen({ port: 0, host: '127.0.0.1' });
const omadm = await buildOmadmApp({
  publisher,
  config: {
    serverUri: 'http://bench/omadm',
    defaultTenant: 'bench',
    tenants: {
      bench: { allowBasic: true, devices: { 'IMEI:493005100592800': { username: 'u', password: 'p' } } },
    },
  },
});
await omadm.listen({ port: 0, host: '127.0.0.1' });
const noop = Fastify();
noop.post('/noop', async (_request, reply) => reply.code(202).send({ accepted: 1 }));
await noop.listen({ port: 0, host: '127.0.0.1' });
const port = (app: { server: { address(): unknown } }) => (app.server.address() as { port: number }).port;
process.send?.({ webhook: port(webhook), omadm: port(omadm), noop: port(noop) });
