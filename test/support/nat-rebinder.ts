import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/**
 * A UDP NAT in front of a server: the client talks to `port`; the NAT forwards from an outside socket of its own
 * and, on `rebind()`, moves to a new outside port mid-session, as a home router does when its binding expires.
 */
export class NatRebinder {
  private inside: Socket = createSocket('udp4');
  private outside: Socket | undefined;
  private client: RemoteInfo | undefined;
  outsidePorts: number[] = [];

  private constructor(private readonly serverPort: number) {}

  static async start(serverPort: number): Promise<NatRebinder> {
    const nat = new NatRebinder(serverPort);
    await new Promise<void>((resolve) => nat.inside.bind(0, '127.0.0.1', () => resolve()));
    nat.inside.on('message', (message, rinfo) => {
      nat.client = rinfo;
      nat.outside?.send(message, nat.serverPort, '127.0.0.1');
    });
    await nat.rebind();
    return nat;
  }

  get port(): number {
    return this.inside.address().port;
  }

  /** Drops the outside binding and opens a new one: the server sees the client from a new source port. */
  async rebind(): Promise<number> {
    this.outside?.close();
    const outside = createSocket('udp4');
    await new Promise<void>((resolve) => outside.bind(0, '127.0.0.1', () => resolve()));
    outside.on('message', (message) => {
      if (this.client) this.inside.send(message, this.client.port, this.client.address);
    });
    this.outside = outside;
    const port = outside.address().port;
    this.outsidePorts.push(port);
    return port;
  }

  close(): void {
    this.outside?.close();
    this.inside.close();
  }
}
