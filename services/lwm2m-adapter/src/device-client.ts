import type { Agent, IncomingMessage, ObserveReadStream } from 'coap';
import type { Registration } from './registry.ts';

export type CoapResponse = IncomingMessage | ObserveReadStream;

/**
 * Requests from the server to a device. They leave from the socket the device registered to (an Agent on the
 * server's own socket), so NAT bindings hold and notifications come back to port 5683.
 */
export class DeviceClient {
  constructor(
    private readonly agent: Agent,
    /** Content-Format to ask for (Accept); the device's own preference when unset. */
    private readonly accept?: number,
  ) {}

  request(
    registration: Registration,
    path: string,
    options: { observe?: boolean } = {},
  ): Promise<CoapResponse> {
    return new Promise((resolve, reject) => {
      const req = this.agent.request({
        hostname: registration.address,
        port: registration.port,
        pathname: path,
        method: 'GET',
        confirmable: true,
        ...(options.observe ? { observe: true } : {}),
      });
      if (this.accept !== undefined) req.setOption('Accept', acceptBytes(this.accept));
      req.on('response', (res: CoapResponse) => resolve(res));
      req.on('error', (error: Error) => reject(error));
      req.on('timeout', (error: Error) => reject(error));
      req.end();
    });
  }
}

function acceptBytes(format: number): Buffer {
  if (format === 0) return Buffer.alloc(0);
  return format < 256 ? Buffer.from([format]) : Buffer.from([format >> 8, format & 0xff]);
}
