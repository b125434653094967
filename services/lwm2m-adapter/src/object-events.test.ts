import { describe, expect, it } from 'vitest';
import { FOLLOWED_OBJECTS } from './followed-objects.ts';
import { type InstanceValues, instanceChanges } from './object-events.ts';

const device = { id: 'urn:dev:1' };
const [firmware, software] = FOLLOWED_OBJECTS;
if (!firmware || !software) throw new Error('Objects 5 and 9 are followed');
const firmwareChanges = (
  previous: InstanceValues,
  next: InstanceValues,
  _device: typeof device,
  pkg: { name?: string; version?: string } | undefined,
) => instanceChanges(firmware, previous, next, { device, ...(pkg ? { package: pkg } : {}) });

describe('instanceChanges', () => {
  it('reports a changed State with the previous one, and nothing for an unchanged value', () => {
    expect(firmwareChanges({ state: 0 }, { state: 1 }, device, undefined)).toEqual([
      { device, operationType: 'firmware_update', code: 'state/1', previousCode: 'state/0' },
    ]);
    expect(
      firmwareChanges({ state: 2, 'update-result': 0 }, { state: 2, 'update-result': 0 }, device, undefined),
    ).toEqual([]);
  });

  it('a first value has no previous code', () => {
    expect(firmwareChanges({}, { 'update-result': 1 }, device, undefined)).toEqual([
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
    const results = firmwareChanges(
      { state: 3, 'update-result': 0 },
      { state: 0, 'update-result': 1 },
      device,
      pkg,
    );
    expect(results.map((r) => r.code)).toEqual(['state/0', '1']);
    expect(results.every((r) => r.package === pkg)).toBe(true);
    expect(firmwareChanges({}, { state: 1 }, device, {})[0]).not.toHaveProperty('package');
  });

  it('Object 9: Update State, Update Result and Activation State in lwm2m-sw, as software_install, with the time', () => {
    const occurredAt = '2026-12-05T10:00:00.000Z';
    const pkg = { name: 'navigation', version: '4.2' };
    const results = instanceChanges(
      software,
      { state: 3, 'update-result': 0, activation: 0 },
      { state: 3, 'update-result': 58, activation: 0 },
      { device, package: pkg, occurredAt },
    );
    expect(results).toEqual([
      { device, operationType: 'software_install', package: pkg, occurredAt, code: '58', previousCode: '0' },
    ]);
    expect(instanceChanges(software, {}, { state: 4, activation: 1 }, { device }).map((r) => r.code)).toEqual(
      ['state/4', 'activation/1'],
    );
  });
});
