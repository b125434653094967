/** One UDP datagram and the peer it came from or goes to. */
export interface Datagram {
  bytes: Uint8Array;
  port: number;
  address: string;
}

/**
 * The datagrams of one event-loop turn as one message between the adapter and its UDP thread: their bytes end to end
 * in one buffer that is transferred, not copied, with each one's size and peer.
 */
export interface DatagramBatch {
  bytes: ArrayBuffer;
  sizes: number[];
  ports: number[];
  addresses: string[];
}

export function packDatagrams(datagrams: readonly Datagram[]): DatagramBatch {
  let total = 0;
  for (const d of datagrams) total += d.bytes.length;
  const bytes = new Uint8Array(total);
  const batch: DatagramBatch = { bytes: bytes.buffer, sizes: [], ports: [], addresses: [] };
  let at = 0;
  for (const d of datagrams) {
    bytes.set(d.bytes, at);
    at += d.bytes.length;
    batch.sizes.push(d.bytes.length);
    batch.ports.push(d.port);
    batch.addresses.push(d.address);
  }
  return batch;
}

/** Each datagram of a batch in order, as a Buffer view into the batch's buffer (no copy). */
export function forEachDatagram(
  batch: DatagramBatch,
  each: (bytes: Buffer, port: number, address: string) => void,
): void {
  let at = 0;
  for (let i = 0; i < batch.sizes.length; i++) {
    const size = batch.sizes[i] ?? 0;
    each(Buffer.from(batch.bytes, at, size), batch.ports[i] ?? 0, batch.addresses[i] ?? '');
    at += size;
  }
}
