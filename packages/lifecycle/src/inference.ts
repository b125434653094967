import { type Outcome, outcomeId } from '@rosetta/outcome-schema';
import type { InferenceRule, LifecycleRules } from './rules.ts';
import type { UpdateState } from './update-state.ts';

/** The rules of rules/lifecycle.json that apply to a report, in table order. */
export interface Inferences {
  /** The first matching rule that infers a result. */
  infer?: InferenceRule & { infer: NonNullable<InferenceRule['infer']> };
  /** Every matching rule that flags the update. */
  flags: InferenceRule[];
}

const appliesTo = (rule: InferenceRule, vocabulary: string) =>
  rule.vocabularies.includes('*') || rule.vocabularies.includes(vocabulary);

/** The last report the device itself sent (inferred and late transitions skipped). */
const lastReported = (state: UpdateState) => state.history.findLast((t) => !t.inferred && !t.late)?.report;

function holds(
  rule: InferenceRule,
  previous: UpdateState | undefined,
  open: boolean,
  outcome: Outcome,
): boolean {
  const { when } = rule;
  if (when.openAfter) {
    const last = previous && open ? lastReported(previous) : undefined;
    if (!last || !when.openAfter.includes(last.sourceCode)) return false;
  }
  if (when.reported && !when.reported.includes(outcome.source.code)) return false;
  if (when.reportedStatus && !when.reportedStatus.includes(outcome.outcome.status)) return false;
  if (when.firmwareUnchanged) {
    const atStart = previous?.firmwareAtStart;
    if (atStart === undefined || outcome.device.firmwareVersion !== atStart) return false;
    if (outcome.operation.package?.version === atStart) return false; // it was already there: nothing to change
  }
  return true;
}

/** Which inference rules a report triggers, given the update's state before it (`open`: not finished). */
export function inferencesFor(
  rules: LifecycleRules,
  previous: UpdateState | undefined,
  open: boolean,
  outcome: Outcome,
): Inferences {
  const matching = rules.inference.rules.filter(
    (rule) => appliesTo(rule, outcome.source.protocol) && holds(rule, previous, open, outcome),
  );
  const infer = matching.find(
    (rule): rule is Inferences['infer'] & InferenceRule => rule.infer !== undefined,
  );
  return { ...(infer ? { infer } : {}), flags: matching.filter((rule) => rule.flag !== undefined) };
}

/** The id of the outcome an inference rule adds after a report: the same wherever and however often it is applied. */
export function inferredOutcomeId(key: string, reportId: string, rule: string): string {
  return outcomeId(['lifecycle', key, reportId, rule]);
}
