import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSessionIdentity } from './session-channel.ts';
import { encodeFrame, FRAME_KIND, type FrameKind, FrameReader, MAX_FRAME_PAYLOAD } from './session-frames.ts';

const kind = fc.constantFrom<FrameKind>(FRAME_KIND.open, FRAME_KIND.data, FRAME_KIND.close);
const frame = fc.record({
  kind,
  session: fc.integer({ min: 0, max: 0xffffffff }),
  payload: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
});

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const offsets = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const to of [...offsets, bytes.length]) {
    parts.push(bytes.subarray(from, to));
    from = to;
  }
  return parts;
}

describe('FrameReader', () => {
  it('reads back every frame written, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (frames, at) => {
        const reader = new FrameReader();
        const read = cut(
          Buffer.concat(frames.map((f) => encodeFrame(f.kind, f.session, f.payload))),
          at,
        ).flatMap((chunk) => {
          const result = reader.push(chunk);
          if ('error' in result) throw new Error(result.error);
          return result.frames;
        });
        expect(read.map((f) => ({ ...f, payload: Buffer.from(f.payload) }))).toEqual(frames);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses an unknown kind, a frame too short to hold its header, and a length over the bound', () => {
    const unknown = encodeFrame(FRAME_KIND.data, 1);
    unknown.writeUInt8(9, 4);
    expect(new FrameReader().push(unknown)).toEqual({ error: 'unknown frame kind 9' });
    expect(new FrameReader().push(Buffer.from([0, 0, 0, 4, 2, 0, 0, 0]))).toEqual({
      error: 'frame length 4 out of bounds',
    });
    const huge = Buffer.alloc(4);
    huge.writeUInt32BE(5 + MAX_FRAME_PAYLOAD + 1);
    // Refused from its first four bytes: nothing of the announced frame is waited for or held.
    expect(new FrameReader().push(huge)).toMatchObject({ error: expect.stringMatching(/out of bounds/) });
  });

  it('answers any bytes with frames or an error, never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const reader = new FrameReader();
        for (const chunk of chunks) {
          const result = reader.push(Buffer.from(chunk));
          if ('error' in result) return;
          for (const f of result.frames) expect(f.payload.length).toBeLessThanOrEqual(MAX_FRAME_PAYLOAD);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseSessionIdentity', () => {
  it('accepts an endpoint and an identity', () => {
    expect(parseSessionIdentity(Buffer.from('{"endpoint":"urn:dev:a","identity":"psk:a"}'))).toEqual({
      endpoint: 'urn:dev:a',
      identity: 'psk:a',
    });
  });

  it.each([
    ['not JSON', 'urn:dev:a'],
    ['null', 'null'],
    ['an array', '["urn:dev:a"]'],
    ['an empty endpoint', '{"endpoint":"","identity":"x"}'],
    ['an endpoint over 255', `{"endpoint":"${'e'.repeat(256)}","identity":"x"}`],
    ['no identity', '{"endpoint":"e"}'],
    ['a numeric endpoint', '{"endpoint":1,"identity":"x"}'],
  ])('refuses %s', (_name, text) => {
    expect(parseSessionIdentity(Buffer.from(text))).toBeUndefined();
  });

  it('answers any bytes with an identity or undefined, never throws', () => {
    const value = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array().map((a) => Buffer.from(a)),
          fc
            .record({ endpoint: value, identity: value }, { requiredKeys: [] })
            .map((m) => Buffer.from(JSON.stringify(m))),
        ),
        (bytes) => {
          const parsed = parseSessionIdentity(bytes);
          if (parsed) expect(parsed.endpoint.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
