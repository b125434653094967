import { createHash, timingSafeEqual } from 'node:crypto';

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  return token === '' ? undefined : token;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The index of the secret that equals `given`, or -1. Every secret is compared, as fixed-length digests, so neither
 * the time taken nor the lengths tell which one matched or how close a guess came.
 */
export function matchingSecret(secrets: readonly string[], given: string): number {
  const hash = digest(given);
  let found = -1;
  secrets.forEach((secret, index) => {
    if (timingSafeEqual(digest(secret), hash)) found = index;
  });
  return found;
}
