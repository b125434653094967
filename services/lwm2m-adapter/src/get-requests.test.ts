import { generate } from 'coap-packet';
import { describe, expect, it } from 'vitest';
import { getOptions, TOKEN_BYTES } from './coap-exchange.ts';
import { getRequests } from './get-requests.ts';

const direct = (path: string, observe: boolean, messageId: number, token: Buffer, accept?: number) =>
  generate({ code: 'GET', confirmable: true, messageId, token, options: getOptions(path, observe, accept) });

describe('GET request bytes from templates', () => {
  it('are byte for byte what coap-packet generates, for any path, observe, Accept, message id and token', () => {
    for (const accept of [undefined, 11542, 112]) {
      const get = getRequests(accept);
      for (const path of ['/3/0', '/5/0', '/9/65535', '/3/0/9', '/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p'])
        for (const observe of [false, true])
          for (const messageId of [0, 1, 255, 256, 0xffff]) {
            const token = Buffer.from(
              Array.from({ length: TOKEN_BYTES }, (_, i) => (messageId * 7 + i) & 0xff),
            );
            expect(get(path, observe, messageId, token)).toEqual(
              direct(path, observe, messageId, token, accept),
            );
            // Twice: the second comes from the template.
            expect(get(path, observe, messageId, token)).toEqual(
              direct(path, observe, messageId, token, accept),
            );
          }
    }
  });

  it('gives each request its own bytes (a held request is not changed by the next)', () => {
    const get = getRequests(undefined);
    const first = get('/5/0', true, 1, Buffer.alloc(TOKEN_BYTES, 1));
    const copy = Buffer.from(first);
    get('/5/0', true, 2, Buffer.alloc(TOKEN_BYTES, 2));
    expect(first).toEqual(copy);
  });

  it('still answers right past its bounded cache of paths', () => {
    const get = getRequests(undefined);
    const token = Buffer.alloc(TOKEN_BYTES, 9);
    for (let i = 0; i < 300; i++) get(`/9/${i}`, true, i, token);
    expect(get('/9/299', true, 5, token)).toEqual(direct('/9/299', true, 5, token));
    expect(get('/9/0', false, 5, token)).toEqual(direct('/9/0', false, 5, token));
  });
});
