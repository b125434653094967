import { generate, type ParsedPacket, parse } from 'coap-packet';
import type { DeviceTransport } from './transport.ts';

const TEXT = Buffer.from([]); // Content-Format 0 (text/plain) is an empty uint option
const LINK_FORMAT = Buffer.from([40]);
const TLV = Buffer.from([0x2d, 0x16]); // 11542

function tlvString(id: number, text: string): Buffer {
  const value = Buffer.from(text);
  return Buffer.concat([Buffer.from([0xc8, id, value.length]), value]);
}
function tlvInt(id: number, value: number): Buffer {
  return Buffer.from([0xc1, id, value & 0xff]);
}
const DEVICE_TLV = Buffer.concat([
  tlvString(0, 'Rosetta Simulator'),
  tlvString(1, 'sim-1'),
  tlvString(3, '1.0.0'),
]);

interface Observation {
  token: Buffer;
  seq: number;
}

/**
 * One simulated LwM2M device on its own UDP socket (its own source port) or DTLS session: registers, answers the
 * server's reads and observes of Objects 3 and 5 with raw CoAP bytes, and sends Object 5 notifications on demand.
 */
export class SimDevice {
  state = 0;
  result = 0;
  private readonly observations = new Map<string, Observation>();
  private messageId = Math.floor(Math.random() * 60000);
  private pending: ((packet: ParsedPacket) => void) | undefined;

  constructor(
    readonly endpoint: string,
    private readonly transport: DeviceTransport,
  ) {
    transport.onMessage((msg) => this.onMessage(msg));
  }

  /** Binds its socket, or completes its DTLS handshake. */
  open(): Promise<void> {
    return this.transport.open();
  }

  /**
   * Register and resolve with the CoAP code the server answered (2.01 expected), retransmitting like a CON sender;
   * `handshake-failed` when the DTLS session could not be opened.
   */
  async register(lifetime = 300, attempts = 5): Promise<string> {
    try {
      await this.transport.open();
    } catch {
      return 'handshake-failed';
    }
    const messageId = this.nextId();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.pending = (packet) => {
        clearTimeout(timer);
        resolve(packet.code);
      };
      const transmit = (left: number, wait: number) => {
        this.sendRegister(messageId, lifetime);
        timer = setTimeout(() => {
          if (left > 1) transmit(left - 1, wait * 2);
          else {
            this.pending = undefined;
            resolve('timeout');
          }
        }, wait);
      };
      transmit(attempts, 2000);
    });
  }

  private sendRegister(messageId: number, lifetime: number): void {
    this.send({
      code: '0.02',
      confirmable: true,
      messageId,
      token: Buffer.from([1, 2]),
      options: [
        { name: 'Uri-Path', value: Buffer.from('rd') },
        { name: 'Content-Format', value: LINK_FORMAT },
        { name: 'Uri-Query', value: Buffer.from(`ep=${this.endpoint}`) },
        { name: 'Uri-Query', value: Buffer.from(`lt=${lifetime}`) },
        { name: 'Uri-Query', value: Buffer.from('lwm2m=1.1') },
      ],
      payload: Buffer.from('</1/0>,</3/0>,</5/0>'),
    });
  }

  observed(): number {
    return this.observations.size;
  }

  /**
   * Changes State and/or Update Result and notifies the server (observations of /5/0 or of each resource); returns
   * how many notifications went out (none when nothing observes the values).
   */
  set(state: number | undefined, result: number | undefined): number {
    let sent = 0;
    const changed =
      (state !== undefined && state !== this.state) || (result !== undefined && result !== this.result);
    if (state !== undefined && state !== this.state) {
      this.state = state;
      sent += this.notify('/5/0/3', Buffer.from(String(state)), TEXT);
    }
    if (result !== undefined && result !== this.result) {
      this.result = result;
      sent += this.notify('/5/0/5', Buffer.from(String(result)), TEXT);
    }
    if (changed) sent += this.notify('/5/0', this.instanceTlv(), TLV);
    return sent;
  }

  private instanceTlv(): Buffer {
    return Buffer.concat([
      tlvInt(3, this.state),
      tlvInt(5, this.result),
      tlvString(6, 'sim-firmware'),
      tlvString(7, '2.0.0'),
    ]);
  }

  close(): void {
    this.transport.close();
  }

  private notify(path: string, payload: Buffer, format: Buffer): number {
    const observation = this.observations.get(path);
    if (!observation) return 0;
    observation.seq = (observation.seq + 1) & 0xffffff;
    this.send({
      code: '2.05',
      confirmable: false,
      messageId: this.nextId(),
      token: observation.token,
      options: [observeOption(observation.seq), { name: 'Content-Format', value: format }],
      payload,
    });
    return 1;
  }

  private onMessage(msg: Buffer): void {
    let packet: ParsedPacket;
    try {
      packet = parse(msg);
    } catch {
      return;
    }
    if (packet.ack || packet.reset || packet.code.startsWith('2.') || packet.code.startsWith('4.')) {
      if (this.pending && packet.code !== '0.00') {
        const done = this.pending;
        this.pending = undefined;
        done(packet);
      }
      return;
    }
    const path = `/${packet.options
      .filter((o) => o.name === 'Uri-Path')
      .map((o) => o.value.toString())
      .join('/')}`;
    const observe = packet.options.some((o) => o.name === 'Observe');
    const reply = (
      code: string,
      payload: Buffer,
      format: Buffer,
      extra: { name: 'Observe'; value: Buffer }[] = [],
    ) =>
      this.send({
        code,
        ack: packet.confirmable,
        confirmable: false,
        messageId: packet.confirmable ? packet.messageId : this.nextId(),
        token: packet.token,
        options: [...extra, { name: 'Content-Format', value: format }],
        payload,
      });
    const values: Record<string, () => string> = {
      '/5/0/3': () => String(this.state),
      '/5/0/5': () => String(this.result),
      '/5/0/6': () => 'sim-firmware',
      '/5/0/7': () => '2.0.0',
    };
    const value = values[path];
    if (path === '/3/0') reply('2.05', DEVICE_TLV, TLV);
    else if (path === '/5/0') {
      if (observe) this.observations.set(path, { token: packet.token, seq: 1 });
      reply('2.05', this.instanceTlv(), TLV, observe ? [observeOption(1)] : []);
    } else if (!value) reply('4.04', Buffer.alloc(0), TEXT);
    else if (observe) {
      this.observations.set(path, { token: packet.token, seq: 1 });
      reply('2.05', Buffer.from(value()), TEXT, [observeOption(1)]);
    } else reply('2.05', Buffer.from(value()), TEXT);
  }

  private send(packet: Parameters<typeof generate>[0]): void {
    this.transport.send(generate(packet));
  }

  private nextId(): number {
    this.messageId = (this.messageId + 1) & 0xffff;
    return this.messageId;
  }
}

function observeOption(seq: number): { name: 'Observe'; value: Buffer } {
  const value =
    seq < 256
      ? Buffer.from([seq])
      : seq < 65536
        ? Buffer.from([seq >> 8, seq & 0xff])
        : Buffer.from([seq >> 16, (seq >> 8) & 0xff, seq & 0xff]);
  return { name: 'Observe', value };
}
