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
 * The outcome an inferred transition publishes on rosetta.outcomes.v1 (`state`: the state whose last transition was
 * inferred): the canonical row of the inferred code, marked inferred by the transition's rule, at the transition's
 * time, naming the last code the device itself reported. Pure; `receivedAt` is when Rosetta noticed.
 */
export function inferredOutcome(
  state: UpdateState,
  canonical: CanonicalCode,
  rulesVersion: string,
  receivedAt: string,
  description: string,
): Outcome {
  const rule = state.history.at(-1)?.inferred ?? 'lifecycle';
  const reported = state.history.findLast((t) => !t.inferred)?.report.sourceCode ?? state.last.sourceCode;
  return {
    schemaVersion: '1.0',
    id: state.last.outcomeId ?? '',
    tenant: state.tenant,
    device: { id: state.device },
    operation: operationOf(state),
    outcome: {
      code: canonical.code,
      status: canonical.status,
      category: canonical.category,
      retryable: canonical.retryable,
      final: canonical.final,
      summary: canonical.summary,
    },
    source: { protocol: state.vocabulary, code: reported, description },
    mapping: { table: 'LIFECYCLE_RULES', version: rulesVersion, fidelity: 'exact' },
    occurredAt: state.last.occurredAt,
    receivedAt,
    inferred: true,
    inferredBy: rule,
  };
}

/** The outcome a timed-out update (the state `overdue` returned) publishes: UPDATE_TIMED_OUT at the deadline. */
export function timedOutOutcome(
  timedOut: UpdateState,
  canonical: CanonicalCode,
  rulesVersion: string,
  receivedAt: string,
): Outcome {
  const rule = timedOut.history.at(-1)?.inferred ?? 'deadline';
  return inferredOutcome(
    timedOut,
    canonical,
    rulesVersion,
    receivedAt,
    `no report in stage ${timedOut.stage} before ${timedOut.last.occurredAt} (${rule})`,
  );
}
