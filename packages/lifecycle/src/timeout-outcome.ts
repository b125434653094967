import type { CanonicalCode } from '@rosetta/mappings';
import type { Outcome } from '@rosetta/outcome-schema';
import type { UpdateState } from './update-state.ts';

const CORRELATION_FIELDS = new Set(['correlator', 'jobId', 'campaignId', 'eventId']);

/** The operation an update names: its correlation (`jobId:42`) or package version (`package:2.1.0`) back in place. */
function operationOf(state: UpdateState): Outcome['operation'] {
  const at = state.update.indexOf(':');
  const [field, value] = [state.update.slice(0, at), state.update.slice(at + 1)];
  return {
    type: state.operation,
    stage: state.stage,
    ...(CORRELATION_FIELDS.has(field) ? { correlation: { [field]: value } } : {}),
    ...(field === 'package' ? { package: { version: value } } : {}),
  };
}

/**
 * The outcome a timed-out update publishes on rosetta.outcomes.v1 (`timedOut`: the state `overdue` returned): the
 * canonical row of UPDATE_TIMED_OUT, inferred by the deadline's rule, at the deadline, naming the last code the device
 * reported. Pure; `receivedAt` is when Rosetta noticed.
 */
export function timedOutOutcome(
  timedOut: UpdateState,
  canonical: CanonicalCode,
  rulesVersion: string,
  receivedAt: string,
): Outcome {
  const fired = timedOut.history.at(-1);
  const rule = fired?.inferred ?? 'deadline';
  const stuckAt =
    timedOut.history.findLast((t) => !t.inferred)?.report.sourceCode ?? timedOut.last.sourceCode;
  return {
    schemaVersion: '1.0',
    id: timedOut.last.outcomeId ?? '',
    tenant: timedOut.tenant,
    device: { id: timedOut.device },
    operation: operationOf(timedOut),
    outcome: {
      code: canonical.code,
      status: canonical.status,
      category: canonical.category,
      retryable: canonical.retryable,
      final: canonical.final,
      summary: canonical.summary,
    },
    source: {
      protocol: timedOut.vocabulary,
      code: stuckAt,
      description: `no report in stage ${timedOut.stage} before ${timedOut.last.occurredAt} (${rule})`,
    },
    mapping: { table: 'LIFECYCLE_RULES', version: rulesVersion, fidelity: 'exact' },
    occurredAt: timedOut.last.occurredAt,
    receivedAt,
    inferred: true,
    inferredBy: rule,
  };
}
