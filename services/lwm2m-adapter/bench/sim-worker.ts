// One simulator process: up to ~7,000 devices, each on its own UDP socket (the fd limit here is 20,000 per process).
import { SimDevice } from '@rosetta/device-simulator';

interface Start {
  port: number;
  from: number;
  count: number;
  window: number;
}
let devices: SimDevice[] = [];

async function start({ port, from, count, window }: Start) {
  devices = Array.from(
    { length: count },
    (_, i) => new SimDevice(`sim-${from + i}`, { host: '127.0.0.1', port }),
  );
  await Promise.all(devices.map((d) => d.bind()));
  const began = process.hrtime.bigint();
  let next = 0;
  let ok = 0;
  const lane = async () => {
    while (next < devices.length) {
      const device = devices[next++]!;
      if ((await device.register()) === '2.01') ok += 1;
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  process.send?.({ registered: ok, ms: Number(process.hrtime.bigint() - began) / 1e6 });
}

/** Sends `rate` notifications per second for `seconds`, cycling each device through Downloading → Idle. */
async function notify({ rate, seconds }: { rate: number; seconds: number }) {
  const perTick = Math.max(1, Math.round(rate / 50));
  let sent = 0;
  let cursor = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const tick = Date.now();
    for (let i = 0; i < perTick; i++) {
      const device = devices[cursor++ % devices.length]!;
      device.set(device.state === 1 ? 0 : 1, undefined);
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 20 - (Date.now() - tick))));
  }
  process.send?.({ sent });
}

process.on(
  'message',
  (
    message: ({ cmd: 'start' } & Start) | { cmd: 'notify'; rate: number; seconds: number } | { cmd: 'stop' },
  ) => {
    if (message.cmd === 'start') void start(message);
    else if (message.cmd === 'notify') void notify(message);
    else {
      for (const d of devices) d.close();
      process.exit(0);
    }
  },
);
