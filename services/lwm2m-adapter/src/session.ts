import type { SessionIdentity } from './session-channel.ts';

/** Who a CoAP request comes from: a NoSec peer (anyone), or a DTLS session whose credentials are bound to an endpoint. */
export type Session = { security: 'nosec' } | ({ security: 'dtls' } & SessionIdentity);

export const NOSEC: Session = { security: 'nosec' };
