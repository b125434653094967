import type { RawResult } from '@rosetta/raw-record';

export interface FirmwareSnapshot {
  state?: number;
  result?: number;
}

/**
 * Pure: a State (/5/0/3) or Update Result (/5/0/5) value → the raw results it means, with the previous value so a
 * final result is recognisable. A jump from Downloading (1) straight to Updating (3) means Downloaded (2) was missed:
 * it is emitted too, marked inferred.
 */
export function firmwareChanges(
  previous: FirmwareSnapshot,
  next: FirmwareSnapshot,
  device: RawResult['device'],
  pkg: RawResult['package'],
): RawResult[] {
  const out: RawResult[] = [];
  const base = {
    device,
    operationType: 'firmware_update' as const,
    ...(pkg && Object.keys(pkg).length ? { package: pkg } : {}),
  };
  if (next.state !== undefined && next.state !== previous.state) {
    if (previous.state === 1 && next.state === 3)
      out.push({ ...base, code: 'state/2', previousCode: 'state/1', inferred: true });
    out.push({
      ...base,
      code: `state/${next.state}`,
      ...(previous.state === undefined ? {} : { previousCode: `state/${previous.state}` }),
    });
  }
  if (next.result !== undefined && next.result !== previous.result) {
    out.push({
      ...base,
      code: String(next.result),
      ...(previous.result === undefined ? {} : { previousCode: String(previous.result) }),
    });
  }
  return out;
}
