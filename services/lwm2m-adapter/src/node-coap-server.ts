import { type RemoteInfo, Socket } from 'node:dgram';
import { createServer, type Server } from 'coap';
import { generate, type ParsedPacket } from 'coap-packet';

// node-coap keeps each answered exchange (for deduplicating retransmitted requests) for EXCHANGE_LIFETIME, ~5 KiB of
// objects each, but budgets its cache by response bytes (~20 per registration answer): its 32 MiB default would let a
// registration storm pin gigabytes. 512 KiB of answers is ~25,000 recent exchanges, evicted oldest first.
const EXCHANGE_CACHE_BYTES = 512 * 1024;

type SendError = (payload: Buffer, rsinfo: RemoteInfo, packet?: ParsedPacket, code?: string) => void;

/**
 * node-coap answers its own errors with `socket.send(message, port)` — without the address, so the answer goes to
 * localhost:<sender's port> whoever sent the datagram: a reflection towards local services. Answer the sender instead,
 * and stay silent when there is no parsed request to answer (RFC 7252 §4.2: what cannot be parsed is ignored).
 */
function answerErrorsToTheSender(server: Server, socket: Socket): void {
  const patched: SendError = (payload, rsinfo, packet, code = '5.00') => {
    if (!packet) return;
    const answer = generate({
      code,
      payload,
      messageId: packet.messageId,
      token: packet.token,
      ack: packet.confirmable,
    });
    socket.send(answer, rsinfo.port, rsinfo.address);
  };
  (server as unknown as { _sendError: SendError })._sendError = patched;
}

/**
 * A node-coap server with the fixes above, listening on a UDP port or serving a given socket (the DTLS gateway's
 * sessions); its socket is shared with the requests to devices.
 */
export async function listenCoap(
  on: { port: number; host: string } | Socket,
): Promise<{ server: Server; socket: Socket }> {
  const server: Server = createServer({ type: 'udp4', cacheSize: EXCHANGE_CACHE_BYTES });
  await new Promise<void>((resolve) =>
    on instanceof Socket
      ? server.listen(on, () => resolve())
      : server.listen(on.port, on.host, () => resolve()),
  );
  const socket = (server as unknown as { _sock: Socket })._sock;
  answerErrorsToTheSender(server, socket);
  return { server, socket };
}
