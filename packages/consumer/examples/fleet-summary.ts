// A runnable subscriber: keeps the latest outcome per device and prints a fleet summary every few seconds.
//   KAFKA_BROKERS=127.0.0.1:9092 pnpm --filter @rosetta/consumer example
import { FleetView, subscribeOutcomes } from '../src/index.ts';

const fleet = new FleetView();
const subscription = await subscribeOutcomes({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  groupId: process.env.GROUP_ID ?? 'fleet-summary-example',
  fromBeginning: true,
  onEvent: (event, kind) => {
    fleet.apply(event);
    if (kind === 'correction')
      console.log(`corrected ${event.id}: now ${event.outcome.outcome.code} (${event.mappingVersion})`);
  },
});
const timer = setInterval(
  () => console.log(JSON.stringify({ ...fleet.summary(), events: subscription.counts })),
  5000,
);
process.on('SIGINT', () => {
  clearInterval(timer);
  void subscription.stop().then(() => process.exit(0));
});
