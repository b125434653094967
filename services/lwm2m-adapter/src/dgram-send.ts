type SendCallback = (error: Error | null, bytes: number) => void;

/** dgram's `send(msg, [offset, length,] port, address, [callback])`, as node-coap and the requester call it. */
export function sendArguments(rest: unknown[]): {
  offset: number;
  length?: number;
  port: number;
  address: string;
  done?: SendCallback;
} {
  const ranged = typeof rest[0] === 'number' && typeof rest[1] === 'number' && typeof rest[2] === 'number';
  const [offset, length, port, address, done] = ranged ? rest : [0, undefined, ...rest];
  return {
    offset: Number(offset),
    ...(typeof length === 'number' ? { length } : {}),
    port: Number(port),
    address: String(address),
    ...(typeof done === 'function' ? { done: done as SendCallback } : {}),
  };
}
