/**
 * Frames of the session channel between the DTLS gateway and the adapter (README: coaps), over one unix stream socket:
 * `u32 length of what follows | u8 kind | u32 session | payload`, big-endian. The gateway OPENs a session with the
 * identity it authenticated (JSON `{"endpoint","identity"}`), carries its CoAP datagrams as DATA both ways, and CLOSEs
 * it when DTLS ends it. Sessions are numbered by the gateway and never reused while its connection lasts.
 */
export const FRAME_KIND = { open: 1, data: 2, close: 3 } as const;
export type FrameKind = (typeof FRAME_KIND)[keyof typeof FRAME_KIND];

export interface Frame {
  kind: FrameKind;
  session: number;
  payload: Buffer;
}

/** A UDP datagram's most; an OPEN's JSON is far smaller. */
export const MAX_FRAME_PAYLOAD = 65_535;
const KIND_AND_SESSION = 5;
const LENGTH = 4;
const KINDS = new Set<number>(Object.values(FRAME_KIND));
const EMPTY = Buffer.alloc(0);

export function encodeFrame(kind: FrameKind, session: number, payload: Buffer = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(LENGTH + KIND_AND_SESSION + payload.length);
  frame.writeUInt32BE(KIND_AND_SESSION + payload.length, 0);
  frame.writeUInt8(kind, 4);
  frame.writeUInt32BE(session, 5);
  payload.copy(frame, LENGTH + KIND_AND_SESSION);
  return frame;
}

const isKind = (n: number): n is FrameKind => KINDS.has(n);

/**
 * Splits the stream into frames. Bytes are copied once, when a whole frame has arrived, so the work stays linear in
 * the bytes received however the stream is cut; at most one frame's bytes are held.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  /** The whole frames completed by `chunk`, or the first protocol violation (the stream must then be closed). */
  push(chunk: Buffer): { frames: Frame[] } | { error: string } {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    while (this.size >= LENGTH) {
      const length = this.peekLength();
      if (length < KIND_AND_SESSION || length > KIND_AND_SESSION + MAX_FRAME_PAYLOAD)
        return { error: `frame length ${length} out of bounds` };
      if (this.size < LENGTH + length) break;
      const bytes = this.take(LENGTH + length);
      const kind = bytes.readUInt8(4);
      if (!isKind(kind)) return { error: `unknown frame kind ${kind}` };
      frames.push({
        kind,
        session: bytes.readUInt32BE(5),
        payload: bytes.subarray(LENGTH + KIND_AND_SESSION),
      });
    }
    return { frames };
  }

  private peekLength(): number {
    const first = this.chunks[0] ?? EMPTY;
    if (first.length >= LENGTH) return first.readUInt32BE(0);
    return this.take(this.size, false).readUInt32BE(0);
  }

  /** The first `n` bytes, consumed (or only joined into one chunk when `consume` is false). */
  private take(n: number, consume = true): Buffer {
    const joined =
      this.chunks.length === 1 ? (this.chunks[0] ?? EMPTY) : Buffer.concat(this.chunks, this.size);
    const rest = joined.subarray(n);
    if (!consume) {
      this.chunks = [joined];
      return joined;
    }
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return joined.subarray(0, n);
  }
}
