import { codeKey, inferenceFor } from '@rosetta/mappings';
import type { RawResult } from '@rosetta/raw-record';

export interface FirmwareSnapshot {
  state?: number;
  result?: number;
}

const stateKey = (state: number) => codeKey('lwm2m-fw', 'state', state);
const resultKey = (result: number) => codeKey('lwm2m-fw', 'update-result', result);

/**
 * Pure: a State (/5/0/3) or Update Result (/5/0/5) value → the raw results it means, with the previous value so a
 * final result is recognisable. A transition an inference rule names (packages/mappings/inference, e.g. Downloading
 * straight to Updating) also yields the results it implies were missed, marked inferred.
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
    const code = stateKey(next.state);
    const previousCode = previous.state === undefined ? undefined : stateKey(previous.state);
    if (previousCode !== undefined) {
      let before = previousCode;
      for (const missed of inferenceFor('lwm2m-fw', previousCode, code)?.infer ?? []) {
        out.push({ ...base, code: missed, previousCode: before, inferred: true });
        before = missed;
      }
    }
    out.push({ ...base, code, ...(previousCode === undefined ? {} : { previousCode }) });
  }
  if (next.result !== undefined && next.result !== previous.result) {
    out.push({
      ...base,
      code: resultKey(next.result),
      ...(previous.result === undefined ? {} : { previousCode: resultKey(previous.result) }),
    });
  }
  return out;
}
