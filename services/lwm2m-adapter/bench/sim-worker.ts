// One simulator process: up to ~7,000 devices, each on its own UDP socket (the fd limit here is 20,000 per process).
import { SimFleet } from '@rosetta/device-simulator';

interface Start {
  port: number;
  from: number;
  count: number;
  window: number;
}
let fleet: SimFleet | undefined;

process.on(
  'message',
  (
    message: ({ cmd: 'start' } & Start) | { cmd: 'notify'; rate: number; seconds: number } | { cmd: 'stop' },
  ) => {
    if (message.cmd === 'start') {
      void (async () => {
        fleet = await SimFleet.create({
          server: { host: '127.0.0.1', port: message.port },
          count: message.count,
          from: message.from,
        });
        const { registered, ms } = await fleet.register(message.window);
        process.send?.({ registered, ms });
      })();
    } else if (message.cmd === 'notify') {
      void fleet?.notify(message.rate, message.seconds).then((result) => process.send?.(result));
    } else {
      fleet?.close();
      process.exit(0);
    }
  },
);
