import { describe, expect, it } from 'vitest';
import { type Datagram, forEachDatagram, packDatagrams } from './datagram-batch.ts';

const unpack = (datagrams: readonly Datagram[]) => {
  const out: { bytes: string; port: number; address: string }[] = [];
  forEachDatagram(packDatagrams(datagrams), (bytes, port, address) =>
    out.push({ bytes: bytes.toString('hex'), port, address }),
  );
  return out;
};

describe('datagram batches', () => {
  it('carry every datagram, in order, with its peer', () => {
    const datagrams = [
      { bytes: Buffer.from('40010001', 'hex'), port: 5683, address: '127.0.0.1' },
      { bytes: Buffer.alloc(0), port: 1, address: '10.0.0.2' },
      { bytes: Buffer.from('6044000a', 'hex'), port: 65535, address: '192.168.1.9' },
    ];
    expect(unpack(datagrams)).toEqual([
      { bytes: '40010001', port: 5683, address: '127.0.0.1' },
      { bytes: '', port: 1, address: '10.0.0.2' },
      { bytes: '6044000a', port: 65535, address: '192.168.1.9' },
    ]);
  });

  it('copy only the datagram, not the pooled buffer it is a view of', () => {
    const pool = Buffer.alloc(8192, 0xff);
    const view = pool.subarray(100, 104);
    view.set([1, 2, 3, 4]);
    const batch = packDatagrams([{ bytes: view, port: 9, address: '127.0.0.1' }]);
    expect(batch.bytes.byteLength).toBe(4);
  });

  it('an empty turn packs to an empty batch', () => {
    expect(unpack([])).toEqual([]);
  });
});
