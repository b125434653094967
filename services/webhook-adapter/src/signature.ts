import { createHmac, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { WebhookError } from './errors.ts';

// Signed requests (README "Signing webhook requests"):
//   X-Rosetta-Tenant: <tenant>
//   X-Rosetta-Timestamp: <unix seconds>
//   X-Rosetta-Signature: v2=<hex HMAC-SHA256(secret, "v2\n<timestamp>\n<METHOD>\n<path?query>\n<body>")>
// Method, path and query are signed, so a captured request cannot be pointed at another route or device; a
// timestamp outside ±5 minutes is refused, and a signature seen before within that window is refused as a replay.

export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** Signatures remembered per replica (≈ 150 bytes each): enough for 330 signed requests/s over a 10-minute window. */
export const REPLAY_CACHE_MAX = 200_000;

export interface SignedRequest {
  tenant: string;
  timestamp: string;
  signature: string;
  method: string;
  /** Path with its query string, exactly as requested. */
  url: string;
  body: string;
}

export function signingString(request: Omit<SignedRequest, 'tenant' | 'signature'>): string {
  return `v2\n${request.timestamp}\n${request.method.toUpperCase()}\n${request.url}\n${request.body}`;
}

/** What a sender puts in X-Rosetta-Signature (also the signing example in the README and the tests). */
export function sign(secret: string, request: Omit<SignedRequest, 'tenant' | 'signature'>): string {
  return `v2=${createHmac('sha256', secret).update(signingString(request)).digest('hex')}`;
}

const HEX_SHA256 = /^v2=([0-9a-f]{64})$/;

export interface ReplayGuard {
  /** True the first time a signature is seen within its window, false for a replay. */
  firstUse(tenant: string, signature: string): boolean;
  readonly size: number;
}

export function replayGuard(max = REPLAY_CACHE_MAX, onEvict?: () => void): ReplayGuard {
  const seen = new LRUCache<string, true>({
    max,
    ttl: 2 * SIGNATURE_TOLERANCE_SECONDS * 1000,
    ...(onEvict ? { dispose: (_v, _k, reason) => void (reason === 'evict' && onEvict()) } : {}),
  });
  return {
    firstUse(tenant, signature) {
      const key = `${tenant}\u0000${signature}`;
      if (seen.has(key)) return false;
      seen.set(key, true);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}

export function verifySignature(
  request: SignedRequest,
  secrets: readonly string[],
  options: { nowSeconds: number; replays: ReplayGuard },
): void {
  const given = HEX_SHA256.exec(request.signature.trim())?.[1];
  const t = /^\d{1,12}$/.test(request.timestamp) ? Number(request.timestamp) : Number.NaN;
  if (!given || Number.isNaN(t))
    throw new WebhookError(
      'UNAUTHENTICATED',
      'X-Rosetta-Signature must be v2=<64 hex digits> and X-Rosetta-Timestamp unix seconds',
    );
  if (Math.abs(options.nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS)
    throw new WebhookError(
      'SIGNATURE_EXPIRED',
      `signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from now`,
    );
  const digest = Buffer.from(given, 'hex');
  const valid = secrets.some((secret) =>
    timingSafeEqual(createHmac('sha256', secret).update(signingString(request)).digest(), digest),
  );
  if (!valid) throw new WebhookError('UNAUTHENTICATED', 'signature does not match');
  if (!options.replays.firstUse(request.tenant, given))
    throw new WebhookError('SIGNATURE_REPLAYED', 'this signature was already used');
}
