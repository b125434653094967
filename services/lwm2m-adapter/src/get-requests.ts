import { generate } from 'coap-packet';
import { getOptions, TOKEN_BYTES } from './coap-exchange.ts';

/** Distinct (path, observe) templates kept; paths come from devices' object lists, so the cache is bounded. */
const MAX_TEMPLATES = 256;
/** CoAP header: version/type/token length, code, then the message id at bytes 2–3 and the token from byte 4. */
const MESSAGE_ID_AT = 2;
const TOKEN_AT = 4;

/**
 * The bytes of the adapter's GETs. Two GETs of the same path differ only in message id and token, so coap-packet
 * builds each (path, observe) once and every request is a copy with those two written in: building the options
 * (sorting, encoding) was ~5 % of the allocations of a registration burst.
 */
export function getRequests(accept: number | undefined) {
  const templates = new Map<string, Buffer>();
  return (path: string, observe: boolean, messageId: number, token: Buffer): Buffer => {
    const key = `${observe ? 'o' : 'g'}${path}`;
    let template = templates.get(key);
    if (!template) {
      template = generate({
        code: 'GET',
        confirmable: true,
        messageId: 0,
        token: Buffer.alloc(TOKEN_BYTES),
        options: getOptions(path, observe, accept),
      });
      if (templates.size < MAX_TEMPLATES) templates.set(key, template);
    }
    // Buffer.alloc, not the shared pool: a request is held until answered, and would hold a pool slab with it.
    const packet = Buffer.alloc(template.length);
    template.copy(packet);
    packet.writeUInt16BE(messageId, MESSAGE_ID_AT);
    token.copy(packet, TOKEN_AT, 0, TOKEN_BYTES);
    return packet;
  };
}
