import { readFileSync } from 'node:fs';
import { type PskCredential, SimFleet } from '@rosetta/device-simulator';
import { type Command, InvalidArgumentError } from 'commander';

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

interface ServerUri {
  secure: boolean;
  host: string;
  port: number;
}

function coapServer(value: string): ServerUri {
  const match = /^(coaps?):\/\/([^:/]+)(?::(\d+))?\/?$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected coap://host[:port] or coaps://host[:port]');
  const secure = match[1] === 'coaps';
  return { secure, host: match[2] as string, port: Number(match[3] ?? (secure ? 5684 : 5683)) };
}

function pskOption(value: string): { identity: string; key: Buffer } {
  const at = value.indexOf(':');
  if (at < 1 || at === value.length - 1) throw new InvalidArgumentError('expected <identity>:<key>');
  return { identity: value.slice(0, at), key: Buffer.from(value.slice(at + 1)) };
}

/** The DTLS gateway's security file format: its PSK entries (keys in hex) become one device each. */
function credentialsFile(path: string): PskCredential[] {
  let file: { psk?: { identity?: unknown; key?: unknown; endpoint?: unknown }[] };
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError(`${path}: ${(error as Error).message}`);
  }
  const entries = file.psk ?? [];
  const credentials = entries.flatMap((e) =>
    typeof e.identity === 'string' &&
    typeof e.key === 'string' &&
    /^([0-9a-f]{2})+$/i.test(e.key) &&
    typeof e.endpoint === 'string'
      ? [{ identity: e.identity, key: Buffer.from(e.key, 'hex'), endpoint: e.endpoint }]
      : [],
  );
  if (credentials.length === 0 || credentials.length !== entries.length)
    throw new InvalidArgumentError(`${path}: expected {"psk": [{"identity", "key" (hex), "endpoint"}, ...]}`);
  return credentials;
}

/** `rosetta simulate lwm2m`: simulated LwM2M devices (raw CoAP, one UDP port each) against a running adapter. */
export function registerSimulate(program: Command): void {
  const simulate = program.command('simulate').description('simulate devices against a running adapter');
  simulate
    .command('lwm2m')
    .description(
      'register N LwM2M devices (each on its own UDP port), let the server observe Object 5, then send State changes',
    )
    .option(
      '--server <uri>',
      'the LwM2M server: coap://host:5683 (NoSec) or coaps://host:5684 (DTLS PSK)',
      coapServer,
      {
        secure: false,
        host: '127.0.0.1',
        port: 5683,
      },
    )
    .option('--psk <identity:key>', 'coaps: one device with this PSK identity and key (text)', pskOption)
    .option(
      '--endpoint <name>',
      'coaps with --psk: the endpoint its credentials are bound to (default: the identity)',
    )
    .option(
      '--credentials <file>',
      "coaps: one device per PSK entry of a security file (the DTLS gateway's format)",
      credentialsFile,
    )
    .option(
      '--devices <n>',
      'how many devices (one UDP socket each: the open-file limit, ulimit -n, bounds one process)',
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
        server: ServerUri;
        psk?: { identity: string; key: Buffer };
        endpoint?: string;
        credentials?: PskCredential[];
        devices: number;
        prefix: string;
        window: number;
        rate: number;
        seconds: number;
      }) => {
        const credentials =
          options.credentials ??
          (options.psk
            ? [{ ...options.psk, endpoint: options.endpoint ?? options.psk.identity }]
            : undefined);
        if (options.server.secure !== (credentials !== undefined)) {
          console.error('coaps:// needs --psk or --credentials, and they need coaps://');
          process.exitCode = 2;
          return;
        }
        const devices = credentials?.length ?? options.devices;
        const fleet = await SimFleet.create({
          server: options.server,
          count: devices,
          prefix: options.prefix,
          ...(credentials ? { credentials } : {}),
        }).catch((error: Error) => {
          console.error(error.message);
          process.exitCode = 2;
          return undefined;
        });
        if (!fleet) return;
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
            devices,
            registered: registration.registered,
            refused: registration.refused,
            registrationsPerSecond: Math.round(registration.registered / (registration.ms / 1000)),
            observed,
            notificationsSent: sent,
          }),
        );
        if (registration.registered < devices) process.exitCode = 1;
      },
    );
}
