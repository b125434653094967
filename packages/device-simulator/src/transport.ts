import { createSocket } from 'node:dgram';
import { dtls } from 'node-dtls-client';

/** How a simulated device reaches the server: its own UDP socket, or its own DTLS session over one. */
export interface DeviceTransport {
  /** Binds the socket (UDP) or completes the handshake (DTLS); rejects when the handshake fails. */
  open(): Promise<void>;
  send(datagram: Buffer): void;
  onMessage(handler: (datagram: Buffer) => void): void;
  close(): void;
}

export interface Server {
  host: string;
  port: number;
}

/** A DTLS PSK credential: the identity, its key, and the endpoint the server binds them to. */
export interface PskCredential {
  identity: string;
  key: Buffer;
  endpoint: string;
}

export function udpTransport(server: Server, bindAddress = '127.0.0.1'): DeviceTransport {
  const socket = createSocket('udp4');
  let opened: Promise<void> | undefined;
  return {
    open: () => {
      // At the open-file limit the bind fails (EMFILE): reject, never wait forever.
      opened ??= new Promise((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, bindAddress, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      return opened;
    },
    send: (datagram) => socket.send(datagram, server.port, server.host),
    onMessage: (handler) => socket.on('message', (datagram) => handler(datagram)),
    close: () => {
      try {
        socket.close();
      } catch {
        // never bound, or already closed by its failed bind
      }
    },
  };
}

/** DTLS 1.2 PSK from node-dtls-client (npm); LwM2M's mandatory suite first. */
export function dtlsTransport(
  server: Server,
  credential: PskCredential,
  timeoutMs = 10_000,
): DeviceTransport {
  let socket: dtls.Socket | undefined;
  let connected = false;
  let handler: (datagram: Buffer) => void = () => undefined;
  let opened: Promise<void> | undefined;
  return {
    open: () => {
      opened ??= new Promise((resolve, reject) => {
        const s = dtls.createSocket({
          type: 'udp4',
          address: server.host,
          port: server.port,
          psk: { [credential.identity]: credential.key },
          timeout: timeoutMs,
          ciphers: [
            'TLS_PSK_WITH_AES_128_CCM_8',
            'TLS_PSK_WITH_AES_128_GCM_SHA256',
            'TLS_PSK_WITH_AES_128_CBC_SHA256',
          ],
        });
        socket = s;
        s.on('connected', () => {
          connected = true;
          resolve();
        });
        s.on('error', (error: Error) => reject(error));
        s.on('close', () => {
          connected = false;
        });
        s.on('message', (datagram: Buffer) => handler(datagram));
      });
      return opened;
    },
    send: (datagram) => socket?.send(datagram),
    onMessage: (h) => {
      handler = h;
    },
    // node-dtls-client sends close_notify on close(), which throws once its UDP socket is gone (failed handshake).
    close: () => {
      if (connected) socket?.close();
    },
  };
}
