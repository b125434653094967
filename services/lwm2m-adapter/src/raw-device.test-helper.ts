import { createSocket, type Socket } from 'node:dgram';
import { generate, type ParsedPacket, parse } from 'coap-packet';

// A LwM2M device written in raw CoAP bytes over real UDP, for tests that need full control of what goes on the
// wire (forged tokens, reordered Observe values, notifications back to back).
export const TLV = Buffer.from([0x2d, 0x16]);
export const firmwareTlv = (state: number, result: number) => Buffer.from([0xc1, 3, state, 0xc1, 5, result]);

/** TLV of a Software Management instance: PkgName (0), Update State (7), Update Result (9). */
export const softwareTlv = (name: string, state: number, result: number) =>
  Buffer.concat([
    Buffer.from([0xc0 | name.length, 0]),
    Buffer.from(name),
    Buffer.from([0xc1, 7, state, 0xc1, 9, result]),
  ]);

/** A confirmable notification with any payload on the observation `token`; returns its message id. */
export function notify(d: RawDevice, token: Buffer, observe: number, payload: Buffer): number {
  const messageId = d.nextId();
  d.send({
    code: '2.05',
    confirmable: true,
    messageId,
    token,
    options: [
      { name: 'Observe', value: Buffer.from([observe]) },
      { name: 'Content-Format', value: TLV },
    ],
    payload,
  });
  return messageId;
}

export const uriPath = (p: ParsedPacket) =>
  p.options
    .filter((o) => o.name === 'Uri-Path')
    .map((o) => o.value.toString())
    .join('/');

export class RawDevice {
  readonly inbox: ParsedPacket[] = [];
  private readonly socket: Socket = createSocket('udp4');
  private messageId = 1;
  registration = '';
  observeToken: Buffer = Buffer.alloc(0);

  constructor(private readonly serverPort: number) {
    this.socket.on('message', (message) => this.inbox.push(parse(message)));
  }

  async open(): Promise<this> {
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    return this;
  }

  get port(): number {
    return this.socket.address().port;
  }

  nextId(): number {
    this.messageId += 1;
    return this.messageId;
  }

  send(packet: Parameters<typeof generate>[0]): void {
    this.socket.send(generate(packet), this.serverPort, '127.0.0.1');
  }

  async next(match: (p: ParsedPacket) => boolean, timeoutMs = 1500): Promise<ParsedPacket | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const index = this.inbox.findIndex(match);
      if (index >= 0) return this.inbox.splice(index, 1)[0];
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return undefined;
  }

  /** Register (`POST /rd`) listing `objects`; resolves with the server's answer, and keeps the registration id. */
  async register(
    endpoint: string,
    objects: string,
    queries: string[] = [],
  ): Promise<ParsedPacket | undefined> {
    const messageId = this.nextId();
    this.send({
      code: '0.02',
      confirmable: true,
      messageId,
      token: Buffer.from([9]),
      options: [
        { name: 'Uri-Path', value: Buffer.from('rd') },
        { name: 'Content-Format', value: Buffer.from([40]) },
        { name: 'Uri-Query', value: Buffer.from(`ep=${endpoint}`) },
        { name: 'Uri-Query', value: Buffer.from('lwm2m=1.1') },
        ...queries.map((q) => ({ name: 'Uri-Query' as const, value: Buffer.from(q) })),
      ],
      payload: Buffer.from(objects),
    });
    const created = await this.next((p) => p.messageId === messageId);
    this.registration = created?.options.filter((o) => o.name === 'Location-Path')[1]?.value.toString() ?? '';
    return created;
  }

  /** A registration Update (`POST /rd/{id}`), with a new object list when given; resolves with the server's answer. */
  async update(registration = this.registration, objects?: string): Promise<ParsedPacket | undefined> {
    const messageId = this.nextId();
    this.send({
      code: '0.02',
      confirmable: true,
      messageId,
      token: Buffer.from([4]),
      options: [
        { name: 'Uri-Path', value: Buffer.from('rd') },
        { name: 'Uri-Path', value: Buffer.from(registration) },
        ...(objects === undefined ? [] : [{ name: 'Content-Format' as const, value: Buffer.from([40]) }]),
      ],
      ...(objects === undefined ? {} : { payload: Buffer.from(objects) }),
    });
    return this.next((p) => p.messageId === messageId);
  }

  /** Registers, answers the /3/0 read and the /5/0 observe (first value State 0) as a device would. */
  async registerAndFollow(endpoint: string, queries: string[] = []): Promise<string | undefined> {
    const created = await this.register(endpoint, '</3/0>,</5/0>', ['lt=60', ...queries]);
    if (created?.code !== '2.01') return created?.code;
    this.answer(await this.next((p) => uriPath(p) === '3/0'), Buffer.alloc(0));
    const observe = await this.next((p) => uriPath(p) === '5/0');
    this.observeToken = observe?.token ?? Buffer.alloc(0);
    this.answer(observe, firmwareTlv(0, 0), 1);
    return created.code;
  }

  /**
   * Registers listing `objects`, answers /3/0, and answers each observe in `first` (path → first value) in that
   * order; returns each observation's token by path.
   */
  async registerWith(endpoint: string, objects: string, first: Record<string, Buffer>) {
    const created = await this.register(endpoint, objects);
    if (created?.code !== '2.01') throw new Error(`${endpoint}: Register answered ${created?.code}`);
    this.answer(await this.next((p) => uriPath(p) === '3/0'), Buffer.alloc(0));
    return this.answerObserves(first);
  }

  /** Answers the server's observe of each path in `first` with its value; returns the tokens by path. */
  async answerObserves(first: Record<string, Buffer>): Promise<Record<string, Buffer>> {
    const tokens: Record<string, Buffer> = {};
    for (const [path, payload] of Object.entries(first)) {
      const observe = await this.next(
        (p) => uriPath(p) === path && p.options.some((o) => o.name === 'Observe'),
      );
      if (!observe) throw new Error(`no observe of ${path}`);
      tokens[path] = observe.token;
      this.answer(observe, payload, 1);
    }
    return tokens;
  }

  /** A piggybacked answer to one of the server's requests (with an Observe value for an observe). */
  answer(request: ParsedPacket | undefined, payload: Buffer, observe?: number): void {
    this.send({
      code: '2.05',
      ack: true,
      messageId: request?.messageId ?? 0,
      token: request?.token ?? Buffer.alloc(0),
      options: [
        ...(observe === undefined ? [] : [{ name: 'Observe' as const, value: Buffer.from([observe]) }]),
        { name: 'Content-Format', value: TLV },
      ],
      payload,
    });
  }

  /** A confirmable notification of the /5/0 observation; returns its message id. */
  notify(observe: number, state: number, result = 0, token = this.observeToken): number {
    const messageId = this.nextId();
    const value =
      observe < 256
        ? Buffer.from([observe])
        : Buffer.from([observe >> 16, (observe >> 8) & 0xff, observe & 0xff]);
    this.send({
      code: '2.05',
      confirmable: true,
      messageId,
      token,
      options: [
        { name: 'Observe', value },
        { name: 'Content-Format', value: TLV },
      ],
      payload: firmwareTlv(state, result),
    });
    return messageId;
  }

  close(): void {
    this.socket.close();
  }
}
