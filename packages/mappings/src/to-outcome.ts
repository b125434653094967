import type { Device, Operation, Outcome } from '@rosetta/outcome-schema';
import { resultOutcomeId } from '@rosetta/raw-record';
import type { Translation } from './types.ts';

export interface OutcomeContext {
  tenant: string;
  device: Device;
  /** Identifies the source record (an event id, or a hash of the received message); with `index` it makes the id. */
  recordId: string;
  /** Position of this result inside its record (a SyncML message can carry several alerts). */
  index?: number;
  occurredAt?: string;
  receivedAt: string;
  correlation?: Operation['correlation'];
  package?: Operation['package'];
  /** Overrides the table's operation type when the source says what was done (e.g. SCOMO vs FUMO). */
  operationType?: Operation['type'];
  previousCode?: string;
  inferred?: boolean;
  traceparent?: string;
}

/** Assembles a canonical outcome from a translation and what the source record says about the device. */
export function toOutcome(translation: Translation, context: OutcomeContext): Outcome {
  const operation: Operation = {
    type: context.operationType ?? translation.operation,
    stage: translation.stage,
  };
  if (context.correlation && Object.keys(context.correlation).length > 0)
    operation.correlation = context.correlation;
  if (context.package && Object.keys(context.package).length > 0) operation.package = context.package;
  const outcome: Outcome = {
    schemaVersion: '1.0',
    id: resultOutcomeId(
      { vocabulary: translation.vocabulary, tenant: context.tenant, recordId: context.recordId },
      context.device.id,
      context.index ?? 0,
    ),
    tenant: context.tenant,
    device: context.device,
    operation,
    outcome: { ...translation.outcome },
    source: {
      protocol: translation.vocabulary,
      code: translation.code,
      description: translation.description,
      ...(context.previousCode === undefined ? {} : { previousCode: context.previousCode }),
    },
    mapping: {
      table: translation.table,
      version: translation.version,
      fidelity: translation.fidelity,
      ...(translation.profile ? { profile: translation.profile } : {}),
    },
    occurredAt: context.occurredAt ?? context.receivedAt,
    receivedAt: context.receivedAt,
  };
  if (context.inferred) outcome.inferred = true;
  if (context.traceparent) outcome.traceparent = context.traceparent;
  return outcome;
}
