import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogFn } from './logger.ts';

describe('createLogFn', () => {
  it('writes pino JSON lines with the service, a numeric level and the fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogFn('lwm2m-adapter', sink);
    log({ level: 'warn', msg: 'undecodable notification', device: 'urn:imei:1', tenant: 'acme' });
    log({ msg: 'no level given' });
    log({ level: 'debug', msg: 'below the default threshold' });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({
      level: 40,
      service: 'lwm2m-adapter',
      msg: 'undecodable notification',
      device: 'urn:imei:1',
      tenant: 'acme',
    });
    expect(typeof parsed[0]?.time).toBe('number');
    expect(parsed[1]).toMatchObject({ level: 30, msg: 'no level given' });
  });
});
