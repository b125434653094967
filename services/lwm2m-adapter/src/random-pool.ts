import { randomBytes } from 'node:crypto';

const CHUNK = 4096;
let pool = randomBytes(CHUNK);
let offset = 0;

/**
 * `n` bytes from Node's CSPRNG, drawn 4 KiB at a time: one `randomBytes` call per token or registration id cost 5% of
 * the registration path at 20,000 devices. The bytes are the same generator's; a slice shares its chunk's memory.
 */
export function randomSlice(n: number): Buffer {
  if (offset + n > CHUNK) {
    pool = randomBytes(CHUNK);
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}
