// One simulator process: up to ~12,500 devices, each on its own UDP socket (the fd limit here is 20,000 per
// process) bound to `bindAddress` (one loopback address has ~28,000 ephemeral ports), over NoSec or over coaps (one
// DTLS PSK session each, credentials from bench-credentials.ts).
import { SimFleet } from '@rosetta/device-simulator';
import { benchCredential } from './bench-credentials.ts';

interface Open {
  port: number;
  from: number;
  count: number;
  window: number;
  secure?: boolean;
  bindAddress?: string;
}
let fleet: SimFleet | undefined;

async function open(message: Open): Promise<SimFleet> {
  const server = { host: '127.0.0.1', port: message.port };
  const credentials = message.secure
    ? Array.from({ length: message.count }, (_, i) => benchCredential(message.from + i))
    : undefined;
  return SimFleet.create({
    server,
    count: message.count,
    from: message.from,
    ...(credentials ? { credentials } : {}),
    ...(message.bindAddress ? { bindAddress: message.bindAddress } : {}),
  });
}

process.on(
  'message',
  (
    message:
      | ({ cmd: 'start' } & Open)
      | ({ cmd: 'open' } & Open)
      | { cmd: 'register'; window: number }
      | { cmd: 'notify'; rate: number; seconds: number }
      | { cmd: 'observed' }
      | { cmd: 'stop' },
  ) => {
    if (message.cmd === 'start') {
      void (async () => {
        fleet = await open(message);
        const { registered, ms } = await fleet.register(message.window);
        process.send?.({ registered, ms });
      })();
    } else if (message.cmd === 'open') {
      // Sockets bound (NoSec) or DTLS handshakes done (coaps), before any registration: handshakes are timed alone.
      void (async () => {
        fleet = await open(message);
        process.send?.(await fleet.open(message.window));
      })();
    } else if (message.cmd === 'register') {
      void fleet?.register(message.window).then(({ registered, ms }) => process.send?.({ registered, ms }));
    } else if (message.cmd === 'observed') {
      process.send?.({ observed: fleet?.observed() ?? 0 });
    } else if (message.cmd === 'notify') {
      void fleet?.notify(message.rate, message.seconds).then((result) => process.send?.(result));
    } else {
      fleet?.close();
      process.exit(0);
    }
  },
);
