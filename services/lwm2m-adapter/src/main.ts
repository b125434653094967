import { readFileSync } from 'node:fs';
import { createKafka, createPublisher } from '@rosetta/kafka';
import { startLwm2mAdapter } from './app.ts';
import type { Lwm2mConfig } from './config.ts';

const configFile = process.env.LWM2M_CONFIG_FILE;
if (!configFile) {
  console.error('LWM2M_CONFIG_FILE is required: {"tenants": {"<tenant>": {"endpoints": ["urn:imei:*"]}}}');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configFile, 'utf8')) as Lwm2mConfig;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const publisher = await createPublisher(createKafka({ brokers, clientId: 'rosetta-lwm2m-adapter' }));
const adapter = await startLwm2mAdapter({ publisher, config, port: Number(process.env.LWM2M_PORT ?? 5683) });
console.log(JSON.stringify({ level: 'info', msg: 'lwm2m adapter listening', port: adapter.port }));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void adapter.close().then(async () => {
      await publisher.close();
      process.exit(0);
    });
  });
}
