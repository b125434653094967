import { readFileSync } from 'node:fs';
import { SimDevice } from './sim-device.ts';
import { dtlsTransport, type PskCredential, type Server, udpTransport } from './transport.ts';

export interface FleetOptions {
  server: Server;
  /** NoSec: this many devices. With `credentials`: one device per credential, over DTLS (coaps). */
  count: number;
  credentials?: PskCredential[];
  /** Endpoint names are `<prefix><index>`. */
  prefix?: string;
  /** First index (several fleets in separate processes share one numbering). */
  from?: number;
  /**
   * The local address the devices' UDP sockets bind to (default 127.0.0.1). One address has ~28,000 ephemeral ports;
   * larger fleets spread over 127.0.0.x.
   */
  bindAddress?: string;
}

export interface RegisterSummary {
  registered: number;
  /** Answers other than 2.01, by CoAP code (or `timeout`). */
  refused: Record<string, number>;
  ms: number;
}

/** N simulated devices, each on its own UDP socket (its own source port), as many real devices behind NAT would be. */
export class SimFleet {
  private constructor(readonly devices: SimDevice[]) {}

  static async create(options: FleetOptions): Promise<SimFleet> {
    const from = options.from ?? 0;
    const devices = options.credentials
      ? options.credentials.map((c) => new SimDevice(c.endpoint, dtlsTransport(options.server, c)))
      : Array.from(
          { length: options.count },
          (_, i) =>
            new SimDevice(
              `${options.prefix ?? 'sim-'}${from + i}`,
              udpTransport(options.server, options.bindAddress),
            ),
        );
    // UDP sockets are bound up front (one port each); DTLS handshakes happen in register()'s window.
    if (!options.credentials) {
      const bound = await Promise.allSettled(devices.map((d) => d.open()));
      const failed = bound.find((b) => b.status === 'rejected');
      if (failed) {
        for (const d of devices) d.close();
        const reason = (failed.reason as NodeJS.ErrnoException).code ?? String(failed.reason);
        throw new Error(
          `could not open ${devices.length} UDP sockets, one per device (${reason}); the open-file limit is ${openFileLimit()}: run fewer devices per process or raise it (ulimit -n)`,
        );
      }
    }
    return new SimFleet(devices);
  }

  /** Binds every socket (NoSec) or completes every DTLS handshake (coaps), `window` at a time. */
  async open(window = 64): Promise<{ opened: number; ms: number }> {
    const began = process.hrtime.bigint();
    let next = 0;
    let opened = 0;
    const lane = async () => {
      while (next < this.devices.length) {
        const device = this.devices[next++] as SimDevice;
        await device.open().then(
          () => {
            opened += 1;
          },
          () => undefined,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, this.devices.length) }, lane));
    return { opened, ms: Number(process.hrtime.bigint() - began) / 1e6 };
  }

  /** Registers every device, `window` registrations in flight at a time. */
  async register(window = 64): Promise<RegisterSummary> {
    const began = process.hrtime.bigint();
    const summary: RegisterSummary = { registered: 0, refused: {}, ms: 0 };
    let next = 0;
    const lane = async () => {
      while (next < this.devices.length) {
        const device = this.devices[next++] as SimDevice;
        const code = await device.register();
        if (code === '2.01') summary.registered += 1;
        else summary.refused[code] = (summary.refused[code] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, this.devices.length) }, lane));
    summary.ms = Number(process.hrtime.bigint() - began) / 1e6;
    return summary;
  }

  /** Devices the server observes (after registering, the server reads /3/0 and observes /5/0). */
  observed(): number {
    return this.devices.filter((d) => d.observed() > 0).length;
  }

  /**
   * `rate` State changes per second for `seconds`, cycling each device between Idle and Downloading; `sent` counts the
   * notifications that went out (a device nobody observes sends none).
   */
  async notify(rate: number, seconds: number): Promise<{ sent: number }> {
    const perTick = Math.max(1, Math.round(rate / 50));
    let sent = 0;
    let cursor = 0;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const tick = Date.now();
      for (let i = 0; i < perTick; i++) {
        const device = this.devices[cursor++ % this.devices.length] as SimDevice;
        sent += device.set(device.state === 1 ? 0 : 1, undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20 - (Date.now() - tick))));
    }
    return { sent };
  }

  close(): void {
    for (const device of this.devices) device.close();
  }
}

/** This process's soft open-file limit, from /proc (Linux), or "unknown". */
function openFileLimit(): string {
  try {
    return (
      /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}
