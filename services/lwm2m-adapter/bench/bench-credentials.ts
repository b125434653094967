import type { PskCredential } from '@rosetta/device-simulator';

/** The bench's device i over coaps: a PSK identity and key of its own, bound to endpoint sim-<i>. */
export const benchCredential = (i: number): PskCredential => ({
  identity: `sim-psk-${i}`,
  key: Buffer.from(`bench-key-${i}`),
  endpoint: `sim-${i}`,
});
