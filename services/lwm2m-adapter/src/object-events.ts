import { codeKey, inferenceFor } from '@rosetta/mappings';
import type { RawResult } from '@rosetta/raw-record';
import type { EnumerationKind, FollowedObject } from './followed-objects.ts';

export type InstanceValues = Partial<Record<EnumerationKind, number>>;

/**
 * Pure: the enumeration values of one instance (State, Update Result, Activation State …), before and after a
 * report → the raw results they mean, each with its previous value so a final result is recognisable. A transition
 * an inference rule names (packages/mappings/inference, e.g. Downloading straight to Updating) also yields the
 * results it implies were missed, marked inferred.
 */
export function instanceChanges(
  spec: FollowedObject,
  previous: InstanceValues,
  next: InstanceValues,
  context: Pick<RawResult, 'device' | 'package' | 'occurredAt'>,
): RawResult[] {
  const out: RawResult[] = [];
  const { device, package: pkg, occurredAt } = context;
  const base = {
    device,
    operationType: spec.operationType,
    ...(pkg && Object.keys(pkg).length ? { package: pkg } : {}),
    ...(occurredAt ? { occurredAt } : {}),
  };
  for (const [, kind] of spec.enumerations) {
    const value = next[kind];
    const before = previous[kind];
    if (value === undefined || value === before) continue;
    const code = codeKey(spec.vocabulary, kind, value);
    const previousCode = before === undefined ? undefined : codeKey(spec.vocabulary, kind, before);
    if (previousCode === undefined) {
      out.push({ ...base, code });
      continue;
    }
    let last = previousCode;
    for (const missed of inferenceFor(spec.vocabulary, previousCode, code)?.infer ?? []) {
      out.push({ ...base, code: missed, previousCode: last, inferred: true });
      last = missed;
    }
    out.push({ ...base, code, previousCode });
  }
  return out;
}
