import { describe, expect, it } from 'vitest';
import { followedObjects } from './followed-objects.ts';
import { parseObjects, parseRegister, parseUpdate } from './registration.ts';

describe('parseRegister', () => {
  it('reads the LwM2M Register parameters, with the defaults of TS Core §6.2', () => {
    expect(parseRegister('ep=urn:imei:356938035643809&lt=300&lwm2m=1.1&b=UQ')).toEqual({
      ok: true,
      value: {
        endpoint: 'urn:imei:356938035643809',
        lifetime: 300,
        version: '1.1',
        binding: 'UQ',
        queueMode: true,
      },
    });
    expect(parseRegister('ep=dev%2D1&lwm2m=1.0')).toEqual({
      ok: true,
      value: { endpoint: 'dev-1', lifetime: 86400, version: '1.0', binding: 'U', queueMode: false },
    });
  });

  it('queue mode: the Q parameter (LwM2M 1.1) or a binding with Q (1.0)', () => {
    expect(parseRegister('ep=a&lwm2m=1.1&Q')).toMatchObject({ value: { queueMode: true, binding: 'U' } });
    expect(parseRegister('ep=a&lwm2m=1.0&b=UQ')).toMatchObject({ value: { queueMode: true } });
    expect(parseUpdate('Q')).toEqual({ ok: true, value: { queueMode: true } });
    expect(parseUpdate('b=U')).toEqual({ ok: true, value: { binding: 'U', queueMode: false } });
  });

  it.each([
    ['lt=300', 'missing mandatory parameter ep'],
    ['ep=a&ep=b', 'duplicate parameter ep'],
    ['ep=a&foo=1', 'unknown parameter foo'],
    ['ep=%E0%A4%A', 'parameter ep is not valid %-encoding'],
    ['ep=a%20b', 'ep may only hold printable characters without spaces'],
    [`ep=${'x'.repeat(257)}`, 'ep is longer than 256 characters'],
    ['ep=a&lt=0', 'lt must be a positive integer'],
    ['ep=a&lt=1.5', 'lt must be a positive integer'],
    ['ep=a&lt=60', 'missing mandatory parameter lwm2m'],
    ['ep=a&lwm2m=2.0', 'lwm2m must be 1.0, 1.1 or 1.2'],
    ['ep=a&lwm2m=', 'lwm2m must be 1.0, 1.1 or 1.2'],
  ])('%s → 4.00 (%s)', (query, reason) => {
    expect(parseRegister(query)).toEqual({ ok: false, code: '4.00', reason });
  });
});

describe('parseUpdate', () => {
  it('takes only what changes, and refuses Register-only parameters', () => {
    expect(parseUpdate('')).toEqual({ ok: true, value: {} });
    expect(parseUpdate('lt=60&b=U')).toEqual({
      ok: true,
      value: { lifetime: 60, binding: 'U', queueMode: false },
    });
    expect(parseUpdate('ep=x')).toMatchObject({ ok: false, code: '4.00' });
    expect(parseUpdate('lt=-1')).toMatchObject({ ok: false, reason: 'lt must be a positive integer' });
  });
});

describe('parseObjects', () => {
  const followed = (payload: string) => {
    const parsed = parseObjects(Buffer.from(payload));
    if (!parsed.ok) throw new Error(parsed.reason);
    const { objects, instances } = followedObjects(parsed.value);
    return { objects, paths: instances.map((i) => i.path) };
  };

  it('finds the Firmware Update and Software Management instances in a registration payload', () => {
    expect(followed('</>;rt="oma.lwm2m",</1/0>,</3/0>,</5/0>')).toEqual({ objects: [5], paths: ['/5/0'] });
    expect(followed('</1/0>,</3/0>')).toEqual({ objects: [], paths: [] });
    expect(parseObjects(Buffer.from(''))).toEqual({ ok: true, value: [] });
  });

  it('Object 5 listed alone has its single instance; Object 9 has the instances listed, and may have none yet', () => {
    expect(followed('</3/0>,</5>;ver=1.1,</9>')).toEqual({ objects: [5, 9], paths: ['/5/0'] });
    expect(followed('</9>,</9/0>,</9/3>,</5/0>')).toEqual({
      objects: [5, 9],
      paths: ['/9/0', '/9/3', '/5/0'],
    });
    expect(followed('</lwm2m>;rt="oma.lwm2m",</lwm2m/9/2>,</9/7>')).toEqual({
      objects: [9],
      paths: ['/9/2'],
    });
  });

  it('follows at most MAX_FOLLOWED_INSTANCES instances, whatever a device lists', () => {
    const many = Array.from({ length: 500 }, (_, i) => `</9/${i}>`).join(',');
    expect(followed(many).paths).toHaveLength(32);
  });
});
