import { createHash } from 'node:crypto';

const md5 = (data: Buffer | string): Buffer => createHash('md5').update(data).digest();

/**
 * syncml:auth-md5 (OMA-TS-DM_Security 1.2 §5.4.2): Digest = B64(H(B64(H(username:password)):nonce)),
 * where nonce is the raw bytes the server sent as NextNonce (base64 on the wire).
 */
export function authMd5Digest(username: string, password: string, nonceB64: string): string {
  const inner = md5(`${username}:${password}`).toString('base64');
  return md5(Buffer.concat([Buffer.from(`${inner}:`), Buffer.from(nonceB64, 'base64')])).toString('base64');
}
