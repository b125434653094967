import { describe, expect, it } from 'vitest';
import { outcomeId } from './outcome-id.ts';

describe('outcomeId', () => {
  it('is stable for the same parts and a valid RFC 9562 version-8 UUID', () => {
    const id = outcomeId(['omadm-fumo', 'acme', 'IMEI:1', 'msg-1', '0']);
    expect(id).toBe(outcomeId(['omadm-fumo', 'acme', 'IMEI:1', 'msg-1', '0']));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs when any part differs, including how parts are split', () => {
    expect(outcomeId(['a', 'bc'])).not.toBe(outcomeId(['ab', 'c']));
    expect(outcomeId(['a', 'b', '0'])).not.toBe(outcomeId(['a', 'b', '1']));
  });
});
