import { SimFleet } from '@rosetta/device-simulator';
import { type Command, InvalidArgumentError } from 'commander';

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

function coapServer(value: string): { host: string; port: number } {
  const match = /^coap:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected coap://host[:port]');
  return { host: match[1] as string, port: Number(match[2] ?? 5683) };
}

/** `rosetta simulate lwm2m`: simulated LwM2M devices (raw CoAP, one UDP port each) against a running adapter. */
export function registerSimulate(program: Command): void {
  const simulate = program.command('simulate').description('simulate devices against a running adapter');
  simulate
    .command('lwm2m')
    .description(
      'register N LwM2M devices (each on its own UDP port), let the server observe Object 5, then send State changes',
    )
    .option('--server <uri>', 'the LwM2M adapter', coapServer, { host: '127.0.0.1', port: 5683 })
    .option(
      '--devices <n>',
      'how many devices (one process holds up to ~7,000: one socket each)',
      positive('--devices'),
      100,
    )
    .option(
      '--prefix <text>',
      'endpoint names are <prefix><index>; the adapter allowlist must admit them',
      'sim-',
    )
    .option('--window <n>', 'registrations in flight at once', positive('--window'), 64)
    .option('--rate <n>', 'State-change notifications per second after registering', positive('--rate'), 100)
    .option('--seconds <n>', 'how long to send notifications', positive('--seconds'), 5)
    .action(
      async (options: {
        server: { host: string; port: number };
        devices: number;
        prefix: string;
        window: number;
        rate: number;
        seconds: number;
      }) => {
        const fleet = await SimFleet.create({
          server: options.server,
          count: options.devices,
          prefix: options.prefix,
        });
        const registration = await fleet.register(options.window);
        // Give the server a moment to read /3/0 and observe /5/0 on every device it admitted.
        const deadline = Date.now() + 10_000;
        while (fleet.observed() < registration.registered && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100));
        const observed = fleet.observed();
        const { sent } = observed > 0 ? await fleet.notify(options.rate, options.seconds) : { sent: 0 };
        fleet.close();
        console.log(
          JSON.stringify({
            devices: options.devices,
            registered: registration.registered,
            refused: registration.refused,
            registrationsPerSecond: Math.round(registration.registered / (registration.ms / 1000)),
            observed,
            notificationsSent: sent,
          }),
        );
        if (registration.registered < options.devices) process.exitCode = 1;
      },
    );
}
