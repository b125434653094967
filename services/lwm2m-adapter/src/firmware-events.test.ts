import { describe, expect, it } from 'vitest';
import { firmwareChanges } from './firmware-events.ts';

const device = { id: 'urn:dev:1' };

describe('firmwareChanges', () => {
  it('reports a changed State with the previous one, and nothing for an unchanged value', () => {
    expect(firmwareChanges({ state: 0 }, { state: 1 }, device, undefined)).toEqual([
      { device, operationType: 'firmware_update', code: 'state/1', previousCode: 'state/0' },
    ]);
    expect(firmwareChanges({ state: 2, result: 0 }, { state: 2, result: 0 }, device, undefined)).toEqual([]);
  });

  it('a first value has no previous code', () => {
    expect(firmwareChanges({}, { result: 1 }, device, undefined)).toEqual([
      { device, operationType: 'firmware_update', code: '1' },
    ]);
  });

  it('Downloading → Updating also yields the missed Downloaded, inferred, before the reported value', () => {
    const results = firmwareChanges({ state: 1 }, { state: 3 }, device, undefined);
    expect(results.map((r) => [r.code, r.previousCode, r.inferred ?? false])).toEqual([
      ['state/2', 'state/1', true],
      ['state/3', 'state/1', false],
    ]);
  });

  it('no rule, no inference: Updating → Downloading is reported as it is', () => {
    expect(firmwareChanges({ state: 3 }, { state: 1 }, device, undefined).map((r) => r.inferred)).toEqual([
      undefined,
    ]);
  });

  it('State before Update Result, and the package only when something is known about it', () => {
    const pkg = { name: 'fw', version: '2.0' };
    const results = firmwareChanges({ state: 3, result: 0 }, { state: 0, result: 1 }, device, pkg);
    expect(results.map((r) => r.code)).toEqual(['state/0', '1']);
    expect(results.every((r) => r.package === pkg)).toBe(true);
    expect(firmwareChanges({}, { state: 1 }, device, {})[0]).not.toHaveProperty('package');
  });
});
